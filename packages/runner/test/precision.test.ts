import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Plan, PlanPrecision } from '@trtforge/spec';
import { capabilityValue, checkCalibDataset, checkPrecisionGpus, checkPrequantized, unmetRequirements } from '../src/doctor/precision.js';
import type { GpuQuery } from '../src/probe/gpu.js';
import type { Probes } from '../src/probe/probes.js';
import { datasetIdentity } from '../src/store/dataset.js';
import { FileHashMemo } from '../src/store/file-memo.js';

const FP8 = JSON.parse(readFileSync(new URL('../../../generated/llama-3.1-8b-fp8/plan.json', import.meta.url), 'utf8')) as Plan;
const QWEN = JSON.parse(readFileSync(new URL('../../../generated/qwen2.5-0.5b/plan.json', import.meta.url), 'utf8')) as Plan;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trtforge-precision-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const probes = (query: GpuQuery): Probes => ({ image: async (ref: string) => ({ ref, id: 'sha256:x' }), gpus: async () => query }) as unknown as Probes;
const gpus = (...caps: string[]): GpuQuery => ({ ok: true, gpus: caps.map((computeCap, index) => ({ index, name: `GPU${index}`, computeCap, memoryMiB: 1 })) });

describe('compute capabilities', () => {
  it('compare as numbers: 10.0 is above 9.0 and 8.9, 8.6 below 8.9', () => {
    expect(capabilityValue('10.0')).toBeGreaterThan(capabilityValue('9.0'));
    expect(capabilityValue('9.0')).toBeGreaterThan(capabilityValue('8.9'));
    expect(capabilityValue('8.6')).toBeLessThan(capabilityValue('8.9'));
    expect(capabilityValue('12.0')).toBeGreaterThan(capabilityValue('8.9')); // not a string comparison
  });

  it('the example plan: 8.9 and 9.0 meet everything, 8.6 nothing FP8, 12.0 all but the FP8 context FMHA kernel', () => {
    expect(unmetRequirements(FP8.precision!, '8.9')).toEqual([]);
    expect(unmetRequirements(FP8.precision!, '9.0')).toEqual([]);
    expect(unmetRequirements(FP8.precision!, '8.6')).toHaveLength(3);
    expect(unmetRequirements(FP8.precision!, '12.0')).toEqual([expect.stringContaining('FP8 context FMHA')]);
  });
});

describe('doctor precision check', () => {
  it('is absent for a plan that does not quantize', async () => {
    expect(await checkPrecisionGpus(probes(gpus('7.5')), QWEN)).toBeUndefined();
  });

  it('looks at the plan\'s GPUs, not GPU 0', async () => {
    // The example runs on GPU 1.
    expect((await checkPrecisionGpus(probes(gpus('8.0', '9.0')), FP8))!.status).toBe('ok');
    const fail = (await checkPrecisionGpus(probes(gpus('9.0', '8.0')), FP8))!;
    expect(fail.status).toBe('fail');
    expect(fail.detail).toContain('GPU 1 (GPU1) has compute capability 8.0');
  });

  it('skips when there is no GPU to compare (the GPU check reports that)', async () => {
    expect((await checkPrecisionGpus(probes({ ok: false, reason: 'no driver' }), FP8))!.status).toBe('skip');
  });
});

