import { readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readManifest } from '@trtforge/runner';
import { cli, STACK_TRACE } from './helpers/cli.js';
import { runUntil, serveOnce, statuses } from './helpers/run.js';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

/** config.json of nvidia/Llama-3.1-8B-Instruct-FP8 as far as the runner reads it (family, tp split). */
const LLAMA_31_8B = { architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 4096, intermediate_size: 14336, num_attention_heads: 32, num_key_value_heads: 8, vocab_size: 128256 };
/** ModelOpt's hf_quant_config.json layout ({ producer, quantization: { quant_algo, kv_cache_quant_algo } }). */
const FP8_FP8 = { producer: { name: 'modelopt', version: '0.15.1' }, quantization: { quant_algo: 'FP8', kv_cache_quant_algo: 'FP8', exclude_modules: ['lm_head'] } };
const MODEL = 'llama-3.1-8b-fp8-modelopt';
/** The spec's GPU 13 on Hopper (the stand-in nvidia-smi reports one capability per index). */
const HOPPER = { TRTFORGE_STANDIN_GPUS: Array.from({ length: 14 }, () => '9.0').join(',') };

/**
 * The committed llama-3.1-8b-fp8-modelopt plan (source.checkpoint 'modelopt': NVIDIA's FP8
 * checkpoint loaded as it is) run on the stand-in tools: llama's convert_checkpoint.py with
 * --use_fp8 --fp8_kv_cache (no quantize.py, no calibration), then trtllm-build on the FP8
 * checkpoint, then the server. Artifacts are the stand-ins', never a model's.
 */
describe('a ModelOpt FP8 checkpoint: convert → build → serve on the stand-ins', () => {
  let ws: Workspace;
  const quantConfig = (config: unknown) => writeFileSync(join(ws.modelDir, 'hf_quant_config.json'), JSON.stringify(config));
  beforeEach(async () => {
    ws = await createWorkspace({ generated: MODEL, hfConfig: LLAMA_31_8B });
    quantConfig(FP8_FP8);
    Object.assign(ws.env, HOPPER);
  });
  afterEach(() => ws.cleanup());

  it('converts with the family converter and the FP8 loading flags, and builds an FP8 engine', async () => {
    const run = await runUntil(ws, 'build');
    expect(statuses(run)).toEqual({ convert: 'built', build: 'built' });
    expect(run.commands.some((c) => c.some((a) => a.endsWith('examples/quantization/quantize.py')))).toBe(false);
    // The stand-in accepted the argv (it exits 2 on a flag llama's argparse lacks).
    const convert = run.commands.find((c) => c.some((a) => a.endsWith('examples/llama/convert_checkpoint.py')))!;
    expect(convert).toEqual(expect.arrayContaining(['--use_fp8', '--fp8_kv_cache']));
    expect(convert).not.toContain('--calib_dataset');
    const checkpoint = JSON.parse(readFileSync(join(readlinkSync(join(ws.stateDir, 'checkpoint')), 'config.json'), 'utf8'));
    expect(checkpoint.quantization).toEqual({ quant_algo: 'FP8', kv_cache_quant_algo: 'FP8' });
    // trtllm-build takes no quantization flag: it reads the checkpoint's config.json.
    const build = run.commands.find((c) => c[0]?.endsWith('trtllm-build'))!;
    expect(build.filter((a) => /fp8|quant/i.test(a))).toEqual([]);
    const engine = JSON.parse(readFileSync(join(readlinkSync(join(ws.stateDir, 'engine')), 'config.json'), 'utf8'));
    expect(engine.pretrained_config.quantization).toMatchObject({ quant_algo: 'FP8', kv_cache_quant_algo: 'FP8' });
  });

  it('serves it: convert → build → assemble → tritonserver becomes ready on GPU 13', async () => {
    const run = await serveOnce(ws);
    expect(run.status).toBe('started');
    expect(statuses(run)).toEqual({ convert: 'built', build: 'built', repo: 'built' });
  });

  it('hf_quant_config.json is part of the weights\' identity: another one is another checkpoint', async () => {
    await runUntil(ws, 'convert');
    const first = (await readManifest(ws.stateDir, 'convert'))!;
    expect(first.components).toHaveProperty(['weights', 'files', 'hf_quant_config.json'], expect.stringMatching(/^[0-9a-f]{64}$/));
    expect(statuses(await runUntil(ws, 'convert'))).toEqual({ convert: 'reused' });
    quantConfig({ ...FP8_FP8, quantization: { ...FP8_FP8.quantization, exclude_modules: ['lm_head', 'model.layers.0.mlp'] } });
    const again = await runUntil(ws, 'convert');
    expect(statuses(again)).toEqual({ convert: 'built' });
    expect((again.outcomes.convert!.reasons ?? []).join('\n')).toContain('hf_quant_config.json');
  });
});

