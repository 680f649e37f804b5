import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '@trtforge/spec';
import { resolve } from '../src/resolve/resolve.js';

const base: ModelSpec = { name: 'm', source: { modelDir: '/models/m' } };

describe('resolve(): defaults in one place', () => {
  it('fills static defaults from DEFAULTS and derived ones from other fields', () => {
    const r = resolve({ ...base, build: { maxBatchSize: 16 } });
    expect(r.build.maxInputLen).toBe(1024);
    expect(r.triton.maxBatchSize).toBe(16);
    expect(r.triton.instances).toEqual({ preprocessing: 16, postprocessing: 16, bls: 16 });
    expect(r.source.tokenizerDir).toBe('/models/m');
    expect(r.parallelism).toEqual({ tp: 1, pp: 1, gpuIds: [0], worldSize: 1 });
    expect(r.serve.host).toBe('127.0.0.1');
  });

  it('bench: the seed\'s lengths (200 → 100 tokens) where the engine takes them, shorter where not; one request per batch slot', () => {
    expect(resolve({ ...base, build: { maxBatchSize: 12 } }).bench).toMatchObject({ inputTokens: 200, outputTokens: 100, concurrency: 12 });
    expect(resolve({ ...base, context: { maxInputTokens: 64, maxOutputTokens: 32 } }).bench).toMatchObject({ inputTokens: 64, outputTokens: 32 });
    expect(resolve({ ...base, context: { maxInputTokens: 64, maxOutputTokens: 32 }, bench: { inputTokens: 40 } }).bench).toMatchObject({ inputTokens: 40, outputTokens: 56 });
    expect(resolve({ ...base, build: { maxBatchSize: 12 }, serve: { mode: 'trtllm-serve' }, triton: { maxBatchSize: 4 } }).bench.concurrency).toBe(12);
  });

  it('streaming sets decoupled', () => {
    expect(resolve({ ...base, streaming: true }).triton.decoupled).toBe(true);
    expect(resolve(base).triton.decoupled).toBe(false);
  });

  it('prefixCaching sets the build flag and the runtime flag', () => {
    const r = resolve({ ...base, prefixCaching: true });
    expect(r.build.plugins.usePagedContextFmha).toBe(true);
    expect(r.triton.kvCache?.enableReuse).toBe(true);
  });

  it('one context budget derives max_input_len, max_seq_len and a block-aligned max_num_tokens', () => {
    const r = resolve({ ...base, context: { maxInputTokens: 10000, maxOutputTokens: 2000 } });
    expect(r.build.maxInputLen).toBe(10000);
    expect(r.build.maxSeqLen).toBe(12000);
    expect(r.build.maxNumTokens).toBe(10048); // ceil(10000 / 64) * 64
  });

  it('an explicit low-level value wins over the intent (the lints report the conflict)', () => {
    const r = resolve({ ...base, streaming: true, triton: { decoupled: false } });
    expect(r.triton.decoupled).toBe(false);
  });

  it('does not mutate its input', () => {
    const spec: ModelSpec = { ...base, build: { maxBatchSize: 4 } };
    const copy = structuredClone(spec);
    resolve(spec);
    expect(spec).toEqual(copy);
  });
});
