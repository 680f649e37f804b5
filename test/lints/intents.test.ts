import { beforeAll, describe, expect, it } from 'vitest';
import type { CompileResult } from '@trtforge/compiler';
import { buildArgv, compileInline, config, flagValue, parameter } from './compile-inline.js';

const SOURCE = { modelDir: '/models/Qwen2.5-0.5B-Instruct' };
const TRITON = { excludeInputInOutput: true };
const MODELS = ['preprocessing', 'tensorrt_llm', 'postprocessing', 'ensemble', 'tensorrt_llm_bls'] as const;
/** The models whose transaction policy follows `streaming` (the others are never decoupled). */
const DECOUPLED_MODELS = new Set(['tensorrt_llm', 'tensorrt_llm_bls']);

let r: Record<string, CompileResult>;

beforeAll(() => {
  r = compileInline({
    'stream-on': { source: SOURCE, streaming: true, triton: TRITON },
    'stream-off': { source: SOURCE, streaming: false, triton: TRITON },
    'stream-unset': { source: SOURCE, triton: TRITON },
    'prefix-on': { source: SOURCE, prefixCaching: true, triton: TRITON },
    'prefix-off': { source: SOURCE, prefixCaching: false, triton: TRITON },
    'budget-small': { source: SOURCE, context: { maxInputTokens: 3000, maxOutputTokens: 1000 }, triton: TRITON },
    'budget-large': { source: SOURCE, context: { maxInputTokens: 10000, maxOutputTokens: 2000 }, triton: TRITON },
    'budget-odd-block': { source: SOURCE, context: { maxInputTokens: 1000, maxOutputTokens: 100 }, build: { tokensPerBlock: 128 }, triton: TRITON },
  });
});

const decoupled = (res: CompileResult, model: string) =>
  (config(res, model).model_transaction_policy as { decoupled?: boolean } | undefined)?.decoupled ?? false;

describe('streaming', () => {
  it('true sets decoupled on tensorrt_llm and tensorrt_llm_bls, and nowhere else', () => {
    for (const model of MODELS) expect(decoupled(r['stream-on']!, model), model).toBe(DECOUPLED_MODELS.has(model));
  });

  it('false or unset leaves all five models non-decoupled, with the flag written (never a placeholder)', () => {
    for (const name of ['stream-off', 'stream-unset']) {
      for (const model of MODELS) expect(decoupled(r[name]!, model), `${name} ${model}`).toBe(false);
      expect(r[name]!.files!['triton_model_repo/tensorrt_llm/config.pbtxt']).toMatch(/decoupled: false/);
    }
  });
});

describe('prefixCaching', () => {
  it('true sets the build flag and the runtime flag together', () => {
    expect(flagValue(buildArgv(r['prefix-on']!), '--use_paged_context_fmha')).toBe('enable');
    expect(parameter(config(r['prefix-on']!, 'tensorrt_llm'), 'enable_kv_cache_reuse')).toBe('true');
    expect(r['prefix-on']!.diagnostics).toEqual([]);
  });

  it('false writes enable_kv_cache_reuse false and builds without paged context FMHA', () => {
    expect(flagValue(buildArgv(r['prefix-off']!), '--use_paged_context_fmha')).toBeUndefined();
    expect(parameter(config(r['prefix-off']!, 'tensorrt_llm'), 'enable_kv_cache_reuse')).toBe('false');
  });
});

describe('context budget', () => {
  it('derives max_input_len and max_seq_len, keeping the 8192 max_num_tokens default when a prompt fits', () => {
    const argv = buildArgv(r['budget-small']!);
    expect(flagValue(argv, '--max_input_len')).toBe('3000');
    expect(flagValue(argv, '--max_seq_len')).toBe('4000');
    expect(flagValue(argv, '--max_num_tokens')).toBeUndefined(); // trtllm-build's own 8192 ≥ 3000
  });

  it('raises max_num_tokens to hold a whole prompt, in whole KV blocks', () => {
    const argv = buildArgv(r['budget-large']!);
    expect(flagValue(argv, '--max_input_len')).toBe('10000');
    expect(flagValue(argv, '--max_seq_len')).toBe('12000');
    expect(flagValue(argv, '--max_num_tokens')).toBe('10048'); // ⌈10000 / 64⌉ × 64
  });

  it('keeps max_num_tokens a multiple of a non-default block size (no TRT115 on a derived value)', () => {
    // (blocks are powers of two, TRT141: 128 rather than an odd size)
    const res = r['budget-odd-block']!;
    expect(res.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // unset: trtllm-build's default 8192, also a multiple
    expect(Number(flagValue(buildArgv(res), '--max_num_tokens') ?? 8192) % 128).toBe(0);
  });
});
