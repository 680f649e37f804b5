import { defineModel } from '@trtforge/spec';

// A Qwen answer would end in <|im_end|> in text_output.
export default defineModel({
  name: 'rule-qwen-keeps-special-tokens',
  source: { modelDir: '/models/Qwen2.5-1.5B-Instruct', family: 'qwen' },
  triton: { excludeInputInOutput: true, tokenizer: { addSpecialTokens: true, skipSpecialTokens: false } },
});
