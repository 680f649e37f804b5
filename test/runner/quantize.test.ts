import { mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readManifest } from '@trtforge/runner';
import { cli } from './helpers/cli.js';
import { runUntil, serveOnce, statuses } from './helpers/run.js';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

/** The weights' config.json of Llama-3.1-8B-Instruct (the runner checks the family and tp against it before converting). */
const LLAMA_31_8B = { architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 4096, intermediate_size: 14336, num_attention_heads: 32, num_key_value_heads: 8, vocab_size: 128256 };

/**
 * The committed llama-3.1-8b-fp8 plan (quantize.py FP8 + FP8 KV cache, FP8 context FMHA) run end to
 * end on the stand-in tools: the quantize step fills the checkpoint slot, is cached like convert, and
 * its key holds the calibration dataset's files. GPU 1 is the spec's; the stand-in nvidia-smi reports
 * the compute capabilities given per id. Figures and artifacts are the stand-ins', never a model's.
 */
describe('quantize step (stand-in quantize.py) → build', () => {
  let ws: Workspace;
  const hopper = { TRTFORGE_STANDIN_GPUS: '8.6,9.0' };
  beforeEach(async () => {
    ws = await createWorkspace({ generated: 'llama-3.1-8b-fp8', hfConfig: LLAMA_31_8B });
    mkdirSync(join(ws.root, 'data', 'cnn_dailymail'), { recursive: true });
    writeFileSync(join(ws.root, 'data', 'cnn_dailymail', 'train.jsonl'), '{"article": "one"}\n');
    ws.editPlan((plan) => {
      plan.inputs.calibDataset = 'data/cnn_dailymail'; // relative to the repository root, as a spec may write it
    });
    Object.assign(ws.env, hopper);
  });
  afterEach(() => ws.cleanup());

  it('runs quantize.py in the checkpoint slot, and trtllm-build on its FP8 checkpoint', async () => {
    const run = await runUntil(ws, 'build');
    expect(statuses(run)).toEqual({ convert: 'built', build: 'built' });
    // The stand-in accepted the argv (it exits 2 on any flag quantize.py's argparse lacks).
    const quantize = run.commands.find((c) => c.some((a) => a.endsWith('examples/quantization/quantize.py')))!;
    expect(quantize).toEqual(expect.arrayContaining(['--qformat', 'fp8', '--kv_cache_dtype', 'fp8', '--calib_dataset']));
    expect(quantize[quantize.indexOf('--calib_dataset') + 1]).toBe(join(ws.root, 'data', 'cnn_dailymail'));
    const checkpoint = JSON.parse(readFileSync(join(readlinkSync(join(ws.stateDir, 'checkpoint')), 'config.json'), 'utf8'));
    expect(checkpoint.quantization).toEqual({ quant_algo: 'FP8', kv_cache_quant_algo: 'FP8' });
    expect(checkpoint.mapping).toEqual({ world_size: 1, tp_size: 1, pp_size: 1 });
    const engine = JSON.parse(readFileSync(join(readlinkSync(join(ws.stateDir, 'engine')), 'config.json'), 'utf8'));
    expect(engine.build_config.use_fp8_context_fmha).toBe('enable');
    expect(engine.pretrained_config.quantization.quant_algo).toBe('FP8');
  });

  it('serves the FP8 engine: quantize → build → assemble → tritonserver becomes ready on GPU 1', async () => {
    const run = await serveOnce(ws);
    expect(run.status).toBe('started');
    expect(statuses(run)).toEqual({ convert: 'built', build: 'built', repo: 'built' });
  });

  it('is reused while the dataset is unchanged, and quantizes again when its files change', async () => {
    await runUntil(ws, 'build');
    expect(statuses(await runUntil(ws, 'build'))).toEqual({ convert: 'reused', build: 'reused' });
    const first = (await readManifest(ws.stateDir, 'convert'))!;
    expect(first.components).toHaveProperty('calibration.files', { 'train.jsonl': expect.stringMatching(/^[0-9a-f]{64}$/) });
    writeFileSync(join(ws.root, 'data', 'cnn_dailymail', 'train.jsonl'), '{"article": "two"}\n');
    const again = await runUntil(ws, 'build');
    expect(statuses(again)).toEqual({ convert: 'built', build: 'built' });
    const reasons = (again.outcomes.convert!.reasons ?? []).join('\n');
    expect(reasons).toContain('calibration');
  });

  it('a calibration size in the key is another checkpoint', async () => {
    await runUntil(ws, 'convert');
    ws.editPlan((plan) => {
      const key = plan.steps.convert.cacheKey as { quantize: { calibSize: number }; argv: string[] };
      key.quantize.calibSize = 256;
      plan.steps.convert.argv = plan.steps.convert.argv.map((a) => (a === '512' ? '256' : a));
    });
    expect(statuses(await runUntil(ws, 'convert'))).toEqual({ convert: 'built' });
  });

  it('a missing dataset directory is one clear line naming the path and the spec field', async () => {
    ws.editPlan((plan) => {
      plan.inputs.calibDataset = 'data/nowhere';
    });
    const result = await cli(ws, ['convert', ws.model], hopper);
    expect(result.code).toBe(1);
    const output = result.stderr + result.stdout;
    // doctor's preflight says it before anything is hashed or started
    expect(output).toMatch(new RegExp(`✗ calibration dataset +${join(ws.root, 'data', 'nowhere').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} does not exist`));
    expect(output).toContain('quantization.calibDataset');
    expect(output).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('doctor: FP8 against the GPUs\' compute capability', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await createWorkspace({ generated: 'llama-3.1-8b-fp8', hfConfig: LLAMA_31_8B });
  });
  afterEach(() => ws.cleanup());

  it('an Ampere GPU (8.0) fails before anything runs, naming the GPU, its capability and the limit', async () => {
    const result = await cli(ws, ['doctor', ws.model, '--runtime', 'local'], { TRTFORGE_STANDIN_GPUS: '8.0,8.0' });
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toMatch(/✗ precision +GPU 1 \(.+\) has compute capability 8\.0: fp8 weights need compute capability ≥ 8\.9/);
    expect(result.stdout).toContain('fp8 KV cache needs compute capability ≥ 8.9');
    expect(result.stdout).toContain('FP8 context FMHA (build.plugins.useFp8ContextFmha) runs only on compute capability 8.9 or 9.0');
    const convert = await cli(ws, ['convert', ws.model], { TRTFORGE_STANDIN_GPUS: '8.0,8.0' });
    expect(convert.code).toBe(1);
    expect(convert.stderr + convert.stdout).toContain('precision');
  });

  it('Blackwell (10.0) has FP8 but not the 0.17 FP8 context FMHA kernel', async () => {
    const result = await cli(ws, ['doctor', ws.model, '--runtime', 'local'], { TRTFORGE_STANDIN_GPUS: '9.0,10.0' });
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toMatch(/✗ precision +GPU 1 .* compute capability 10\.0: FP8 context FMHA/);
    expect(result.stdout).not.toContain('fp8 weights need');
  });

  it('a Hopper GPU (9.0) passes', async () => {
    const result = await cli(ws, ['doctor', ws.model, '--runtime', 'local'], { TRTFORGE_STANDIN_GPUS: '8.0,9.0' });
    expect(result.stdout).toMatch(/✓ precision +fp8 \+ fp8 KV cache on compute 9\.0/);
  });
});
