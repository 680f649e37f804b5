import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/store/canonical-json.js';
import { composeKey, describeChange, diffComponents } from '../src/store/key.js';
import { explainKey } from '../src/steps/explain.js';
import type { StepManifest } from '../src/store/manifest.js';

describe('step keys', () => {
  it('hash the components canonically: key order never matters', () => {
    expect(composeKey({ a: 1, b: { c: [1, 2], d: 'x' } }).key).toBe(composeKey({ b: { d: 'x', c: [1, 2] }, a: 1 }).key);
    expect(composeKey({ a: 1 }).key).not.toBe(composeKey({ a: 2 }).key);
    expect(canonicalJson({ z: undefined, y: [{ b: 1, a: 2 }] })).toBe('{"y":[{"a":2,"b":1}]}');
  });

  it('name each changed input; argv changes by flag, hashes shortened', () => {
    const before = { cacheKey: { argv: ['trtllm-build', '--max_batch_size', '4'] }, weights: { files: { 'model.safetensors': 'a'.repeat(64) } }, gpu: { computeCap: '8.6' } };
    const after = { cacheKey: { argv: ['trtllm-build', '--max_batch_size', '8'] }, weights: { files: { 'model.safetensors': 'b'.repeat(64) } }, gpu: { computeCap: '8.6' } };
    expect(diffComponents(before, after).map(describeChange)).toEqual([
      'cacheKey.argv: --max_batch_size 4 → 8',
      `weights.files.model.safetensors: ${'a'.repeat(12)} → ${'b'.repeat(12)}`,
    ]);
    expect(describeChange({ path: 'cacheKey.argv', before: ['x', '--a', '1'], after: ['x', '--a', '1', '--b', '2'] })).toBe('cacheKey.argv: +--b, +2');
  });

  it('explain a key against the last manifest', () => {
    const key = composeKey({ step: 'build', convert: 'k2', gpu: { computeCap: '8.9' } });
    const manifest = (components: Record<string, unknown>): StepManifest => ({ ...composeKey(components), format: 1, model: 'm', step: 'build', entry: '', output: '', status: 'built', files: [], previous: null });
    expect(explainKey(undefined, key)).toEqual(['no previous run recorded here']);
    expect(explainKey(manifest({ step: 'build', convert: 'k2', gpu: { computeCap: '8.9' } }), key)).toEqual(['unchanged']);
    expect(explainKey(manifest({ step: 'build', convert: 'k1', gpu: { computeCap: '8.6' } }), key)).toEqual(['checkpoint changed (convert key k1 → k2)', 'gpu.computeCap: 8.6 → 8.9']);
  });
});
