/** Where the weights and the tokenizer come from. */
export interface SourceOptions {
  /**
   * Hugging Face model directory on the host (config.json, tokenizer files, *.safetensors).
   * Mounted read-only into every step at `runtime.paths.modelDir`. Absolute, or relative to the
   * repository root. Never a Hub id: trtforge does not download weights.
   * @minLength 1
   * @example "/models/Qwen2.5-0.5B-Instruct"
   */
  modelDir: string;
  /**
   * Tokenizer directory on the host, when it is not the model directory.
   * Mounted read-only at `runtime.paths.tokenizerDir`; pre/postprocessing load it from there.
   * @default source.modelDir
   * @minLength 1
   */
  tokenizerDir?: string;
  /**
   * Weights revision (a Hugging Face commit sha or your own tag). When set it is the weights'
   * identity in the engine cache key; when absent the runner hashes config.json and the weight files.
   * @minLength 1
   */
  revision?: string;
  /**
   * The Hugging Face Hub repository the weights come from (`owner/name`). trtforge never downloads
   * (it reads `modelDir`); this names the exact `huggingface-cli download` line in PLAN.md and in
   * `trtforge doctor` when the directory is missing. Not part of any cache key: the weights'
   * identity is `revision`, or the hash of the files.
   * @pattern ^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$
   * @example "Qwen/Qwen2.5-0.5B-Instruct"
   */
  hfRepo?: string;
  /**
   * Model family: selects TensorRT-LLM's `examples/<dir>/convert_checkpoint.py` and its option table
   * (llama also converts Mistral and Mixtral, as NVIDIA's examples do). The compiler cannot see the
   * weights: when this is absent, qwen is assumed, and before anything runs the runner (and
   * `trtforge doctor`) read `config.json` (`model_type`, `architectures`) and refuse weights of
   * another family, naming both. `trtforge new --model-dir` writes it from config.json. Qwen3
   * (model_type qwen3, qwen3_moe) is converted by no release trtforge supports (data/trtllm-<release>/weights.json).
   * @default "qwen"
   */
  family?: ModelFamily;
  /**
   * What `modelDir` holds. `hf`: Hugging Face weights (16/32-bit), converted — or quantized, with a
   * `quantization` section — by trtforge. `modelopt`: weights already quantized by NVIDIA ModelOpt
   * (`hf_quant_config.json` beside config.json, e.g. `nvidia/Llama-3.1-8B-Instruct-FP8`): the
   * family's `convert_checkpoint.py` loads them as they are, and `quantization` says what they are.
   * Before anything runs the runner checks the directory against this: `modelopt` weights whose
   * hf_quant_config.json says otherwise than `quantization`, and `hf` weights that are already
   * quantized (hf_quant_config.json, quant_config.json, quantize_config.json, or config.json
   * `quantization_config`), are refused.
   * @default "hf"
   */
  checkpoint?: 'hf' | 'modelopt';
}

/**
 * Model families whose converter option table ships with trtforge for the selected TRT-LLM version
 * (`packages/compiler/data/trtllm-<version>/convert_checkpoint.<family>.json`).
 */
export type ModelFamily = 'qwen' | 'llama' | 'gemma' | 'phi';
