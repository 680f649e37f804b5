/**
 * The shape of `generated/<name>/plan.json`: what the compiler promises the runner.
 *
 * Every path inside an argv is a *container* path; host paths only appear as symbolic mount
 * sources that the runner resolves at run time (spec inputs, content-addressed store entries,
 * NVIDIA source checkouts). That keeps generated/ free of host-specific absolute paths and
 * lets the same plan run under docker, podman or `local`.
 */

/** Bumped whenever the plan's shape changes incompatibly. */
export const PLAN_FORMAT_VERSION = 1 as const;

/** Where a mount's host side comes from; resolved by the runner. */
export type MountSource =
  /** A host path from the spec (`source.modelDir`, `source.tokenizerDir`). */
  | { kind: 'input'; name: 'modelDir' | 'tokenizerDir' | 'calibDataset' }
  /** The store entry produced by an earlier step of this plan. */
  | { kind: 'step'; step: 'convert' | 'build' }
  /** This step's own output directory (a temp dir renamed into the store on success). */
  | { kind: 'output' }
  /** A checkout of NVIDIA sources pinned to the plan's versions (see {@link Plan.sources}). */
  | { kind: 'source'; name: keyof PlanSources }
  /** The model repository assembled by the runner before `serve`. */
  | { kind: 'modelRepo' };

export interface PlanMount {
  source: MountSource;
  /** Absolute path inside the container. */
  target: string;
  readOnly: boolean;
}

/** One process the runner starts, inside the image (or on the host for runtime `local`). */
export interface PlanStep {
  /** `quantize`: quantize.py writes the checkpoint instead of convert_checkpoint.py (it still fills `steps.convert`). */
  id: 'convert' | 'quantize' | 'build' | 'serve' | 'bench';
  /** Human summary, one line. */
  title: string;
  image: string;
  workdir: string;
  mounts: PlanMount[];
  /** Non-secret environment for the process. */
  env: Record<string, string>;
  /** Names of host env vars passed through by name only (secrets such as HF_TOKEN); values never enter the plan. */
  passEnv: string[];
  /** The exact argv; argv[0] is the program. Never joined into a shell string. */
  argv: string[];
  /** GPUs the process needs: host GPU ids (CUDA_VISIBLE_DEVICES is already in env), or none. */
  gpus: number[] | 'none';
  /** Container path the step writes its result to (mounted from {@link MountSource} `output`). */
  outputDir?: string;
  /**
   * What determines this step's output, as known at compile time. The runner adds what only the
   * host knows (image digest, weights hashes, GPU compute capability) and hashes the union.
   * Absent for `serve`, whose inputs never enter a build key.
   */
  cacheKey?: Record<string, unknown>;
}

export interface ServeStep extends PlanStep {
  id: 'serve';
  mode: ServeModeName;
  /** Address the server binds; 127.0.0.1 unless the spec says otherwise. */
  host: string;
  /** Ports the server listens on, by role. */
  ports: Partial<Record<'http' | 'grpc' | 'metrics' | 'openai', number>>;
  /** Readiness probe: GET http://host:port{path} must answer 200. */
  ready: { port: number; path: string };
  /** The model clients address: the Triton model (`ensemble`) or the OpenAI `model` field. */
  model: string;
  /** Client-facing endpoints, for printing and for `trtforge infer` (only those the deployment answers). */
  endpoints: Array<{ kind: 'generate' | 'generate_stream' | 'chat' | 'completions'; url: string }>;
}

export type ServeModeName = 'triton' | 'trtllm-serve' | 'openai';

/**
 * genai-perf against one serve mode (`trtforge bench`). It runs in Triton's SDK image on the host
 * network once the server answers its readiness probe; no GPU.
 */
export interface BenchStep extends PlanStep {
  id: 'bench';
  mode: ServeModeName;
  /** genai-perf's summary inside {@link PlanStep.outputDir} (`<stem of --profile-export-file>_genai_perf.json`). */
  summary: string;
}

/** A pinned checkout of NVIDIA sources (never vendored into this repo). */
export interface PlanSource {
  repo: string;
  /** Git tag or commit. */
  ref: string;
  /** Paths inside the checkout the plan uses. */
  paths: string[];
}

export interface PlanSources {
  tensorrtllm: PlanSource;
  backend: PlanSource;
  server: PlanSource;
}

/** How the runner turns generated/<name>/triton_model_repo into a servable repository. */
export interface PlanAssemble {
  /** Relative to generated/<name>/. */
  configs: string;
  /** Files copied from the backend checkout: `from` is relative to the checkout, `to` to the repository. */
  copy: Array<{ from: string; to: string }>;
  /** Empty version directories Triton requires (e.g. ensemble/1). */
  mkdir: string[];
}

/** Host inputs referenced by `input` mounts, exactly as written in the spec. */
export interface PlanInputs {
  modelDir: string;
  tokenizerDir: string;
  revision?: string;
  /** `source.hfRepo`: where the weights can be downloaded from (never by trtforge itself). */
  hfRepo?: string;
  /** `quantization.calibDataset`: the calibration dataset directory the quantize step mounts (its files enter the quantize key). */
  calibDataset?: string;
}

/**
 * The command that fetches the weights into `modelDir` (PLAN.md and `trtforge doctor` print it;
 * trtforge never runs it). `<owner/name>` stands in when the spec has no `source.hfRepo`.
 */
