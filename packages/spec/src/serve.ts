/** How the deployment is served. */
export interface ServeOptions {
  /**
   * Which server runs the model:
   * - "triton": tritonserver on the generated inflight_batcher_llm repository (KServe v2 generate);
   * - "trtllm-serve": TensorRT-LLM's OpenAI-compatible server on the built engine;
   * - "openai": Triton's OpenAI-compatible frontend on the generated repository.
   * @default "triton"
   */
  mode?: 'triton' | 'trtllm-serve' | 'openai';
  /**
   * Address the server binds. Anything other than loopback exposes the model to the network.
   * @default "127.0.0.1"
   * @pattern ^[0-9A-Za-z.:\-\[\]]+$
   */
  host?: string;
  /**
   * Confirms that a wildcard `host` (`0.0.0.0`, `::`) is meant: the serve containers use host
   * networking, so the model then answers on every interface of the machine, unauthenticated.
   * Without it a wildcard host is an error (TRT171). Unset means not confirmed.
   */
  exposeOnAllInterfaces?: boolean;
  /** Ports, by role. */
  ports?: ServePorts;
  /**
   * What trtllm-serve loads: the built engine, the TRT-LLM checkpoint, or the HF directory (it then builds itself).
   * @default "engine"
   */
  trtllmServeFrom?: 'engine' | 'checkpoint' | 'hf';
  /**
   * Model the OpenAI frontend's clients address.
   * @default "tensorrt_llm_bls"
   */
  openaiModel?: 'tensorrt_llm_bls' | 'ensemble';
}

export interface ServePorts {
  /**
   * HTTP port (tritonserver KServe HTTP; trtllm-serve's only port).
   * @default 8000
   * @minimum 1
   * @maximum 65535
   * @asType integer
   */
  http?: number;
  /**
   * gRPC port (tritonserver).
   * @default 8001
   * @minimum 1
   * @maximum 65535
   * @asType integer
   */
  grpc?: number;
  /**
   * Metrics port (tritonserver).
   * @default 8002
   * @minimum 1
   * @maximum 65535
   * @asType integer
   */
  metrics?: number;
  /**
   * OpenAI frontend port.
   * @default 9000
   * @minimum 1
   * @maximum 65535
   * @asType integer
   */
  openai?: number;
}
