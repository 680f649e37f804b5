import { describe, expect, it } from 'vitest';
import { compileInline } from './compile-inline.js';

const base = { source: { modelDir: '/models/q' }, triton: { excludeInputInOutput: true } };
const found = (spec: object, code: string) => compileInline({ q: { ...base, ...spec } }).q!.diagnostics.filter((d) => d.code === code);

describe('limits of the NVIDIA stack (TRT140–TRT142)', () => {
  it('reports a derived value that is out of range at the written field it comes from', () => {
    // GIVEN an engine batch beyond int32, which triton.maxBatchSize and the instance counts inherit
    const [d, ...more] = found({ build: { maxBatchSize: 3_000_000_000 }, triton: { excludeInputInOutput: true } }, 'TRT140');
    // THEN the finding points at build.maxBatchSize, the line the user wrote
    expect(d?.path).toBe('build.maxBatchSize');
    expect(d?.message).toMatch(/^makes triton\.maxBatchSize 3000000000, but that must be ≤ 2147483647/);
    expect(more.every((m) => m.path === 'build.maxBatchSize')).toBe(true);
  });

  it('applies a conditional limit only when its condition holds (EAGLE batch ≤ 512)', () => {
    expect(found({ build: { maxBatchSize: 1024 } }, 'TRT140')).toEqual([]);
    expect(found({ build: { maxBatchSize: 1024, speculative: { speculativeDecodingMode: 'eagle', maxDraftLen: 4 } } }, 'TRT140').map((d) => d.path)).toEqual(['build.maxBatchSize']);
  });

  it('accepts every power-of-two block size and rejects the rest', () => {
    for (const block of [16, 32, 64, 128]) expect(found({ build: { tokensPerBlock: block } }, 'TRT141'), String(block)).toEqual([]);
    for (const block of [24, 48, 100]) expect(found({ build: { tokensPerBlock: block } }, 'TRT141').length, String(block)).toBe(1);
  });

  it('lets the KV block table grow to int32 and no further', () => {
    // (batch × beams − 1) × blocks × 2 + blocks, with blocks = ceil(2048 / 64) = 32: 33554432 × 64 − 32 > 2³¹ − 1
    const at = (maxBatchSize: number) => found({ build: { maxBatchSize, maxInputLen: 1024, maxSeqLen: 2048 } }, 'TRT142');
    expect(at(33_554_432)).toEqual([]);
    expect(at(33_554_433).map((d) => d.path)).toEqual(['build.maxBatchSize']);
  });
});
