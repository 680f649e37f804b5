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
/**
 * Where trtllm-serve's MODEL directory is mounted: `<SERVED_MODEL_DIR>/<deployment name>`.
 * trtllm-serve names the served model after MODEL's last path component when MODEL is a
 * directory (tensorrt_llm/serve/openai_server.py, `self.model = model_dir.name`), so clients see
 * the deployment name in /v1/models and in every answer instead of `engine`.
 */
export const SERVED_MODEL_DIR = '/trtforge/served';