describe('a ModelOpt pre-quantized checkpoint against the spec', () => {
  const precision: PlanPrecision = { ...FP8.precision!, from: 'checkpoint', marker: 'hf_quant_config.json' };
  const plan = { ...FP8, precision } as Plan;
  const model = (config?: unknown) => {
    const md = join(dir, 'hf');
    mkdirSync(md, { recursive: true });
    if (config !== undefined) writeFileSync(join(md, 'hf_quant_config.json'), typeof config === 'string' ? config : JSON.stringify(config));
    return { modelDir: md, tokenizerDir: md };
  };

  it('passes when hf_quant_config.json says FP8 weights and FP8 KV cache', async () => {
    const check = await checkPrequantized(plan, model({ producer: { name: 'modelopt' }, quantization: { quant_algo: 'FP8', kv_cache_quant_algo: 'FP8' } }));
    expect(check).toMatchObject({ status: 'ok' });
  });

  it('fails naming both values when the KV cache is not what the spec says', async () => {
    const check = (await checkPrequantized(plan, model({ quantization: { quant_algo: 'FP8' } })))!;
    expect(check.status).toBe('fail');
    expect(check.detail).toContain('kv_cache_quant_algo null, the spec says "FP8" (quantization.kvCacheDtype fp8)');
  });

  it('fails on a model directory that is no ModelOpt checkpoint, and on broken JSON', async () => {
    expect((await checkPrequantized(plan, model()))!.detail).toMatch(/hf_quant_config\.json does not exist: .* is not a ModelOpt checkpoint/);
    expect((await checkPrequantized(plan, model('{')))!.detail).toContain('is not valid JSON');
  });

  it('is absent when the plan quantizes itself', async () => {
    expect(await checkPrequantized(FP8, model())).toBeUndefined();
  });
});

describe('calibration dataset identity', () => {
  it('hashes every file below the directory (git metadata aside), and changes with any of them', async () => {
    const ds = join(dir, 'cnn_dailymail');
    mkdirSync(join(ds, '3.0.0'), { recursive: true });
    mkdirSync(join(ds, '.git'), { recursive: true });
    writeFileSync(join(ds, '3.0.0', 'train-0.parquet'), 'rows');
    writeFileSync(join(ds, 'README.md'), 'card');
    writeFileSync(join(ds, '.git', 'HEAD'), 'ref');
    const memo = new FileHashMemo(join(dir, 'memo.json'), false);
    const first = await datasetIdentity(ds, memo);
    expect(Object.keys(first.files)).toEqual(['3.0.0/train-0.parquet', 'README.md']);
    writeFileSync(join(ds, '3.0.0', 'train-0.parquet'), 'other rows');
    expect((await datasetIdentity(ds, memo)).files['3.0.0/train-0.parquet']).not.toBe(first.files['3.0.0/train-0.parquet']);
  });

  it('a missing or empty directory is a clear error naming it', async () => {
    const memo = new FileHashMemo(join(dir, 'memo.json'), false);
    await expect(datasetIdentity(join(dir, 'nowhere'), memo)).rejects.toThrow(`calibration dataset ${join(dir, 'nowhere')} does not exist or cannot be read`);
    mkdirSync(join(dir, 'empty'));
    await expect(datasetIdentity(join(dir, 'empty'), memo)).rejects.toThrow('is empty');
  });
});

describe('doctor calibration dataset check', () => {
  it('fails on a missing or empty directory with the download line, passes on one with files, is absent without a dataset', async () => {
    const inputs = (calibDataset?: string) => ({ modelDir: dir, tokenizerDir: dir, ...(calibDataset ? { calibDataset } : {}) });
    const missing = (await checkCalibDataset(FP8, inputs(join(dir, 'cnn_dailymail'))))!;
    expect(missing).toMatchObject({ status: 'fail', detail: `${join(dir, 'cnn_dailymail')} does not exist` });
    expect(missing.fix).toContain('huggingface-cli download --repo-type dataset');
    mkdirSync(join(dir, 'cnn_dailymail'));
    expect((await checkCalibDataset(FP8, inputs(join(dir, 'cnn_dailymail'))))!.status).toBe('fail');
    writeFileSync(join(dir, 'cnn_dailymail', 'train.jsonl'), '{}');
    expect((await checkCalibDataset(FP8, inputs(join(dir, 'cnn_dailymail'))))!.status).toBe('ok');
    expect(await checkCalibDataset(QWEN, inputs())).toBeUndefined();
  });
});
