import { reportAt } from '../spec-paths.js';
import { when, type LintRule } from '../rule.js';

export const draftModelNeedsDraftEngine: LintRule = {
  id: 'TRT130',
  severity: 'warning',
  topic: 'decoding',
  title: 'a BLS draft model needs a target engine built for external draft tokens',
  why: 'With triton.bls.draftModelName the BLS runs speculative decoding for requests with num_draft_tokens > 0 and sends the draft tokens to tensorrt_llm; the target engine must be built with --speculative_decoding_mode draft_tokens_external and --max_draft_len > 0 to accept them, or every such request fails (other requests are served normally).',
  fields: ['triton.bls.draftModelName', 'build.speculative.speculativeDecodingMode', 'build.speculative.maxDraftLen'],
  check: ({ spec }) => {
    if (!spec.triton.bls?.draftModelName) return [];
    const { speculativeDecodingMode: mode, maxDraftLen = 0 } = spec.build.speculative ?? {};
    return [
      ...when(mode !== 'draft_tokens_external', {
        path: reportAt(spec, 'build.speculative.speculativeDecodingMode', 'triton.bls.draftModelName'),
        message: `needs build.speculative.speculativeDecodingMode "draft_tokens_external" for draft model "${spec.triton.bls.draftModelName}", got ${mode ? `"${mode}"` : 'nothing'}`,
        hint: "set build.speculative: { speculativeDecodingMode: 'draft_tokens_external', maxDraftLen: 4 }",
      }),
      ...when(maxDraftLen < 1, {
        path: reportAt(spec, 'build.speculative.maxDraftLen', 'triton.bls.draftModelName'),
        message: `needs build.speculative.maxDraftLen ≥ 1 for draft model "${spec.triton.bls.draftModelName}", got ${maxDraftLen}`,
        hint: 'set build.speculative.maxDraftLen to the number of draft tokens per step (e.g. 4)',
      }),
    ];
  },
  examples: {
    pass: { triton: { bls: { draftModelName: 'draft' }, kvCache: { freeGpuMemFraction: 0.5 } }, build: { speculative: { speculativeDecodingMode: 'draft_tokens_external', maxDraftLen: 4 } } },
    fail: { triton: { bls: { draftModelName: 'draft' }, kvCache: { freeGpuMemFraction: 0.5 } } },
  },
};

export const draftModelWithoutStreaming: LintRule = {
  id: 'TRT131',
  severity: 'warning',
  topic: 'decoding',
  title: 'BLS speculative decoding does not stream',
  why: "The v0.17.0 BLS runs speculative decoding only for non-streaming requests with batch size 1 and no context logits (tensorrt_llm_bls decode.py checks): with streaming on, every streamed request that asks for draft tokens fails.",
  fields: ['triton.bls.draftModelName', 'streaming', 'triton.decoupled'],
  check: ({ spec }) => when(Boolean(spec.triton.bls?.draftModelName) && spec.triton.decoupled, {
    path: 'triton.bls.draftModelName',
    message: 'has no effect on streamed requests (triton.decoupled is true): BLS speculative decoding is non-streaming only, and streamed requests with num_draft_tokens fail',
    hint: 'remove streaming: true, or remove triton.bls.draftModelName',
  }),
  examples: {
    pass: { triton: { bls: { draftModelName: 'draft' }, kvCache: { freeGpuMemFraction: 0.5 } }, build: { speculative: { speculativeDecodingMode: 'draft_tokens_external', maxDraftLen: 4 } } },
    fail: { streaming: true, triton: { bls: { draftModelName: 'draft' }, kvCache: { freeGpuMemFraction: 0.5 } }, build: { speculative: { speculativeDecodingMode: 'draft_tokens_external', maxDraftLen: 4 } } },
  },
};
