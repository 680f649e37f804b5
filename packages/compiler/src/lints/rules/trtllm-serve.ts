import { getPath } from '../../resolve/resolve.js';
import { when, type LintRule } from '../rule.js';

/** Spec fields the generated trtllm-serve command line carries (see emit/serve-modes.ts). */
const PASSED_TO_TRTLLM_SERVE = new Set(['triton.kvCache.freeGpuMemFraction']);
/** Build fields trtllm-serve applies when it builds the engine itself (--max_* options of 0.17). */
const SELF_BUILD_OPTIONS = new Set(['build.maxBatchSize', 'build.maxNumTokens', 'build.maxBeamWidth', 'build.maxSeqLen']);

/** Dotted paths of every leaf the user wrote under `root`. */
function writtenLeaves(value: unknown, prefix: string): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => writtenLeaves(v, `${prefix}.${k}`));
}

export const trtllmServeDropsSettings: LintRule = {
  id: 'TRT133',
  severity: 'warning',
  topic: 'serving',
  title: 'trtllm-serve 0.17 has no option for these settings',
  why: 'trtllm-serve 0.17 accepts only --tokenizer, --host, --port, --backend, --max_beam_width, --max_batch_size, --max_num_tokens, --max_seq_len, --tp_size, --pp_size, --kv_cache_free_gpu_memory_fraction and --trust_remote_code; --extra_llm_api_options, --enable_chunked_prefill, --kv_cache_dtype, --num_postprocess_workers and friends arrive later (trtllm-serve.json: notes, options_uncertain). Triton runtime settings — and, when it builds the engine itself, most build settings — are silently not applied.',
  fields: ['serve.mode', 'serve.trtllmServeFrom', 'triton', 'build', 'convert'],
  check: ({ spec }) => {
    if (spec.serve.mode !== 'trtllm-serve') return [];
    const raw = spec.raw;
    const dropped = writtenLeaves(raw.triton ?? {}, 'triton').filter((p) => p !== 'triton' && !PASSED_TO_TRTLLM_SERVE.has(p));
    if (spec.serve.trtllmServeFrom !== 'engine') {
      dropped.push(...writtenLeaves(raw.build ?? {}, 'build').filter((p) => p !== 'build' && !SELF_BUILD_OPTIONS.has(p)));
    }
    if (spec.serve.trtllmServeFrom === 'hf') dropped.push(...writtenLeaves(raw.convert ?? {}, 'convert').filter((p) => p !== 'convert'));
    const shown = dropped.filter((p) => getPath(raw, p) !== undefined);
    return when(shown.length > 0, {
      path: 'serve.mode',
      message: `is "trtllm-serve", which ignores ${shown.join(', ')}: trtllm-serve 0.17 has no option for ${shown.length === 1 ? 'it' : 'them'}`,
      hint: "use serve.mode 'triton' (or 'openai') to apply them, or remove them",
    });
  },
  examples: {
    pass: { serve: { mode: 'trtllm-serve' }, triton: { kvCache: { freeGpuMemFraction: 0.8 } } },
    fail: { serve: { mode: 'trtllm-serve' }, triton: { maxQueueSize: 64 } },
  },
};
