import { when, type LintRule } from '../rule.js';

export const reuseNeedsPagedContextFmha: LintRule = {
  id: 'TRT104',
  severity: 'error',
  title: 'KV cache reuse needs paged context FMHA in the engine',
  why: '"When KV cache block reuse is set, model has to be built with paged context FMHA" (tensorrtllm_backend#271): a runtime flag that depends on a build flag.',
  fields: ['triton.kvCache.enableReuse', 'build.plugins.usePagedContextFmha'],
  check: ({ spec }) => when(spec.triton.kvCache?.enableReuse === true && spec.build.plugins.usePagedContextFmha !== true, {
    path: 'triton.kvCache.enableReuse',
    message: 'needs build.plugins.usePagedContextFmha: true',
    hint: 'set prefixCaching: true (sets both), or build.plugins.usePagedContextFmha: true',
  }),
  examples: { pass: { prefixCaching: true }, fail: { triton: { kvCache: { enableReuse: true } } } },
};