export function downloadArgv(inputs: Pick<PlanInputs, 'hfRepo' | 'revision'>, modelDir: string): string[] {
  return ['huggingface-cli', 'download', inputs.hfRepo ?? '<owner/name>', ...(inputs.hfRepo && inputs.revision ? ['--revision', inputs.revision] : []), '--local-dir', modelDir];
}

/**
 * What the spec decides about GPU memory; `trtforge doctor` adds what only the host knows (the HF
 * config's layer/head sizes, the weight files, each GPU's memory) to estimate weights and KV cache
 * per GPU before a 20-minute build.
 */
export interface PlanSizing {
  /** Bytes per weight after conversion; null = as in the HF checkpoint (convert.dtype "auto"). */
  weightBytes: number | null;
  /** Bytes per KV cache element; null = the weights' dtype. */
  kvBytes: number | null;
  /** Requests the server schedules together (Triton max batch size; the engine's under trtllm-serve). */
  maxBatchSize: number;
  maxInputLen: number;
  /** null = from the HF config (max_position_embeddings). */
  maxSeqLen: number | null;
  /** Share of the GPU memory still free after the engine loads that the KV pool takes. */
  kvFreeGpuMemFraction: number;
  /** `max_tokens_in_paged_kv_cache`, when the spec caps the pool. */
  maxKvTokens: number | null;
  /** Scheduler policy: under guaranteed_no_evict a request reserves KV for its whole max_seq_len. */
  schedulerPolicy: string;
}

export interface Plan {
  format: typeof PLAN_FORMAT_VERSION;
  generator: string;
  /** Spec name = generated/<name>. */
  model: string;
  /** Spec file, relative to the repository root. */
  spec: string;
  image: string;
  versions: { tensorrtllm: string; backend: string; triton: string };
  sources: PlanSources;
  parallelism: { tp: number; pp: number; worldSize: number; gpuIds: number[] };
  inputs: PlanInputs;
  steps: { convert: PlanStep; build: PlanStep };
  assemble: PlanAssemble;
  serve: { selected: ServeModeName; modes: Record<ServeModeName, ServeStep> };
  /** The genai-perf load test, per serve mode. */
  bench: Record<ServeModeName, BenchStep>;
  /** Inputs of the doctor's memory estimate. */
  sizing: PlanSizing;
  /** The model family the convert step assumes, and what the runner checks in the weights' config.json before running. */
  family?: PlanFamily;
  /** Quantized weights / KV cache and what they ask of the GPUs (doctor checks it); absent when the spec does not quantize. */
  precision?: PlanPrecision;
}

/**
 * What the convert step assumes about the weights, checked against their `config.json` before any
 * step runs (the compiler cannot see the weights). Data from the family's converter table.
 */
export interface PlanFamily {
  name: string;
  /** false: the spec has no `source.family`, so the family is the default. */
  explicit: boolean;
  /** examples/<dir>/convert_checkpoint.py */
  converter: string;
  /** config.json `model_type` values and `architectures[0]` values this family's converter takes. */
  modelTypes: string[];
  architectures: string[];
  /** model_type / architecture → family over every family of this release (names the weights' family in errors). */
  known: { modelTypes: Record<string, string>; architectures: Record<string, string> };
  tp: number;
  pp: number;
  /** Which embedding dimension the converter splits across tp ranks (null: the embedding is not split). */
  embeddingSplitDim: 0 | 1 | null;
  /** Where the converter's option table was read, and whether that is the release tag's commit. */
  table: { commit: string; tag: string; exact: boolean };
  /**
   * What `modelDir` must hold for the checkpoint step (spec `source.checkpoint`): `hf` weights are
   * converted or quantized by trtforge, so a directory already quantized (one of `prequantizedFiles`
   * beside config.json, or `configField` in it) is refused; `modelopt` needs `modeloptMarker`.
   * Data: data/trtllm-<release>/weights.json. Absent in plans of releases without that file.
   */
  checkpoint?: { kind: 'hf' | 'modelopt'; prequantizedFiles: string[]; configField: string; modeloptMarker: string };
  /** config.json model_type / architectures[0] that no converter of this release takes although the family exists later (Qwen3): why, in one sentence. */
  notConverted?: { modelTypes: Record<string, string>; architectures: Record<string, string> };
}

/**
 * The engine's quantization (spec `quantization`), as far as the host must know: `trtforge doctor`
 * (and so every step's preflight) checks the GPUs' compute capability against `requirements`, and
 * for a pre-quantized checkpoint that the model directory holds one of this format.
 */
export interface PlanPrecision {
  /** quantize.py `--qformat`. */
  format: string;
  /** `auto` = the weights' dtype. */
  kvCacheDtype: string;
  /** The checkpoint's `quantization.quant_algo` (FP8, W4A16_AWQ). */
  quantAlgo: string;
  /** The checkpoint's `quantization.kv_cache_quant_algo`, null = unquantized KV cache. */
  kvCacheQuantAlgo: string | null;
  /** `quantize`: calibrated by the quantize step; `checkpoint`: `modelDir` already holds quantized weights. */
  from: 'quantize' | 'checkpoint';
  /** For `checkpoint`: the file beside config.json that says how it was quantized (hf_quant_config.json). */
  marker?: string;
  /** The release data these facts come from, and whether it was read at the release's own tag. */
  data: { file: string; repo: string; tag: string; exact: boolean };
  requirements: Array<{
    what: string;
    /** Lowest compute capability ("8.9"). */
    minComputeCapability?: string;
    /** Exactly these compute capabilities. */
    computeCapabilities?: string[];
    /** Where the limit was read. */
    why: string;
  }>;
}
