import { when, type LintRule } from '../rule.js';

export const tritonBatchWithinEngine: LintRule = {
  id: 'TRT105',
  severity: 'error',
  title: 'Triton max batch size must not exceed the engine max batch size',
  why: "The engine's build-time max_batch_size caps concurrency; a larger Triton value only queues work the engine cannot take (tensorrtllm_backend#130, #429).",
  fields: ['triton.maxBatchSize', 'build.maxBatchSize'],
  check: ({ spec }) => when(spec.triton.maxBatchSize > spec.build.maxBatchSize, {
    path: 'triton.maxBatchSize',
    message: `must be ≤ build.maxBatchSize (${spec.build.maxBatchSize}), got ${spec.triton.maxBatchSize}`,
    hint: `raise build.maxBatchSize to ${spec.triton.maxBatchSize} or lower triton.maxBatchSize`,
  }),
  examples: { pass: { build: { maxBatchSize: 8 }, triton: { maxBatchSize: 8 } }, fail: { build: { maxBatchSize: 4 }, triton: { maxBatchSize: 8 } } },
};

export const instancesCoverBatch: LintRule = {
  id: 'TRT102',
  severity: 'error',
  title: 'pre/post/BLS instance counts must be ≥ triton.maxBatchSize in decoupled mode',
  why: 'With one python instance per stage, decoupled requests are tokenized/detokenized one at a time and latency grows linearly with concurrency (the seed write-up; tensorrtllm_backend#257).',
  fields: ['triton.instances.preprocessing', 'triton.instances.postprocessing', 'triton.instances.bls', 'triton.maxBatchSize', 'triton.decoupled'],
  check: ({ spec }) => {
    if (!spec.triton.decoupled) return [];
    const n = spec.triton.maxBatchSize;
    return (['preprocessing', 'postprocessing', 'bls'] as const).flatMap((m) => when(spec.triton.instances[m] < n, {
      path: `triton.instances.${m}`,
      message: `must be ≥ triton.maxBatchSize (${n}) in decoupled mode, got ${spec.triton.instances[m]}`,
      hint: `set triton.instances.${m}: ${n} (or remove it: it defaults to triton.maxBatchSize)`,
    }));
  },
  examples: { pass: { streaming: true, triton: { maxBatchSize: 4 } }, fail: { streaming: true, triton: { maxBatchSize: 4, instances: { preprocessing: 1 } } } },
};

export const inflightNeedsPagedKv: LintRule = {
  id: 'TRT103',
  severity: 'error',
  title: 'in-flight batching needs a paged KV cache',
  why: 'The inflight batcher schedules requests into a paged KV cache; a continuous or disabled cache serializes them (the seed write-up: no concurrency until --kv_cache_type paged).',
  fields: ['triton.batchingStrategy', 'build.kvCacheType'],
  check: ({ spec }) => when(spec.triton.batchingStrategy.startsWith('inflight') && spec.build.kvCacheType !== 'paged', {
    path: 'build.kvCacheType',
    message: `must be "paged" with triton.batchingStrategy "${spec.triton.batchingStrategy}", got "${spec.build.kvCacheType}"`,
    hint: "set build.kvCacheType: 'paged'",
  }),
  examples: { pass: { build: { kvCacheType: 'paged' } }, fail: { build: { kvCacheType: 'continuous' } } },
};

export const queueCoversBatch: LintRule = {
  id: 'TRT112',
  severity: 'warning',
  title: 'max_queue_size below the intended concurrency rejects load',
  why: 'A bounded queue smaller than triton.maxBatchSize makes Triton reject requests the engine could batch (the seed used MAX_QUEUE_SIZE=4; tensorrtllm_backend#412).',
  fields: ['triton.maxQueueSize', 'triton.maxBatchSize'],
  check: ({ spec }) => when(spec.triton.maxQueueSize > 0 && spec.triton.maxQueueSize < spec.triton.maxBatchSize, {
    path: 'triton.maxQueueSize',
    message: `${spec.triton.maxQueueSize} queued requests is below triton.maxBatchSize (${spec.triton.maxBatchSize}); bursts beyond it are rejected`,
    hint: `set triton.maxQueueSize ≥ ${spec.triton.maxBatchSize}, or 0 for an unbounded queue`,
  }),
  examples: { pass: { triton: { maxBatchSize: 4, maxQueueSize: 8 } }, fail: { triton: { maxBatchSize: 8, maxQueueSize: 4 } } },
};
