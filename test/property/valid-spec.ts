import fc from 'fast-check';
import { loadBackendData, RULES } from '@trtforge/compiler';

/**
 * Random *valid* specs: every important field of ModelSpec, drawn independently and then tied
 * together by the invariants the lints enforce (batch ≤ engine batch, instances ≥ batch when
 * streaming, max_num_tokens a multiple of the block covering the prompt, …). Warnings are silenced
 * with a reason: they are advice, and the property is "any spec the lints accept compiles".
 */

const roundUp = (n: number, step: number) => Math.ceil(n / step) * step;
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** A directory name: letters, digits, dot, dash, underscore, space (never "." or ".."). */
const segment = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._ -]{0,14}[A-Za-z0-9]$/);

/** Host paths in the three accepted forms: absolute under a data root, ~/…, or repository-relative. */
const hostPath = fc.tuple(fc.constantFrom('/models/', '/data/llm/', '~/', './weights/', './'), fc.array(segment, { minLength: 1, maxLength: 3 }))
  .map(([root, parts]) => `${root}${parts.join('/')}`);

const WARNINGS = RULES.filter((r) => r.severity === 'warning').map((r) => r.id);

/**
 * The families and what their converters take, from the converter tables (data): the --dtype
 * choices, whether pipeline parallelism and an INT8 KV cache exist (TRT180, TRT181). Absent
 * family: qwen is assumed.
 */
const CONVERTERS = loadBackendData('0.17.0').convertFlags;
const converterOf = (family: string | undefined) => CONVERTERS[family ?? 'qwen']!;
const dtypeChoices = (family: string | undefined): string[] =>
  (converterOf(family).argparse.find((o) => o.flag === '--dtype')?.choices ?? []).map(String).filter((c) => c !== 'float32');

const decisions = fc.record({
  modelDir: hostPath,
  tokenizerDir: opt(hostPath),
  revision: opt(fc.stringMatching(/^[0-9a-f]{7,40}$/)),
  family: opt(fc.constantFrom(...Object.keys(CONVERTERS))),
  dtype: fc.constantFrom('auto', 'float16', 'bfloat16'),
  tp: fc.constantFrom(1, 2, 4, 8),
  pp: fc.constantFrom(1, 2),
  gpuOffset: opt(fc.nat(8)),
  deviceIds: fc.boolean(),
  streaming: opt(fc.boolean()),
  prefixCaching: opt(fc.boolean()),
  int8KvCache: fc.boolean(),
  useContext: fc.boolean(),
  writeSeqLen: fc.boolean(),
  inputTokens: fc.integer({ min: 1, max: 32_768 }),
  outputTokens: fc.integer({ min: 1, max: 8192 }),
  engineBatch: fc.integer({ min: 1, max: 512 }),
  tritonBatchShare: opt(fc.double({ min: 0, max: 1, noNaN: true })),
  block: opt(fc.constantFrom(16, 32, 64, 128)),
  numTokensExtra: opt(fc.nat(8192)),
  chunked: opt(fc.boolean()),
  beam: fc.integer({ min: 1, max: 4 }),
  runtimeBeam: fc.boolean(),
  gemm: opt(fc.constantFrom('auto', 'float16', 'bfloat16')),
  logitsDtype: opt(fc.constantFrom('float16', 'float32')),
  instancesExtra: opt(fc.nat(6)),
  queue: opt(fc.nat(64)),
  queueDelay: opt(fc.nat(5000)),
  echo: opt(fc.boolean()),
  fraction: opt(fc.double({ min: 0.05, max: 0.95, noNaN: true })),
  kvCapFactor: opt(fc.integer({ min: 1, max: 3 })),
  policy: opt(fc.constantFrom('max_utilization', 'guaranteed_no_evict')),
  decoding: opt(fc.constantFrom('top_k', 'top_p', 'top_k_top_p')),
  skipSpecial: opt(fc.constant(true)),
  addSpecial: opt(fc.boolean()),
  cudaGraph: opt(fc.boolean()),
  batching: opt(fc.constantFrom('inflight_fused_batching', 'inflight_batching')),
  mode: fc.constantFrom('triton', 'openai', 'trtllm-serve'),
  from: fc.constantFrom('engine', 'checkpoint', 'hf'),
  host: opt(fc.constantFrom('127.0.0.1', '0.0.0.0', '::1', 'localhost')),
  // Not the default gRPC / metrics ports (TRT145).
  http: opt(fc.integer({ min: 1024, max: 65_535 }).filter((p) => p !== 8001 && p !== 8002)),
  pathTag: opt(fc.stringMatching(/^[a-z0-9]{1,8}$/)),
});

type Decisions = typeof decisions extends fc.Arbitrary<infer D> ? D : never;