describe('weights that are not what source.checkpoint says are refused before anything runs', () => {
  let ws: Workspace | undefined;
  afterEach(() => ws?.cleanup());

  it('spec modelopt FP8 + FP8 KV, checkpoint without an FP8 KV cache: convert exits 1 naming both, nothing runs', async () => {
    ws = await createWorkspace({ generated: MODEL, hfConfig: LLAMA_31_8B });
    writeFileSync(join(ws.modelDir, 'hf_quant_config.json'), JSON.stringify({ producer: { name: 'modelopt' }, quantization: { quant_algo: 'FP8', kv_cache_quant_algo: null } }));
    const result = await cli(ws, ['convert', MODEL], HOPPER);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('kv_cache_quant_algo null, the spec says "FP8" (quantization.kvCacheDtype fp8)');
    expect(result.stderr).toContain(`make quantization in models/${MODEL}/model.ts say what the checkpoint holds`);
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect(result.stdout + result.stderr).not.toContain('convert_checkpoint.py --model_dir');
  });

  it('spec modelopt, 16-bit weights (no hf_quant_config.json): refused, naming the file', async () => {
    ws = await createWorkspace({ generated: MODEL, hfConfig: LLAMA_31_8B });
    const result = await cli(ws, ['convert', MODEL], HOPPER);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/hf_quant_config\.json does not exist: .* is not a ModelOpt checkpoint/);
    expect(result.stderr).not.toMatch(STACK_TRACE);
  });

  it('spec modelopt, weights with a non-ModelOpt quantization_config in config.json: the message says so', async () => {
    ws = await createWorkspace({ generated: MODEL, hfConfig: { ...LLAMA_31_8B, quantization_config: { quant_method: 'compressed-tensors' } } });
    const result = await cli(ws, ['doctor', MODEL, '--runtime', 'local'], HOPPER);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('its config.json has quantization_config (quant_method "compressed-tensors"), which is not a ModelOpt export');
  });

  it('vice versa: the quantize-it-yourself FP8 spec on a ModelOpt FP8 checkpoint is refused before quantize.py runs', async () => {
    ws = await createWorkspace({ generated: 'llama-3.1-8b-fp8', hfConfig: LLAMA_31_8B });
    writeFileSync(join(ws.modelDir, 'hf_quant_config.json'), JSON.stringify(FP8_FP8));
    ws.editPlan((plan) => { plan.inputs.calibDataset = ws!.modelDir; }); // a directory that exists: only the weights are wrong
    const result = await cli(ws, ['convert', 'llama-3.1-8b-fp8'], { TRTFORGE_STANDIN_GPUS: '9.0,9.0' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('✗ checkpoint kind');
    expect(result.stderr).toContain('holds weights that are already quantized (hf_quant_config.json (quant_algo "FP8", kv_cache_quant_algo "FP8")), but source.checkpoint is "hf": the plan quantizes them (fp8) with examples/quantization/quantize.py as if they were 16-bit');
    expect(result.stderr).toContain("set source: { checkpoint: 'modelopt' }");
    expect(result.stderr).not.toMatch(STACK_TRACE);
  });

  it('vice versa, runner API without the CLI preflight: a plain bf16 plan on GPTQ weights (quantize_config.json) fails at the gate', async () => {
    ws = await createWorkspace({ generated: 'qwen2.5-0.5b', hfConfig: { quantization_config: { quant_method: 'gptq', bits: 4 } } });
    writeFileSync(join(ws.modelDir, 'quantize_config.json'), JSON.stringify({ bits: 4 }));
    await expect(runUntil(ws, 'convert')).rejects.toMatchObject({
      code: 'weights-checkpoint',
      message: expect.stringContaining('already quantized (quantize_config.json; config.json quantization_config (quant_method "gptq"))'),
    });
    rmSync(join(ws.modelDir, 'quantize_config.json'));
  });
});
