import { DEFAULTS, type ModelSpec } from '@trtforge/spec';
import { releaseImage } from '../backend/release-catalogue.js';
import { deepMerge, getPath, setPath, type Json } from '../object-path.js';
import type { ResolvedModelSpec } from './resolved.js';

// Callers throughout emit and lints read spec fields through here.
export { getPath };

/** The seed's genai-perf lengths (synthetic input / output tokens). */
const BENCH_TOKENS = { input: 200, output: 100 } as const;

/**
 * Applies defaults in one place: first the static DEFAULTS (the same values the JSDoc `@default`
 * tags document), then the intent switches, then the derived defaults. Conflicts between an intent
 * and an explicit low-level field are left for the lints to report, so resolve never throws.
 */
export function resolve(raw: ModelSpec): ResolvedModelSpec {
  const spec = deepMerge(DEFAULTS as unknown as Json, structuredClone(raw) as unknown as Json) as Json;
  const get = <T>(path: string): T | undefined => getPath(spec, path) as T | undefined;
  // Derived values fill what the user did not write — even where a static default stands, since
  // an intent (`context`, `prefixCaching`) outranks the tool default it replaces.
  const setDefault = (path: string, value: unknown) => {
    if (getPath(raw, path) === undefined && value !== undefined) setPath(spec, path, value);
  };

  setDefault('source.tokenizerDir', get('source.modelDir'));
  // The image follows the release (versions.json), so setting only backendVersion picks its image.
  setDefault('runtime.image', releaseImage(get('runtime.backendVersion')!));

  // Intent switches fill the low-level fields they own (TRT107–TRT109 report disagreements).
  setDefault('triton.decoupled', get<boolean>('streaming') ?? false);
  const prefix = get<boolean>('prefixCaching');
  if (prefix !== undefined) {
    if (prefix) setDefault('build.plugins.usePagedContextFmha', true);
    setDefault('triton.kvCache.enableReuse', prefix);
  }
  const budget = get<{ maxInputTokens: number; maxOutputTokens: number }>('context');
  if (budget) {
    const block = get<number>('build.tokensPerBlock') ?? DEFAULTS.build.tokensPerBlock;
    setDefault('build.maxInputLen', budget.maxInputTokens);
    setDefault('build.maxSeqLen', budget.maxInputTokens + budget.maxOutputTokens);
    // A whole prompt must fit in one engine step unless chunked context is on; keep it a
    // multiple of the KV block size (TRT-LLM asserts maxNumTokens % tokensPerBlock == 0).
    // The tool default (8192) is kept when it fits, rounded up when the block size does not divide it.
    const roundUp = (n: number) => Math.ceil(n / block) * block;
    const needed = Math.max(roundUp(budget.maxInputTokens), roundUp(DEFAULTS.build.maxNumTokens));
    if (needed !== DEFAULTS.build.maxNumTokens) setDefault('build.maxNumTokens', needed);
  }

  const tp = get<number>('parallelism.tp')!;
  const pp = get<number>('parallelism.pp')!;
  setDefault('parallelism.gpuIds', Array.from({ length: tp * pp }, (_, i) => i));
  setPath(spec, 'parallelism.worldSize', tp * pp);
  // NVIDIA's docs write gpu_device_ids as host GPU ids; the steps see parallelism.gpuIds
  // renumbered from 0, so host ids that are exactly those GPUs become their logical ids (TRT143 warns).
  const gpuIds = get<number[]>('parallelism.gpuIds')!;
  const deviceIds = get<number[]>('triton.gpuDeviceIds');
  if (deviceIds && deviceIds.some((id) => id >= gpuIds.length) && deviceIds.every((id) => gpuIds.includes(id))) {
    setPath(spec, 'triton.gpuDeviceIds', deviceIds.map((id) => gpuIds.indexOf(id)));
  }

  setDefault('triton.maxBatchSize', get('build.maxBatchSize'));
  const tritonBatch = get<number>('triton.maxBatchSize');
  for (const model of ['preprocessing', 'postprocessing', 'bls']) setDefault(`triton.instances.${model}`, tritonBatch);

  // One request per batch slot of the server that schedules them; the seed's 200 → 100 tokens,
  // shortened to what the engine takes (an unset bench never contradicts the engine).
  setDefault('bench.concurrency', get('serve.mode') === 'trtllm-serve' ? get('build.maxBatchSize') : tritonBatch);
  const inputTokens = Math.min(BENCH_TOKENS.input, get<number>('build.maxInputLen')!);
  setDefault('bench.inputTokens', inputTokens);
  const maxSeqLen = get<number>('build.maxSeqLen');
  const room = maxSeqLen === undefined ? BENCH_TOKENS.output : maxSeqLen - (get<number>('bench.inputTokens') ?? inputTokens);
  setDefault('bench.outputTokens', Math.max(1, Math.min(BENCH_TOKENS.output, room)));

  setDefault('lints.silence', {});
  // Quantization defaults mean something only under a `quantization` section.
  if (raw.quantization === undefined) delete spec.quantization;
  spec.raw = raw;
  return spec as unknown as ResolvedModelSpec;
}
