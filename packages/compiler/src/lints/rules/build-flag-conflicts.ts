import { written } from '../spec-paths.js';
import { when, type LintRule } from '../rule.js';

export const multipleProfilesWithoutOptTokens: LintRule = {
  id: 'TRT155',
  severity: 'error',
  topic: 'combinations',
  title: 'multiple profiles and opt_num_tokens exclude each other',
  why: 'trtllm-build raises "multiple_profiles is enabled, while opt_num_tokens is set. They are not supposed to be working in the same time for now." (tensorrt_llm/commands/build.py main()).',
  fields: ['build.plugins.multipleProfiles', 'build.optNumTokens'],
  check: ({ spec }) => when(spec.build.plugins.multipleProfiles === true && spec.build.optNumTokens !== undefined, {
    path: 'build.optNumTokens',
    message: 'must be unset with build.plugins.multipleProfiles: true (trtllm-build: "multiple_profiles is enabled, while opt_num_tokens is set")',
    hint: 'remove build.optNumTokens (the profiles cover the token range), or set build.plugins.multipleProfiles: false',
  }),
  examples: {
    pass: { build: { plugins: { multipleProfiles: true } } },
    fail: { build: { optNumTokens: 1024, plugins: { multipleProfiles: true } } },
  },
};

export const contextLogitsWithoutDraftTokens: LintRule = {
  id: 'TRT156',
  severity: 'error',
  topic: 'combinations',
  title: 'gathering context logits excludes draft tokens',
  why: 'trtllm-build raises "Gather context logits is not support with draft len > 0" when --gather_context_logits (or --gather_all_token_logits) meets --max_draft_len > 0 (tensorrt_llm/commands/build.py main()); generation logits are the supported way to see the accepted tokens\' logits.',
  fields: ['build.logits.gatherContextLogits', 'build.logits.gatherAllTokenLogits', 'build.speculative.maxDraftLen'],
  check: ({ spec }) => {
    const logits = spec.build.logits;
    const gathering = logits?.gatherContextLogits === true || logits?.gatherAllTokenLogits === true;
    const draft = spec.build.speculative?.maxDraftLen ?? 0;
    const field = logits?.gatherContextLogits === true ? 'build.logits.gatherContextLogits' : 'build.logits.gatherAllTokenLogits';
    return when(gathering && draft > 0, {
      path: written(spec, field) ? field : 'build.speculative.maxDraftLen',
      message: `cannot be combined with build.speculative.maxDraftLen ${draft} (trtllm-build: "Gather context logits is not support with draft len > 0")`,
      hint: 'use build.logits.gatherGenerationLogits for the accepted tokens\' logits, or drop the draft tokens',
    });
  },
  examples: {
    pass: { build: { logits: { gatherGenerationLogits: true }, speculative: { speculativeDecodingMode: 'draft_tokens_external', maxDraftLen: 4 } } },
    fail: { build: { logits: { gatherContextLogits: true }, speculative: { speculativeDecodingMode: 'draft_tokens_external', maxDraftLen: 4 } } },
  },
};
