import { cite, loadLimits } from '../../backend/limits.js';
import { getPath } from '../../resolve/resolve.js';
import { origin, written } from '../spec-paths.js';
import { when, type LintRule } from '../rule.js';

/** Where a derived value comes from (resolve.ts), so a finding about it points at a line the user wrote. */
const DERIVED_FROM: Record<string, readonly string[]> = {
  'triton.maxBatchSize': ['build.maxBatchSize'],
  'triton.instances.preprocessing': ['triton.maxBatchSize', 'build.maxBatchSize'],
  'triton.instances.postprocessing': ['triton.maxBatchSize', 'build.maxBatchSize'],
  'triton.instances.bls': ['triton.maxBatchSize', 'build.maxBatchSize'],
};

/** TRT140: every upper bound of limits.json whose condition holds, checked against the resolved value. */
export const valuesWithinStackLimits: LintRule = {
  id: 'TRT140',
  severity: 'error',
  topic: 'limits',
  title: 'values must stay within the limits NVIDIA\'s code enforces',
  why: 'A value the schema accepts can still be one the stack rejects: a beam width above TensorRT-LLM\'s kMaxBeamWidth (1024), a Triton max_batch_size or instance count beyond int32 (model_config.proto), an EAGLE engine above 512 requests or 256 draft tokens (builder.py asserts), or a backend parameter beyond int32 — tensorrtllm_backend parses those with std::stoi and, when that throws, logs "not specified, will use default value" and runs with its default. The limits, with the upstream file and check each comes from, are data: packages/compiler/data/trtllm-0.17.0/limits.json.',
  fields: [
    'build.maxBeamWidth', 'build.maxBatchSize', 'build.speculative.maxDraftLen', 'triton.maxBatchSize', 'triton.instances.preprocessing',
    'triton.instances.postprocessing', 'triton.instances.bls', 'triton.maxQueueSize', 'triton.kvCache.maxTokens', 'triton.maxBeamWidth',
    'triton.sinkTokenLength', 'triton.maxAttentionWindowSize', 'triton.iterStatsMaxIterations', 'triton.requestStatsMaxIterations',
    'triton.cudaGraphCacheSize', 'triton.lora.cacheOptimalAdapterSize', 'triton.lora.cacheMaxAdapterSize',
  ],
  check: ({ spec, backend }) => loadLimits(backend.version).ranges.flatMap((limit) => {
    const applies = Object.entries(limit.when ?? {}).every(([path, value]) => getPath(spec, path) === value);
    const value = getPath(spec, limit.path);
    const source = written(spec, limit.path) ? limit.path : DERIVED_FROM[limit.path]?.find((p) => written(spec, p)) ?? limit.path;
    return when(applies && typeof value === 'number' && value > limit.max, {
      path: source,
      message: `${source === limit.path ? '' : `makes ${limit.path} ${String(value)}, but that `}must be ≤ ${limit.max} (${limit.what}; ${cite(limit.source)})${source === limit.path ? `, got ${String(value)}${origin(spec, limit.path)}` : ''}`,
      hint: `set ${limit.path} to at most ${limit.max}`,
    });
  }),
  examples: { pass: { build: { maxBeamWidth: 4 } }, fail: { build: { maxBeamWidth: 4096 } } },
};

const isPowerOfTwo = (n: number) => Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;

export const tokensPerBlockPowerOfTwo: LintRule = {
  id: 'TRT141',
  severity: 'error',
  topic: 'limits',
  title: 'tokens_per_block must be a power of two',
  why: 'The paged KV cache indexes blocks with shifts: KVBlockArray checks "tokensPerBlock must be power of 2" when the engine loads (cpp/tensorrt_llm/kernels/kvCacheUtils.h), so an engine built with e.g. 48 tokens per block builds, then fails in tritonserver.',
  fields: ['build.tokensPerBlock'],
  check: ({ spec, backend }) => {
    const { source } = loadLimits(backend.version).tokensPerBlock;
    const n = spec.build.tokensPerBlock;
    const below = 2 ** Math.floor(Math.log2(Math.max(n, 1)));
    return when(!isPowerOfTwo(n), {
      path: 'build.tokensPerBlock',
      message: `must be a power of two (${cite(source)}: "tokensPerBlock must be power of 2"), got ${n}`,
      hint: `use ${below} or ${below * 2}`,
    });
  },
  examples: { pass: { build: { tokensPerBlock: 32 } }, fail: { build: { tokensPerBlock: 48 } } },
};

/** The written field to blame for the size of the KV block table: the batch size first. */
const KV_TABLE_FIELDS = ['build.maxBatchSize', 'build.maxSeqLen', 'context.maxOutputTokens', 'context.maxInputTokens', 'build.maxBeamWidth', 'build.tokensPerBlock'];

export const kvBlockTableFitsInt32: LintRule = {
  id: 'TRT142',
  severity: 'error',
  topic: 'limits',
  title: 'the KV cache block table must fit an int32 (batch × beams × blocks per sequence)',
  why: 'gpt_attention_plugin addresses the paged KV cache\'s block table with 32-bit offsets and stops with "kv cache is too large for gpt_attention_plugin" when (max_batch_size × max_beam_width − 1) × blocks per sequence × 2 + blocks per sequence exceeds 2³¹−1 (kvCacheUtils.h). A batch size of 10⁹ passes the schema, builds for hours, and fails at load — and would have become 10⁹ pre/post/BLS instances.',
  fields: ['build.maxBatchSize', 'build.maxBeamWidth', 'build.maxSeqLen', 'build.maxInputLen', 'build.tokensPerBlock'],
  check: ({ spec, backend }) => {
    const { max, source } = loadLimits(backend.version).kvBlockTable;
    const { maxBatchSize, maxBeamWidth, tokensPerBlock } = spec.build;
    if (spec.build.kvCacheType !== 'paged' || tokensPerBlock < 1) return [];
    // Without max_seq_len trtllm-build takes the HF config's; max_input_len is a lower bound for it.
    const seqLen = spec.build.maxSeqLen ?? spec.build.maxInputLen;
    const blocksPerSeq = Math.ceil(seqLen / tokensPerBlock);
    const entries = (maxBatchSize * maxBeamWidth - 1) * blocksPerSeq * 2 + blocksPerSeq;
    const path = KV_TABLE_FIELDS.find((p) => written(spec, p)) ?? 'build';
    return when(entries > max, {
      path,
      message: `gives a KV block table of ${entries.toExponential(2)} entries (build.maxBatchSize ${maxBatchSize} × beams ${maxBeamWidth} × ${blocksPerSeq} blocks of ${tokensPerBlock} tokens for ${spec.build.maxSeqLen === undefined ? '≥ ' : ''}${seqLen} tokens × 2), above ${max} (${cite(source)}: "kv cache is too large for gpt_attention_plugin")`,
      hint: `lower build.maxBatchSize to at most ${Math.floor(((max - blocksPerSeq) / (blocksPerSeq * 2) + 1) / maxBeamWidth)}, or the sequence length`,
    });
  },
  examples: { pass: { build: { maxBatchSize: 256 } }, fail: { build: { maxBatchSize: 1000000000 } } },
};