/** Decisions → a spec (without name) that every error rule accepts. */
function toSpec(d0: Decisions): Record<string, unknown> {
  const converter = converterOf(d0.family);
  // What the family's converter takes: its --dtype choices, pp only where it splits layers.
  const d = {
    ...d0,
    dtype: dtypeChoices(d0.family).includes(d0.dtype) ? d0.dtype : dtypeChoices(d0.family)[0]!,
    pp: converter.sharding.pipelineParallel ? d0.pp : 1,
    int8KvCache: d0.int8KvCache && converter.options['convert.int8KvCache'] !== undefined,
  };
  const world = d.tp * d.pp;
  const block = d.block ?? 64;
  const decoupled = d.streaming === true;
  const tritonBatch = d.tritonBatchShare === undefined ? d.engineBatch : Math.max(1, Math.floor(d.tritonBatchShare * d.engineBatch));
  const pagedContextFmha = d.prefixCaching === true || d.chunked === true;
  const seqLen = d.useContext || d.writeSeqLen ? d.inputTokens + d.outputTokens : undefined;
  // A prompt must fit in one step unless chunked context splits it (TRT116); whole blocks (TRT115).
  const numTokens = d.numTokensExtra === undefined ? undefined
    : roundUp(d.chunked ? d.numTokensExtra + 1 : d.inputTokens + d.numTokensExtra, block);
  const needsExplicitNumTokens = !d.useContext && d.inputTokens > 8192;
  const instances = d.instancesExtra === undefined ? undefined
    : { preprocessing: (decoupled ? tritonBatch : 1) + d.instancesExtra, postprocessing: (decoupled ? tritonBatch : 1) + d.instancesExtra, bls: (decoupled ? tritonBatch : 1) + d.instancesExtra };
  return {
    source: { modelDir: d.modelDir, tokenizerDir: d.tokenizerDir, revision: d.revision, family: d.family },
    ...(d.pathTag ? { runtime: { paths: { engineDir: `/trtforge/engine-${d.pathTag}`, modelRepo: `/srv/repo-${d.pathTag}` } } } : {}),
    parallelism: { tp: d.tp, pp: d.pp, ...(d.gpuOffset !== undefined ? { gpuIds: Array.from({ length: world }, (_, i) => d.gpuOffset! + i) } : {}) },
    streaming: d.streaming,
    prefixCaching: d.prefixCaching,
    ...(d.useContext ? { context: { maxInputTokens: d.inputTokens, maxOutputTokens: d.outputTokens } } : {}),
    // Paged context FMHA excludes an INT8 KV cache (TRT121).
    convert: { dtype: d.dtype, ...(d.int8KvCache && !pagedContextFmha ? { int8KvCache: true } : {}) },
    build: {
      maxBatchSize: d.engineBatch,
      ...(d.useContext ? {} : { maxInputLen: d.inputTokens, maxSeqLen: seqLen }),
      maxNumTokens: numTokens ?? (needsExplicitNumTokens ? roundUp(d.inputTokens, block) : d.useContext || 8192 % block === 0 ? undefined : roundUp(8192, block)),
      tokensPerBlock: d.block,
      maxBeamWidth: d.beam,
      plugins: { gemmPlugin: d.gemm, ...(d.chunked ? { usePagedContextFmha: true } : {}) },
      ...(d.logitsDtype ? { logits: { logitsDtype: d.logitsDtype } } : {}),
    },
    triton: {
      maxBatchSize: d.tritonBatchShare === undefined ? undefined : tritonBatch,
      batchingStrategy: d.batching,
      batchSchedulerPolicy: d.policy,
      maxQueueDelayMicroseconds: d.queueDelay,
      maxQueueSize: d.queue === undefined ? undefined : d.queue === 0 ? 0 : tritonBatch + d.queue,
      instances,
      // The OpenAI frontend cannot ask for the echo to be dropped per request (TRT111).
      excludeInputInOutput: d.mode === 'openai' ? true : d.echo,
      maxBeamWidth: d.runtimeBeam ? d.beam : undefined,
      decodingMode: d.decoding,
      enableChunkedContext: d.chunked,
      kvCache: {
        freeGpuMemFraction: d.fraction,
        maxTokens: d.kvCapFactor !== undefined && seqLen !== undefined ? roundUp(seqLen, block) * tritonBatch * d.kvCapFactor : undefined,
      },
      gpuDeviceIds: d.deviceIds ? Array.from({ length: world }, (_, i) => i) : undefined,
      cudaGraphMode: d.cudaGraph,
      logitsDatatype: d.logitsDtype === 'float16' ? 'TYPE_FP16' : undefined,
      tokenizer: { skipSpecialTokens: d.skipSpecial, addSpecialTokens: d.addSpecial },
    },
    // A wildcard host must be confirmed (TRT171).
    serve: { mode: d.mode, trtllmServeFrom: d.from, host: d.host, ...(d.host === '0.0.0.0' ? { exposeOnAllInterfaces: true } : {}), ...(d.http ? { ports: { http: d.http } } : {}) },
    lints: { silence: Object.fromEntries(WARNINGS.map((id) => [id, 'property test: advice is not the subject'])) },
  };
}

/** Drops undefined members, so the spec is what a person would write. */
function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, clean(v)]));
  }
  return value;
}

export const validSpec: fc.Arbitrary<Record<string, unknown>> = decisions.map((d) => clean(toSpec(d)) as Record<string, unknown>);
