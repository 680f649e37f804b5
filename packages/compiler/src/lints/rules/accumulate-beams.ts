import { written } from '../spec-paths.js';
import { when, type LintRule } from '../rule.js';

export const accumulateTokensSingleBeam: LintRule = {
  id: 'TRT154',
  severity: 'error',
  topic: 'combinations',
  title: 'BLS token accumulation works only with beam width 1',
  why: 'tensorrt_llm_bls accumulates streamed tokens only for one beam: its Decoder.postprocess raises "Accumulation of tokens is only implemented for beam width = 1" (all_models/inflight_batcher_llm/tensorrt_llm_bls/1/lib/decode.py), so with accumulate_tokens every streamed request that uses the beams this engine allows fails.',
  fields: ['triton.bls.accumulateTokens', 'triton.maxBeamWidth', 'build.maxBeamWidth', 'streaming'],
  check: ({ spec }) => {
    const beams = spec.triton.maxBeamWidth ?? spec.build.maxBeamWidth;
    return when(spec.triton.bls?.accumulateTokens === true && spec.triton.decoupled && beams > 1, {
      path: 'triton.bls.accumulateTokens',
      message: `cannot be used with beam width ${beams} (${written(spec, 'triton.maxBeamWidth') ? 'triton.maxBeamWidth' : 'build.maxBeamWidth'}): tensorrt_llm_bls raises "Accumulation of tokens is only implemented for beam width = 1"`,
      hint: 'remove triton.bls.accumulateTokens (clients concatenate the streamed tokens), or use beam width 1',
    });
  },
  examples: {
    pass: { streaming: true, triton: { bls: { accumulateTokens: true } } },
    fail: { streaming: true, build: { maxBeamWidth: 4 }, triton: { bls: { accumulateTokens: true } } },
  },
};
