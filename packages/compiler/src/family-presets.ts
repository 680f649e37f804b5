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
  /**
   * vocab_size of the family's checkpoints (for memory estimates). Where the family's checkpoints
   * differ, the smallest common one, so an estimate never overstates.
   */
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
  // No tokenizer flag is listed for these families: none was verified to need one (the backend defaults apply).
  llama: { tokenizer: {}, vocabSize: 32_000 }, // Llama 2 and Mixtral 8x7B: 32000; Mistral v0.3: 32768; Llama 3.x: 128256
  gemma: { tokenizer: {}, vocabSize: 256_000 }, // Gemma and Gemma 2: 256000
  phi: { tokenizer: {}, vocabSize: 32_064 }, // Phi-3-mini/medium: 32064; Phi-2: 51200
};
