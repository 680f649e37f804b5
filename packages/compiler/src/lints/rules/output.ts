import { when, type LintRule } from '../rule.js';

export const promptEcho: LintRule = {
  id: 'TRT110',
  severity: 'warning',
  title: 'prompt echo: exclude_input_in_output is not set',
  why: 'Unset, the backend returns the prompt in text_output (its default false) — the seed’s own output shows it; benchmarks cannot tell (TensorRT-LLM#467, tensorrtllm_backend#89).',
  fields: ['triton.excludeInputInOutput'],
  check: ({ spec }) => when(spec.triton.excludeInputInOutput === undefined, {
    path: 'triton',
    message: 'triton.excludeInputInOutput is not set, so the backend echoes the prompt in every answer',
    hint: 'set triton.excludeInputInOutput: true (or false to keep the echo on purpose)',
  }),
  examples: { pass: { triton: { excludeInputInOutput: true } }, fail: { triton: {} } },
};
