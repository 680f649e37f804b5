/** The container image and the NVIDIA versions it pins. */
export interface RuntimeOptions {
  /**
   * Container image every step runs in (convert, build and serve use the same image, so the engine
   * always matches the runtime that loads it).
   * @default runtime.backendVersion release's image (packages/compiler/data/versions.json)
   * @minLength 1
   */
  image?: string;
  /**
   * tensorrtllm_backend release the model repository is generated for. Selects the template data,
   * the flag tables and the TRT-LLM / Triton versions (see the compatibility table in the compiler).
   * @default "0.17.0"
   */
  backendVersion?: BackendVersion;
  /** Paths inside the container. Change them only to match an existing layout. */
  paths?: ContainerPaths;
}

/** tensorrtllm_backend releases trtforge has data for. */
export type BackendVersion = '0.16.0' | '0.17.0' | '0.18.2' | '0.19.0';

/** Absolute paths inside the container where trtforge mounts things. */
export interface ContainerPaths {
  /**
   * Where `source.modelDir` is mounted (read-only).
   * @default "/trtforge/hf"
   * @pattern ^/[^\0]*$
   */
  modelDir?: string;
  /**
   * Where `source.tokenizerDir` is mounted (read-only); written into pre/postprocessing `tokenizer_dir`.
   * @default "/trtforge/tokenizer"
   * @pattern ^/[^\0]*$
   */
  tokenizerDir?: string;
  /**
   * Where the TRT-LLM checkpoint is mounted for the build step.
   * @default "/trtforge/checkpoint"
   * @pattern ^/[^\0]*$
   */
  checkpointDir?: string;
  /**
   * Where the engine is mounted for serving; written into tensorrt_llm `gpt_model_path` and preprocessing `gpt_model_path`.
   * @default "/trtforge/engine"
   * @pattern ^/[^\0]*$
   */
  engineDir?: string;
  /**
   * Where the assembled Triton model repository is mounted.
   * @default "/trtforge/model_repo"
   * @pattern ^/[^\0]*$
   */
  modelRepo?: string;
}
