import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Plan } from '@trtforge/spec';
import { checkCheckpointKind } from '../src/doctor/checkpoint-kind.js';
import { checkFamily } from '../src/doctor/weights.js';

const plan = (model: string) => JSON.parse(readFileSync(new URL(`../../../generated/${model}/plan.json`, import.meta.url), 'utf8')) as Plan;
const MODELOPT = plan('llama-3.1-8b-fp8-modelopt');
const QUANTIZE = plan('llama-3.1-8b-fp8');
const PLAIN = plan('qwen2.5-0.5b');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trtforge-ckpt-kind-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, json: unknown) => writeFileSync(join(dir, name), JSON.stringify(json));

describe('the model directory against source.checkpoint', () => {
  it('hf plans (convert or quantize) pass on 16-bit weights and say what they looked for', async () => {
    for (const p of [PLAIN, QUANTIZE]) {
      const check = (await checkCheckpointKind(p, dir, {}))!;
      expect(check.status).toBe('ok');
      expect(check.detail).toContain('no hf_quant_config.json, quant_config.json, quantize_config.json, no config.json quantization_config');
    }
  });

  it.each(['hf_quant_config.json', 'quant_config.json', 'quantize_config.json'])('an hf plan fails on a directory holding %s', async (name) => {
    file(name, { quantization: { quant_algo: 'FP8' } });
    const check = (await checkCheckpointKind(PLAIN, dir, {}))!;
    expect(check.status).toBe('fail');
    expect(check.detail).toContain(`holds weights that are already quantized (${name}`);
    expect(check.detail).toContain('the plan converts them with examples/qwen/convert_checkpoint.py as if they were 16-bit');
    expect(check.fix).toContain('models/qwen2.5-0.5b/model.ts');
  });

  it('an hf plan fails on config.json quantization_config alone, naming its quant_method', async () => {
    const check = (await checkCheckpointKind(PLAIN, dir, { quantization_config: { quant_method: 'awq' } }))!;
    expect(check.status).toBe('fail');
    expect(check.detail).toContain('(config.json quantization_config (quant_method "awq"))');
  });

  it('a modelopt plan passes when hf_quant_config.json says FP8 / FP8, and fails on 16-bit weights', async () => {
    expect((await checkCheckpointKind(MODELOPT, dir, {}))!.status).toBe('fail');
    file('hf_quant_config.json', { producer: { name: 'modelopt' }, quantization: { quant_algo: 'FP8', kv_cache_quant_algo: 'FP8' } });
    expect((await checkCheckpointKind(MODELOPT, dir, {}))!).toMatchObject({ status: 'ok', name: 'pre-quantized weights' });
  });

  it('a modelopt plan on an INT4-AWQ ModelOpt export names both algorithms', async () => {
    file('hf_quant_config.json', { quantization: { quant_algo: 'W4A16_AWQ', kv_cache_quant_algo: null } });
    const check = (await checkCheckpointKind(MODELOPT, dir, {}))!;
    expect(check.status).toBe('fail');
    expect(check.detail).toContain('quant_algo "W4A16_AWQ", the spec says FP8 (quantization.format fp8)');
  });

  it('is absent for a plan without the release data (an older plan.json)', async () => {
    const old = { ...PLAIN, family: { ...PLAIN.family!, checkpoint: undefined } } as Plan;
    expect(await checkCheckpointKind(old, dir, {})).toBeUndefined();
  });
});

describe('Qwen3 weights', () => {
  it('are named as Qwen3 with the releases that lack it, for any family the plan assumes', () => {
    for (const p of [PLAIN, QUANTIZE]) {
      const check = checkFamily(p.family!, { model_type: 'qwen3', architectures: ['Qwen3ForCausalLM'] }, p.spec);
      expect(check.status).toBe('fail');
      expect(check.detail).toMatch(/^config\.json model_type "qwen3", architectures Qwen3ForCausalLM: Qwen3 — no release trtforge supports converts Qwen3/);
      expect(check.detail).toContain('0.16.0, 0.17.0, 0.18.2 and 0.19.0');
    }
    const moe = checkFamily(PLAIN.family!, { model_type: 'qwen3_moe' }, PLAIN.spec);
    expect(moe.detail).toContain('Qwen3-MoE — no release trtforge supports converts Qwen3-MoE');
  });

  it('a type no family knows at all keeps the generic message', () => {
    expect(checkFamily(PLAIN.family!, { model_type: 'gpt2' }, PLAIN.spec).detail).toContain('no family trtforge ships converts these weights');
  });
});
