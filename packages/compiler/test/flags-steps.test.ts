import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '@trtforge/spec';
import { loadBackendData, type FlagTable } from '../src/backend/backend-data.js';
import { flagsFromTable } from '../src/emit/flags.js';
import { OUTPUT_DIR, SOURCE_MOUNTS } from '../src/container-layout.js';
import { baseEnv, buildStep, convertStep } from '../src/emit/steps.js';
import { resolve } from '../src/resolve/resolve.js';
import type { ResolvedModelSpec } from '../src/resolve/resolved.js';

/** A resolved-looking spec: `values` are the resolved fields, `raw` what the user wrote. */
const fakeSpec = (values: Record<string, unknown>, raw: Record<string, unknown> = {}) => ({ ...values, raw }) as unknown as ResolvedModelSpec;
const table = (options: FlagTable['options']): FlagTable => ({ tool: 'tool', options });
const noDefaults = () => undefined;

describe('flagsFromTable: one flag per decision, in table order', () => {
  it('each kind has its own spelling', () => {
    const t = table({
      'a.value': { flag: '--value', kind: 'value' },
      'a.on': { flag: '--on', kind: 'flag' },
      'a.off': { flag: '--off', kind: 'flag' },
      'a.ed1': { flag: '--ed1', kind: 'enable-disable' },
      'a.ed0': { flag: '--ed0', kind: 'enable-disable' },
      'a.list': { flag: '--list', kind: 'list' },
    });
    const spec = fakeSpec({ a: { value: 0.5, on: true, off: false, ed1: true, ed0: false, list: [1, 'b', 3] } });
    expect(flagsFromTable(t, spec, noDefaults)).toEqual(['--value', '0.5', '--on', '--ed1', 'enable', '--ed0', 'disable', '--list', '1', 'b', '3']);
  });

  it('a `when` entry is emitted only while its gate is true, and then with its value even at the default', () => {
    const t = table({ 'c.precision': { flag: '--with-precision', kind: 'value', when: 'c.on' } });
    const defaults = (path: string) => (path === 'c.precision' ? 'int8' : undefined);
    expect(flagsFromTable(t, fakeSpec({ c: { on: true, precision: 'int8' } }), defaults)).toEqual(['--with-precision', 'int8']);
    expect(flagsFromTable(t, fakeSpec({ c: { on: false, precision: 'int4' } }, { c: { precision: 'int4' } }), defaults)).toEqual([]);
  });

  it('a field without a value gives no flag, even when the tool has a default for it', () => {
    const t = table({ 'z.none': { flag: '--none', kind: 'value' } });
    expect(flagsFromTable(t, fakeSpec({}), () => 5)).toEqual([]);
  });

  it('a field without a value gives no flag', () => {
    const t = table({ 'a.missing': { flag: '--missing', kind: 'value' }, 'a.here': { flag: '--here', kind: 'value' } });
    expect(flagsFromTable(t, fakeSpec({ a: { here: 'x' } }), noDefaults)).toEqual(['--here', 'x']);
  });

  it('a resolved value equal to the tool default is left out unless the user wrote it', () => {
    const t = table({ 'b.n': { flag: '--n', kind: 'value' }, 'b.m': { flag: '--m', kind: 'value' } });
    const defaults = (path: string) => ({ 'b.n': 8, 'b.m': 8 })[path];
    expect(flagsFromTable(t, fakeSpec({ b: { n: 8, m: 8 } }, { b: { m: 8 } }), defaults)).toEqual(['--m', '8']);
    expect(flagsFromTable(t, fakeSpec({ b: { n: 16, m: 8 } }), defaults)).toEqual(['--n', '16']);
  });

  it('lists and objects are compared with the default by value', () => {
    const t = table({ 'c.ids': { flag: '--ids', kind: 'list' } });
    const defaults = () => [0, 1];
    expect(flagsFromTable(t, fakeSpec({ c: { ids: [0, 1] } }), defaults)).toEqual([]);
    expect(flagsFromTable(t, fakeSpec({ c: { ids: [1, 0] } }), defaults)).toEqual(['--ids', '1', '0']);
  });

  it('keyedOnly leaves out the flags marked keyed: false (and only those)', () => {
    const t = table({
      'd.workers': { flag: '--workers', kind: 'value', keyed: false },
      'd.batch': { flag: '--batch', kind: 'value', keyed: true },
      'd.len': { flag: '--len', kind: 'value' },
    });
    const spec = fakeSpec({ d: { workers: 4, batch: 8, len: 10 } });
    expect(flagsFromTable(t, spec, noDefaults)).toEqual(['--workers', '4', '--batch', '8', '--len', '10']);
    expect(flagsFromTable(t, spec, noDefaults, { keyedOnly: true })).toEqual(['--batch', '8', '--len', '10']);
    expect(flagsFromTable(t, spec, noDefaults, { keyedOnly: false })).toEqual(['--workers', '4', '--batch', '8', '--len', '10']);
  });
});

const backend = loadBackendData('0.17.0');
const base: ModelSpec = { name: 'm', source: { modelDir: '/models/m' } };

