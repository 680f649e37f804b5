import { when, type LintRule } from '../rule.js';

export const accumulateNeedsStreaming: LintRule = {
  id: 'TRT132',
  severity: 'warning',
  topic: 'streaming',
  title: 'accumulate_tokens only acts in streaming mode',
  why: 'tensorrt_llm_bls reads accumulate_tokens only when it is decoupled (streaming); otherwise the flag silently does nothing (parameter-semantics.json: accumulate_tokens).',
  fields: ['triton.bls.accumulateTokens', 'streaming', 'triton.decoupled'],
  pain: [10],
  check: ({ spec }) => when(spec.triton.bls?.accumulateTokens === true && !spec.triton.decoupled, {
    path: 'triton.bls.accumulateTokens',
    message: 'has no effect without streaming (triton.decoupled is false)',
    hint: 'set streaming: true, or remove triton.bls.accumulateTokens',
  }),
  examples: { pass: { streaming: true, triton: { bls: { accumulateTokens: true } } }, fail: { triton: { bls: { accumulateTokens: true } } } },
};
