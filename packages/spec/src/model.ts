import type { BenchOptions } from './bench.js';
import type { BuildOptions } from './build.js';
import type { ConvertOptions } from './convert.js';
import type { KubernetesOptions } from './kubernetes.js';
import type { ParallelismOptions } from './parallelism.js';
import type { QuantizationOptions } from './quantization.js';
import type { RuntimeOptions } from './runtime.js';
import type { ServeOptions } from './serve.js';
import type { SourceOptions } from './source.js';
import type { TritonOptions } from './triton.js';

/**
 * One LLM deployment on Triton + TensorRT-LLM: `models/<name>/model.ts` exports `defineModel({...})`.
 * Intent switches (`streaming`, `prefixCaching`, `context`) set every dependent low-level field at
 * once; a low-level field set explicitly must agree with them.
 */
export interface ModelSpec {
  /**
   * Deployment name: equals the folder under models/, the workspace package name and generated/<name>.
   * @pattern ^[a-z0-9][a-z0-9._-]*$
   * @maxLength 64
   */
  name: string;
  /** Weights and tokenizer. */
  source: SourceOptions;
  /** Container image and NVIDIA versions. */
  runtime?: RuntimeOptions;
  /** Tensor/pipeline parallelism and the GPUs used. */
  parallelism?: ParallelismOptions;
  /**
   * Stream tokens as they are generated: sets `triton.decoupled` (tensorrt_llm and tensorrt_llm_bls).
   * @default false
   */
  streaming?: boolean;
  /**
   * Reuse KV cache across requests that share a prefix: sets `build.plugins.usePagedContextFmha`
   * and `triton.kvCache.enableReuse`.
   */
  prefixCaching?: boolean;
  /** One context-length budget from which the engine's length limits are derived. */
  context?: ContextBudget;
  /** HF → TRT-LLM checkpoint. */
  convert?: ConvertOptions;
  /** FP8 / INT4-AWQ with NVIDIA ModelOpt (`quantize.py` replaces the convert step). */
  quantization?: QuantizationOptions;
  /** Checkpoint → engine. */
  build?: BuildOptions;
  /** The Triton model repository. */
  triton?: TritonOptions;
  /** Serving. */
  serve?: ServeOptions;
  /** The genai-perf load test of the served model (`trtforge bench`). */
  bench?: BenchOptions;
  /** Lint configuration. */
  lints?: LintOptions;
  /** Kubernetes manifests (`generated/<name>/k8s/`) and `trtforge deploy`. */
  kubernetes?: KubernetesOptions;
}

/**
 * Token budget per request: derives build.maxInputLen = maxInputTokens,
 * build.maxSeqLen = maxInputTokens + maxOutputTokens and (unless set) build.maxNumTokens.
 */
export interface ContextBudget {
  /**
   * Longest prompt, in tokens.
   * @minimum 1
   * @asType integer
   */
  maxInputTokens: number;
  /**
   * Most generated tokens per request.
   * @minimum 1
   * @asType integer
   */
  maxOutputTokens: number;
}

export interface LintOptions {
  /**
   * Rules turned off for this spec, each with the reason (reviewed like code).
   * @example { "TRT012": "benchmark of the seed's exact settings" }
   */
  silence?: Record<string, string>;
}
