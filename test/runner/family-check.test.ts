import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, STACK_TRACE } from './helpers/cli.js';
import { runUntil } from './helpers/run.js';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

/**
 * The compiler cannot see the weights: the family the plan's converter takes and the way tp
 * splits the heads are checked against the weights' config.json before anything runs — by the
 * CLI (doctor preflight) and by the runner itself right before the convert step.
 */
const LLAMA_3_8B = { architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 4096, intermediate_size: 14336, num_attention_heads: 32, num_key_value_heads: 8, vocab_size: 128256 };

describe('weights that the plan cannot convert are refused before anything runs', () => {
  let ws: Workspace | undefined;
  afterEach(() => ws?.cleanup());
  const storeEntries = () => (existsSync(join(ws!.store, 'entries')) ? readdirSync(join(ws!.store, 'entries')) : []);

  it('llama weights, family qwen (not set in the spec): convert exits 1 naming both, nothing runs', async () => {
    // GIVEN the generated qwen2.5-0.5b plan (no source.family: qwen assumed) and Llama weights
    ws = await createWorkspace({ generated: 'qwen2.5-0.5b', hfConfig: LLAMA_3_8B });
    expect(ws.plan().family).toMatchObject({ name: 'qwen', explicit: false });
    // WHEN the user converts
    const result = await cli(ws, ['convert', 'qwen2.5-0.5b']);
    // THEN one clear report names the weights' family and the spec's, and the fix
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the weights are family "llama" (config.json model_type "llama", architectures LlamaForCausalLM) but source.family is not set, so "qwen" is assumed: examples/qwen/convert_checkpoint.py cannot convert them');
    expect(result.stderr).toContain("fix: set source: { family: 'llama' } in models/qwen2.5-0.5b/model.ts");
    expect(result.stderr).not.toMatch(STACK_TRACE);
    // AND no step ran: nothing stored
    expect(storeEntries()).toEqual([]);
  });

  it('llama weights, family qwen written in the spec: the message says the spec chose qwen', async () => {
    ws = await createWorkspace({ generated: 'qwen2.5-0.5b', hfConfig: LLAMA_3_8B });
    ws.editPlan((plan) => { plan.family!.explicit = true; });
    const result = await cli(ws, ['convert', 'qwen2.5-0.5b']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('✗ cannot convert on this host: model family');
    expect(result.stderr).toContain('the weights are family "llama" (config.json model_type "llama", architectures LlamaForCausalLM) but source.family is "qwen": examples/qwen/convert_checkpoint.py cannot convert them');
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect(storeEntries()).toEqual([]);
  });

  it('tp 4 on weights with 14 attention heads: convert exits 1 naming the heads and the tp values that fit', async () => {
    // GIVEN the generated tp=4 plan and weights shaped like Qwen2.5-0.5B (14 heads, 2 KV heads)
    ws = await createWorkspace({ generated: 'qwen2.5-32b-tp4', hfConfig: { num_attention_heads: 14, num_key_value_heads: 2, hidden_size: 896, intermediate_size: 4864, vocab_size: 151936 } });
    const result = await cli(ws, ['convert', 'qwen2.5-32b-tp4']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/✗ tensor parallel +num_attention_heads 14 is not divisible by tp 4 \(each rank takes whole attention heads\)/);
    expect(result.stderr).toContain('✗ cannot convert on this host: tensor parallel');
    expect(result.stderr).not.toContain('num_key_value_heads'); // 2 KV heads are replicated across 4 ranks: fine
    expect(result.stderr).toContain('fix: set parallelism.tp to one of 1, 2, 14 (and as many parallelism.gpuIds)');
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect(storeEntries()).toEqual([]);
  });

  it('doctor reports the family and the split it checked when they fit', async () => {
    ws = await createWorkspace({ generated: 'qwen2.5-32b-tp4' });
    const result = await cli(ws, ['doctor', 'qwen2.5-32b-tp4']);
    expect(result.stdout).toMatch(/✓ model family +qwen: config.json model_type "qwen2", architectures Qwen2ForCausalLM → examples\/qwen\/convert_checkpoint.py \(source.family not set\)/);
    expect(result.stdout).toMatch(/✓ tensor parallel +tp 4 divides 40 attention heads, 8 KV heads, hidden 5120, intermediate 27648/);
  });

  it('the runner itself refuses before the convert container starts (no CLI preflight)', async () => {
    ws = await createWorkspace({ generated: 'qwen2.5-0.5b', hfConfig: { architectures: ['Gemma2ForCausalLM'], model_type: 'gemma2' } });
    await expect(runUntil(ws, 'convert')).rejects.toThrow(/cannot convert .*: the weights are family "gemma" \(config.json model_type "gemma2", architectures Gemma2ForCausalLM\) but source.family is not set, so "qwen" is assumed/);
    expect(storeEntries()).toEqual([]);
  });

  it('weights of a model type no family converts: the message lists what is supported', async () => {
    ws = await createWorkspace({ generated: 'qwen2.5-0.5b', hfConfig: { architectures: ['GPT2LMHeadModel'], model_type: 'gpt2' } });
    const result = await cli(ws, ['doctor', 'qwen2.5-0.5b']);
    expect(result.stdout).toMatch(/✗ model family +config.json model_type "gpt2", architectures GPT2LMHeadModel: no family trtforge ships converts these weights/);
    expect(result.stdout).toContain('fix: use Hugging Face weights of a supported model type (gemma, gemma2, llama, mistral, mixtral, phi, phi3, phi3small, phi3_v, phimoe, qwen, qwen2, qwen2_moe)');
  });
});
