import { when, type LintRule } from '../rule.js';

export const promptEcho: LintRule = {
  id: 'TRT110',
  severity: 'warning',
  topic: 'output',
  title: 'prompt echo: exclude_input_in_output is not set',
  why: 'Unset, the backend returns the prompt in text_output (its default false) — the seed’s own output shows it, and benchmarks cannot tell (TensorRT-LLM#467; server#7665; tensorrtllm_backend#89, PR#95; client PR#601).',
  fields: ['triton.excludeInputInOutput', 'serve.mode'],
  pain: [3, 13],
  // TRT111 owns the OpenAI frontend; trtllm-serve never echoes.
  check: ({ spec }) => when(spec.triton.excludeInputInOutput === undefined && spec.serve.mode === 'triton', {
    path: 'triton',
    message: 'excludeInputInOutput is not set, so the backend echoes the prompt in every answer',
    hint: 'set triton.excludeInputInOutput: true (or false to keep the echo on purpose)',
  }),
  examples: { pass: { triton: { excludeInputInOutput: true } }, fail: { triton: {} } },
};

export const openaiFrontendEcho: LintRule = {
  id: 'TRT111',
  severity: 'error',
  topic: 'output',
  title: "Triton's OpenAI frontend needs exclude_input_in_output: true",
  why: 'The OpenAI frontend renders the chat template into text_input and cannot ask for echo per request, so with the backend default every `message.content` starts with the rendered conversation ("system\\nYou are Qwen…\\nuser\\n…" in the seed write-up; server#7724, #7868).',
  fields: ['triton.excludeInputInOutput', 'serve.mode'],
  pain: [13, 17],
  check: ({ spec }) => when(spec.serve.mode === 'openai' && spec.triton.excludeInputInOutput !== true, {
    path: spec.triton.excludeInputInOutput === undefined ? 'serve.mode' : 'triton.excludeInputInOutput',
    message: spec.triton.excludeInputInOutput === undefined
      ? 'is "openai" but triton.excludeInputInOutput is not set: every chat answer would start with the rendered prompt'
      : 'must be true with serve.mode "openai": every chat answer would start with the rendered prompt',
    hint: 'set triton.excludeInputInOutput: true',
  }),
  examples: { pass: { serve: { mode: 'openai' }, triton: { excludeInputInOutput: true } }, fail: { serve: { mode: 'openai' } } },
};
