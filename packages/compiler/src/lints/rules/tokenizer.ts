import { backendDefault } from '../../backend/semantics.js';
import { FAMILY_PRESETS } from '../../family-presets.js';
import type { LintFinding, LintRule } from '../rule.js';

const SNAKE = { skipSpecialTokens: 'skip_special_tokens', addSpecialTokens: 'add_special_tokens' } as const;

export const tokenizerMatchesFamily: LintRule = {
  id: 'TRT113',
  severity: 'warning',
  topic: 'output',
  title: 'pre/postprocessing tokenizer flags must match the model family',
  why: 'Special tokens / template junk in the answer (`</s>`, `[gMASK]sop`, Qwen’s `<|im_end|>`), or garbage unless add_special_tokens is set, come from tokenizer flags that do not match the model family (tensorrtllm_backend#153, #234). The family presets live in packages/compiler/src/family-presets.ts.',
  fields: ['source.family', 'triton.tokenizer.skipSpecialTokens', 'triton.tokenizer.addSpecialTokens'],
  pain: [14],
  check: ({ spec, backend }) => {
    const preset = FAMILY_PRESETS[spec.source.family];
    const findings: LintFinding[] = [];
    for (const flag of ['skipSpecialTokens', 'addSpecialTokens'] as const) {
      const expected = preset.tokenizer[flag];
      const actual = spec.triton.tokenizer?.[flag];
      if (!expected || actual === undefined || actual === expected.value) continue;
      findings.push({
        path: `triton.tokenizer.${flag}`,
        message: `must be ${String(expected.value)} for family "${spec.source.family}", got ${String(actual)}: ${expected.why}`,
        hint: backendDefault(backend.version, SNAKE[flag]) === expected.value
          ? `remove triton.tokenizer.${flag} (the backend default is ${String(expected.value)})`
          : `set triton.tokenizer.${flag}: ${String(expected.value)}`,
      });
    }
    return findings;
  },
  examples: { pass: { triton: { tokenizer: { skipSpecialTokens: true } } }, fail: { triton: { tokenizer: { skipSpecialTokens: false } } } },
};
