import { when, type LintRule } from '../rule.js';

export const seqLongerThanInput: LintRule = {
  id: 'TRT101',
  severity: 'error',
  title: 'max_seq_len must exceed max_input_len',
  why: 'max_seq_len is prompt + output; a value ≤ max_input_len leaves no room to generate (TensorRT-LLM#977).',
  fields: ['build.maxSeqLen', 'build.maxInputLen'],
  check: ({ spec }) => when(spec.build.maxSeqLen !== undefined && spec.build.maxSeqLen <= spec.build.maxInputLen, {
    path: 'build.maxSeqLen',
    message: `must be > build.maxInputLen (${spec.build.maxInputLen}), got ${spec.build.maxSeqLen}`,
    hint: `max_seq_len is prompt + output tokens: e.g. ${spec.build.maxInputLen + 1024}, or use context: { maxInputTokens, maxOutputTokens }`,
  }),
  examples: { pass: { build: { maxInputLen: 1024, maxSeqLen: 2048 } }, fail: { build: { maxInputLen: 2048, maxSeqLen: 1024 } } },
};
