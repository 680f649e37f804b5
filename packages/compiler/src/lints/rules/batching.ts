import { note, origin } from '../spec-paths.js';
import { when, type LintRule } from '../rule.js';

export const tritonBatchWithinEngine: LintRule = {
  id: 'TRT105',
  severity: 'error',
  topic: 'batching',
  title: 'Triton max batch size must not exceed the engine max batch size',
  why: "The engine's build-time max_batch_size caps concurrency (the log says \"Max Request Count 8\"); a larger Triton value only queues work the engine cannot take (tensorrtllm_backend#130, #429; server#7676).",
  fields: ['triton.maxBatchSize', 'build.maxBatchSize'],
  pain: [21],
  check: ({ spec }) => when(spec.triton.maxBatchSize > spec.build.maxBatchSize, {
    path: 'triton.maxBatchSize',
    message: `must be ≤ build.maxBatchSize (${spec.build.maxBatchSize}${note(spec, 'build.maxBatchSize')}), got ${spec.triton.maxBatchSize}`,
    hint: `raise build.maxBatchSize to ${spec.triton.maxBatchSize}, or remove triton.maxBatchSize (it defaults to build.maxBatchSize)`,
  }),
  examples: { pass: { build: { maxBatchSize: 8 }, triton: { maxBatchSize: 8 } }, fail: { build: { maxBatchSize: 4 }, triton: { maxBatchSize: 8 } } },
};

export const instancesCoverBatch: LintRule = {
  id: 'TRT102',
  severity: 'warning',
  topic: 'batching',
  title: 'pre/post/BLS instance counts below triton.maxBatchSize serialize decoupled requests',
  why: 'With one python instance per stage, decoupled requests are tokenized/detokenized one at a time and latency grows linearly with concurrency (the seed write-up used INSTANCE_COUNT=1; tensorrtllm_backend#257, #622). NVIDIA\'s own fill_template examples use instance count 1, and nothing fails: a performance trap, so a warning.',
  fields: ['triton.instances.preprocessing', 'triton.instances.postprocessing', 'triton.instances.bls', 'triton.maxBatchSize', 'triton.decoupled'],
  pain: [35],
  check: ({ spec }) => {
    if (!spec.triton.decoupled) return [];
    const n = spec.triton.maxBatchSize;
    return (['preprocessing', 'postprocessing', 'bls'] as const).flatMap((m) => when(spec.triton.instances[m] < n, {
      path: `triton.instances.${m}`,
      message: `is ${spec.triton.instances[m]}, below triton.maxBatchSize (${n}): in decoupled mode requests wait for this stage one at a time`,
      hint: `set triton.instances.${m}: ${n} (or remove it: it defaults to triton.maxBatchSize)`,
    }));
  },
  examples: { pass: { streaming: true, triton: { maxBatchSize: 4 } }, fail: { streaming: true, triton: { maxBatchSize: 4, instances: { preprocessing: 1 } } } },
};

export const inflightNeedsPagedKv: LintRule = {
  id: 'TRT103',
  severity: 'error',
  topic: 'batching',
  title: 'in-flight batching needs a paged KV cache',
  why: 'The inflight batcher schedules requests into a paged KV cache; a continuous or disabled cache serializes them (the seed write-up: no concurrency until `--kv_cache_type paged`).',
  fields: ['triton.batchingStrategy', 'build.kvCacheType'],
  check: ({ spec }) => when(spec.triton.batchingStrategy.startsWith('inflight') && spec.build.kvCacheType !== 'paged', {
    path: 'build.kvCacheType',
    message: `must be "paged" with triton.batchingStrategy "${spec.triton.batchingStrategy}"${origin(spec, 'triton.batchingStrategy')}, got "${spec.build.kvCacheType}"`,
    hint: "set build.kvCacheType: 'paged' (or remove it: paged is the default)",
  }),
  examples: { pass: { build: { kvCacheType: 'paged' } }, fail: { build: { kvCacheType: 'continuous' } } },
};

export const queueCoversBatch: LintRule = {
  id: 'TRT112',
  severity: 'warning',
  topic: 'batching',
  title: 'max_queue_size below the intended concurrency rejects load',
  why: "A bounded queue smaller than triton.maxBatchSize makes Triton reject requests the engine could batch (the seed used MAX_QUEUE_SIZE=4). It bounds only Triton's queue in front of tensorrt_llm, not the backend's own request queue (tensorrtllm_backend#412; server#4753).",
  fields: ['triton.maxQueueSize', 'triton.maxBatchSize'],
  pain: [34],
  check: ({ spec }) => when(spec.triton.maxQueueSize > 0 && spec.triton.maxQueueSize < spec.triton.maxBatchSize, {
    path: 'triton.maxQueueSize',
    message: `must be ≥ triton.maxBatchSize (${spec.triton.maxBatchSize}) or 0, got ${spec.triton.maxQueueSize}: bursts beyond it are rejected while the engine has free slots`,
    hint: `set triton.maxQueueSize: ${spec.triton.maxBatchSize * 2} (room for a second wave), or 0 for an unbounded queue`,
  }),
  examples: { pass: { triton: { maxBatchSize: 4, maxQueueSize: 8 } }, fail: { triton: { maxBatchSize: 8, maxQueueSize: 4 } } },
};
