/**
 * Where trtforge itself puts things inside a step's container. Emit writes these into the plan;
 * the hardening lints keep spec paths from colliding with them.
 */

/** Where the pinned NVIDIA checkouts are mounted inside the container. */
export const SOURCE_MOUNTS = {
  tensorrtllm: '/trtforge/src/TensorRT-LLM',
  backend: '/trtforge/src/tensorrtllm_backend',
  server: '/trtforge/src/server',
} as const;

/** A step's output directory inside the container: a temp dir the runner renames into the store. */
export const OUTPUT_DIR = '/trtforge/out';

/** Parent of the calibration dataset's mount in the quantize step (the directory keeps its name: quantize.py looks for `cnn_dailymail` in it). */
export const CALIB_DIR = '/trtforge/calib';
