import { describe, expect, it } from 'vitest';
import type { PlanFamily } from '@trtforge/spec';
import { checkFamily, checkTensorParallel } from '../src/doctor/weights.js';

/** The family data a plan carries (here: llama at 0.17.0, as the compiler emits it). */
const llama = (over: Partial<PlanFamily> = {}): PlanFamily => ({
  name: 'llama',
  explicit: true,
  converter: 'examples/llama/convert_checkpoint.py',
  modelTypes: ['llama', 'mistral', 'mixtral'],
  architectures: ['LlamaForCausalLM', 'MistralForCausalLM', 'MixtralForCausalLM'],
  known: { modelTypes: { llama: 'llama', mistral: 'llama', qwen2: 'qwen', gemma2: 'gemma' }, architectures: { LlamaForCausalLM: 'llama', Qwen2ForCausalLM: 'qwen', Gemma2ForCausalLM: 'gemma' } },
  tp: 1,
  pp: 1,
  embeddingSplitDim: null,
  table: { commit: '04a2cacbfd3b9ac76191bd8498ad871607b63a04', tag: 'v0.17.0', exact: false },
  ...over,
});

describe('model family check (config.json model_type / architectures vs the plan\'s family)', () => {
  it('Mistral weights convert with the llama family', () => {
    expect(checkFamily(llama(), { model_type: 'mistral', architectures: ['MistralForCausalLM'] }, 'models/m/model.ts').status).toBe('ok');
  });
  it('an architecture the family takes is enough even with an unknown model_type', () => {
    expect(checkFamily(llama(), { model_type: 'llama_custom', architectures: ['LlamaForCausalLM'] }, 'models/m/model.ts').status).toBe('ok');
  });
  it('Qwen weights under an explicit llama family: both names and the fix', () => {
    const check = checkFamily(llama(), { model_type: 'qwen2', architectures: ['Qwen2ForCausalLM'] }, 'models/m/model.ts');
    expect(check).toEqual({
      name: 'model family',
      status: 'fail',
      detail: 'the weights are family "qwen" (config.json model_type "qwen2", architectures Qwen2ForCausalLM) but source.family is "llama": examples/llama/convert_checkpoint.py cannot convert them',
      fix: "set source: { family: 'qwen' } in models/m/model.ts",
    });
  });
  it('a config.json without model_type or architectures is refused, not waved through', () => {
    expect(checkFamily(llama(), {}, 'models/m/model.ts').detail).toMatch(/^config.json model_type \(none\): no family trtforge ships converts these weights/);
  });
});

describe('tensor-parallel split (heads, KV heads, hidden, intermediate, vocab with a parallel embedding)', () => {
  const llama70b = { num_attention_heads: 64, num_key_value_heads: 8, hidden_size: 8192, intermediate_size: 28672, vocab_size: 128256 };
  it.each([
    [4, 'ok', 'tp 4 divides 64 attention heads, 8 KV heads, hidden 8192, intermediate 28672'],
    [16, 'ok', 'tp 16 divides 64 attention heads, 8 KV heads (replicated), hidden 8192, intermediate 28672'],
    [3, 'fail', 'num_attention_heads 64 is not divisible by tp 3'],
  ])('Llama-3.3-70B at tp %i: %s', (tp, status, text) => {
    const check = checkTensorParallel(llama({ tp }), llama70b);
    expect(check.status).toBe(status);
    expect(check.detail).toContain(text);
  });
  it('KV heads that neither divide nor are divided by tp', () => {
    // 12 heads / 3 KV heads at tp 4: 12 % 4 = 0, but 4 % 3 ≠ 0 (dup_kv_weight asserts)
    const check = checkTensorParallel(llama({ tp: 4 }), { num_attention_heads: 12, num_key_value_heads: 3, hidden_size: 1536 });
    expect(check.status).toBe('fail');
    expect(check.detail).toContain('num_key_value_heads 3 does not fit tp 4');
    expect(check.fix).toBe('set parallelism.tp to one of 1, 3, 6, 12 (and as many parallelism.gpuIds)');
  });
  it('vocabulary split only with a parallel embedding on dimension 0 (the lm_head is padded anyway)', () => {
    const odd = { num_attention_heads: 32, num_key_value_heads: 8, hidden_size: 4096, vocab_size: 32001 };
    expect(checkTensorParallel(llama({ tp: 2 }), odd).status).toBe('ok');
    expect(checkTensorParallel(llama({ tp: 2, embeddingSplitDim: 1 }), odd).status).toBe('ok');
    const split = checkTensorParallel(llama({ tp: 2, embeddingSplitDim: 0 }), odd);
    expect(split.status).toBe('fail');
    expect(split.detail).toContain('vocab_size 32001 is not divisible by tp 2');
  });
  it('tp 1 needs nothing from the weights', () => {
    expect(checkTensorParallel(llama(), {}).status).toBe('ok');
  });
});
