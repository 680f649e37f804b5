import type { ModelFamily } from '@trtforge/spec';

/** A tokenizer flag a family needs, and why. */
export interface TokenizerExpectation {
  value: boolean;
  why: string;
}

/**
 * What pre/postprocessing must do for each model family (user-pain #14). Only flags with a real
 * consequence are listed: Qwen2/2.5 tokenizers define no BOS token, so add_special_tokens adds
 * nothing to a Qwen prompt either way and is left to the backend default (true).
 */
export interface FamilyPreset {
  tokenizer: { skipSpecialTokens?: TokenizerExpectation; addSpecialTokens?: TokenizerExpectation };
  /** vocab_size of the family's checkpoints (for memory estimates). */
  vocabSize: number;
}

export const FAMILY_PRESETS: Record<ModelFamily, FamilyPreset> = {
  qwen: {
    tokenizer: {
      skipSpecialTokens: {
        value: true,
        why: 'Qwen ends every turn with <|im_end|> and pads with <|endoftext|>; without skipping they appear in text_output',
      },
    },
    vocabSize: 151_936,
  },
  llama: {
    tokenizer: {
      skipSpecialTokens: {
        value: true,
        why: 'Llama 3 ends every turn with <|eot_id|> and opens each one with <|start_header_id|>…<|end_header_id|>; without skipping they appear in text_output',
      },
    },
    // Llama 3 / 3.1 / 3.2 / 3.3 config.json vocab_size.
    vocabSize: 128_256,
  },
};