describe('convertStep', () => {
  it('runs the family script from the mounted TensorRT-LLM checkout, reading the weights read-only', () => {
    const spec = resolve({ ...base, parallelism: { tp: 2 }, convert: { dtype: 'bfloat16', workers: 2 } });
    const step = convertStep(spec, backend);
    const script = `${SOURCE_MOUNTS.tensorrtllm}/examples/qwen/convert_checkpoint.py`;
    expect(step.argv.slice(0, 6)).toEqual(['python3', script, '--model_dir', spec.runtime.paths.modelDir, '--output_dir', OUTPUT_DIR]);
    expect(step.argv.slice(6)).toEqual(['--tp_size', '2', '--dtype', 'bfloat16', '--workers', '2']);
    expect(step.mounts).toEqual([
      { source: { kind: 'input', name: 'modelDir' }, target: spec.runtime.paths.modelDir, readOnly: true },
      { source: { kind: 'source', name: 'tensorrtllm' }, target: '/trtforge/src/TensorRT-LLM', readOnly: true },
      { source: { kind: 'output' }, target: '/trtforge/out', readOnly: false },
    ]);
    expect(step).toMatchObject({ id: 'convert', image: spec.runtime.image, workdir: '/trtforge/out', outputDir: '/trtforge/out', passEnv: [], gpus: [0, 1] });
    expect(step.title).toBe('convert /models/m → TRT-LLM checkpoint (examples/qwen/convert_checkpoint.py)');
    expect(step.env).toEqual({ CUDA_VISIBLE_DEVICES: '0,1', HF_HUB_OFFLINE: '1', TRANSFORMERS_OFFLINE: '1' });
  });

  it('its cache key holds image, TensorRT-LLM version and source ref, and the argv without workers', () => {
    const spec = resolve({ ...base, convert: { dtype: 'bfloat16', workers: 4, loadModelOnCpu: true } });
    const key = convertStep(spec, backend).cacheKey!;
    expect(key).toEqual({
      image: spec.runtime.image,
      tensorrtllm: backend.versions.tensorrtllm,
      source: backend.versions.sources.tensorrtllm,
      argv: ['python3', `${SOURCE_MOUNTS.tensorrtllm}/examples/qwen/convert_checkpoint.py`, '--model_dir', spec.runtime.paths.modelDir, '--output_dir', OUTPUT_DIR, '--dtype', 'bfloat16'],
    });
  });

  it('a pinned weights revision enters the cache key', () => {
    const spec = resolve({ ...base, source: { ...base.source, revision: 'abc123' } });
    expect(convertStep(spec, backend).cacheKey).toMatchObject({ revision: 'abc123' });
  });

  it('gemma: weight-only is one option whose value is the precision (--use-weight-only-with-precision)', () => {
    const on = convertStep(resolve({ ...base, source: { ...base.source, family: 'gemma' }, convert: { useWeightOnly: true } }), backend);
    expect(on.argv.slice(-2)).toEqual(['--use-weight-only-with-precision', 'int8']);
    const int4 = convertStep(resolve({ ...base, source: { ...base.source, family: 'gemma' }, convert: { useWeightOnly: true, weightOnlyPrecision: 'int4' } }), backend);
    expect(int4.argv.slice(-2)).toEqual(['--use-weight-only-with-precision', 'int4']);
    const off = convertStep(resolve({ ...base, source: { ...base.source, family: 'gemma' } }), backend);
    expect(off.argv.join(' ')).not.toContain('weight-only');
  });

  it('an unknown model family is an internal error naming it', () => {
    const spec = resolve(base);
    (spec.source as { family: string }).family = 'nosuch';
    expect(() => convertStep(spec, backend)).toThrow('internal: no convert table for family nosuch');
  });
});

describe('buildStep', () => {
  it('reads the convert output read-only and keys on everything but workers and log level', () => {
    const spec = resolve({ ...base, build: { maxBatchSize: 16, builder: { workers: 2, logLevel: 'verbose' } } });
    const step = buildStep(spec, backend);
    const fixed = ['trtllm-build', '--checkpoint_dir', spec.runtime.paths.checkpointDir, '--output_dir', '/trtforge/out'];
    expect(step.argv.slice(0, 5)).toEqual(fixed);
    expect(step.argv).toContain('--workers');
    expect(step.argv).toContain('--log_level');
    expect(step.argv.join(' ')).toContain('--max_batch_size 16');
    expect(step.cacheKey).toEqual({ image: spec.runtime.image, tensorrtllm: backend.versions.tensorrtllm, argv: [...fixed, '--max_batch_size', '16'] });
    expect(step.mounts).toEqual([
      { source: { kind: 'step', step: 'convert' }, target: spec.runtime.paths.checkpointDir, readOnly: true },
      { source: { kind: 'output' }, target: '/trtforge/out', readOnly: false },
    ]);
    expect(step).toMatchObject({ id: 'build', image: spec.runtime.image, workdir: '/trtforge/out', outputDir: '/trtforge/out', passEnv: [], gpus: [0] });
    expect(step.env).toEqual(baseEnv(spec));
    expect(step.title).toBe('trtllm-build → engine (max batch 16, max input 1024, paged KV cache)');
  });
});
