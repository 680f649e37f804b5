import { when, type LintRule } from '../rule.js';

export const reuseNeedsPagedContextFmha: LintRule = {
  id: 'TRT104',
  severity: 'error',
  topic: 'kv-cache',
  title: 'KV cache reuse needs paged context FMHA in the engine',
  why: '"When KV cache block reuse is set, model has to be built with paged context FMHA" (tensorrtllm_backend#271): a runtime flag that depends on a build flag. Without it the runtime logs "KV cache reuse disabled because model was not built with paged context FMHA support" (the seed log) and reuse is silently off.',
  fields: ['triton.kvCache.enableReuse', 'build.plugins.usePagedContextFmha'],
  pain: [25],
  // With prefixCaching: true the conflict is an explicit usePagedContextFmha: false, which TRT108 reports.
  check: ({ spec }) => when(spec.triton.kvCache?.enableReuse === true && spec.build.plugins.usePagedContextFmha !== true && spec.raw.prefixCaching !== true, {
    path: 'triton.kvCache.enableReuse',
    message: 'needs build.plugins.usePagedContextFmha: true (the engine is built without paged context FMHA)',
    hint: 'set prefixCaching: true instead (sets both), or build.plugins.usePagedContextFmha: true',
  }),
  examples: { pass: { prefixCaching: true }, fail: { triton: { kvCache: { enableReuse: true } } } },
};

export const chunkedContextNeedsPagedFmha: LintRule = {
  id: 'TRT120',
  severity: 'error',
  topic: 'kv-cache',
  title: 'chunked context needs paged context FMHA and a paged KV cache',
  why: 'enable_chunked_context only works with an engine built with `--use_paged_context_fmha enable` (the backend itself warns "requires building the model with use_paged_context_fmha"); otherwise TRT-LLM turns chunking off with a warning and long prompts fail instead (parameter-semantics.json: enable_chunked_context).',
  fields: ['triton.enableChunkedContext', 'build.plugins.usePagedContextFmha', 'build.kvCacheType'],
  pain: [19, 23],
  check: ({ spec }) => {
    if (spec.triton.enableChunkedContext !== true) return [];
    return [
      ...when(spec.build.plugins.usePagedContextFmha !== true, {
        path: 'triton.enableChunkedContext',
        message: 'needs build.plugins.usePagedContextFmha: true (the engine is built without paged context FMHA)',
        hint: 'set build.plugins.usePagedContextFmha: true (or prefixCaching: true, which also sets it)',
      }),
      ...when(spec.build.kvCacheType !== 'paged', {
        path: 'triton.enableChunkedContext',
        message: `needs build.kvCacheType "paged", got "${spec.build.kvCacheType}"`,
        hint: "set build.kvCacheType: 'paged'",
      }),
    ];
  },
  examples: {
    pass: { triton: { enableChunkedContext: true }, build: { plugins: { usePagedContextFmha: true } }, prefixCaching: true },
    fail: { triton: { enableChunkedContext: true } },
  },
};

export const pagedContextFmhaExclusions: LintRule = {
  id: 'TRT121',
  severity: 'error',
  topic: 'kv-cache',
  title: 'paged context FMHA (prefix caching, chunked context) excludes INT8 KV cache and StreamingLLM',
  why: 'Kernel support matrix: trtllm-build raises "Paged Context FMHA doesn\'t work with int8 kv cache currently" and the attention op asserts "Cannot support StreamingLLM now when enabling paged KV context FMHA" — so KV reuse cannot be combined with an INT8 KV cache (TensorRT-LLM#2166), and the failure comes only after a long conversion.',
  fields: ['build.plugins.usePagedContextFmha', 'convert.int8KvCache', 'build.plugins.streamingllm', 'triton.sinkTokenLength'],
  pain: [26],
  check: ({ spec }) => {
    if (spec.build.plugins.usePagedContextFmha !== true) return [];
    const via = spec.raw.prefixCaching ? ' (set by prefixCaching)' : '';
    return [
      ...when(spec.convert.int8KvCache === true, {
        path: 'convert.int8KvCache',
        message: `cannot be combined with build.plugins.usePagedContextFmha${via}: trtllm-build fails with "Paged Context FMHA doesn't work with int8 kv cache"`,
        hint: 'drop convert.int8KvCache (use an FP16/BF16 KV cache), or give up prefix caching / chunked context',
      }),
      ...when(spec.build.plugins.streamingllm === true, {
        path: 'build.plugins.streamingllm',
        message: `cannot be combined with build.plugins.usePagedContextFmha${via} (StreamingLLM is unsupported with paged context FMHA)`,
        hint: 'turn off build.plugins.streamingllm, or paged context FMHA',
      }),
      ...when((spec.triton.sinkTokenLength ?? 0) > 0, {
        path: 'triton.sinkTokenLength',
        message: `must be unset with build.plugins.usePagedContextFmha${via}: sink tokens (StreamingLLM) are unsupported with paged context FMHA`,
        hint: 'remove triton.sinkTokenLength',
      }),
    ];
  },
  examples: { pass: { convert: { int8KvCache: true } }, fail: { prefixCaching: true, convert: { int8KvCache: true } } },
};

export const trtllmServeReuseImplicit: LintRule = {
  id: 'TRT122',
  severity: 'warning',
  topic: 'kv-cache',
  title: 'under trtllm-serve, paged context FMHA turns KV cache reuse on whatever the spec says',
  why: "TRT-LLM 0.17 turns KV cache reuse on automatically for engines built with paged context FMHA (0.17.0 release notes), and trtllm-serve 0.17 has no option to turn it off. Under Triton (serve.mode 'triton' or 'openai') the C++ backend always passes enable_kv_cache_reuse itself — false unless set (parameter-semantics.json), as PLAN.md's effective-parameter table shows — so there the spec decides. Under trtllm-serve an undecided or `false` reuse is silently ON (tensorrtllm_backend#271; the seed log's \"KV cache reuse disabled because model was not built with paged context FMHA\" is the same switch).",
  fields: ['build.plugins.usePagedContextFmha', 'prefixCaching', 'triton.kvCache.enableReuse', 'serve.mode'],
  pain: [3, 25],
  check: ({ spec }) => {
    if (spec.serve.mode !== 'trtllm-serve' || spec.build.plugins.usePagedContextFmha !== true) return [];
    const decided = spec.raw.prefixCaching ?? spec.raw.triton?.kvCache?.enableReuse;
    if (decided === true) return [];
    return [{
      path: 'build.plugins.usePagedContextFmha',
      message: decided === false
        ? 'is true, so KV cache reuse is ON under serve.mode "trtllm-serve" although the spec turns it off (trtllm-serve 0.17 has no option for it)'
        : 'is true, so KV cache reuse is ON under serve.mode "trtllm-serve" (0.17 enables it with paged context FMHA) although the spec does not ask for it',
      hint: decided === false
        ? "remove build.plugins.usePagedContextFmha to keep reuse off, or serve with serve.mode 'triton'"
        : 'set prefixCaching: true to state it, or remove build.plugins.usePagedContextFmha to keep reuse off',
    }];
  },
  examples: {
    pass: { serve: { mode: 'trtllm-serve' }, prefixCaching: true },
    fail: { serve: { mode: 'trtllm-serve' }, build: { plugins: { usePagedContextFmha: true } } },
  },
};
