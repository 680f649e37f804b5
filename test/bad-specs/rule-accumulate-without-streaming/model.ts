import { defineModel } from '@trtforge/spec';

// accumulate_tokens is read only by a decoupled BLS.
export default defineModel({
  name: 'rule-accumulate-without-streaming',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  streaming: false,
  triton: { excludeInputInOutput: true, bls: { accumulateTokens: true, tensorrtLlmModelName: 'tensorrt_llm' } },
});
