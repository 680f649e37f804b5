/** How the model is split across GPUs. tp × pp is the MPI world size and the number of GPUs. */
export interface ParallelismOptions {
  /**
   * Tensor-parallel size. Maps to convert_checkpoint.py `--tp_size`; the engine gets one rank file per GPU.
   * @default 1
   * @minimum 1
   * @asType integer
   */
  tp?: number;
  /**
   * Pipeline-parallel size. Maps to convert_checkpoint.py `--pp_size`.
   * @default 1
   * @minimum 1
   * @asType integer
   */
  pp?: number;
  /**
   * Host GPU ids to run on (becomes CUDA_VISIBLE_DEVICES). Must list exactly tp × pp distinct GPUs.
   * @default [0, …, tp×pp−1]
   */
  gpuIds?: GpuId[];
}

/**
 * @minimum 0
 * @asType integer
 */
export type GpuId = number;
