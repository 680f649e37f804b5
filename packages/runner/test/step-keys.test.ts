import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Plan } from '@trtforge/spec';
import type { RunContext } from '../src/context.js';
import type { GpuQuery } from '../src/probe/gpu.js';
import { buildKey, convertKey, sourceRefs, stepComputeCapability } from '../src/steps/keys.js';
import { FileHashMemo } from '../src/store/file-memo.js';
import { composeKey, describeChange, diffComponents, KEY_FORMAT } from '../src/store/key.js';

const PLAN = JSON.parse(readFileSync(new URL('../../../generated/qwen2.5-0.5b/plan.json', import.meta.url), 'utf8')) as Plan;
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trtforge-keys-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A Hugging Face-like model dir with the files that make the weights' identity. */
function modelDir(files: Record<string, string> = {}): string {
  const md = join(dir, 'hf');
  mkdirSync(md, { recursive: true });
  for (const [name, text] of Object.entries({ 'config.json': '{}', 'model.safetensors': 'w1', ...files })) writeFileSync(join(md, name), text);
  return md;
}

const gpus = (...caps: string[]): GpuQuery => ({ ok: true, gpus: caps.map((computeCap, index) => ({ index, name: 'GPU', computeCap, memoryMiB: 1 })) });

function context(plan: Plan, md: string, opts: { revision?: string; gpus?: GpuQuery; imageId?: string } = {}): RunContext {
  return {
    plan,
    inputs: { modelDir: md, tokenizerDir: md, ...(opts.revision ? { revision: opts.revision } : {}) },
    probes: {
      image: async (ref: string) => ({ ref, id: opts.imageId ?? 'sha256:image-1' }),
      gpus: async () => opts.gpus ?? gpus('8.9'),
    },
    memo: new FileHashMemo(join(dir, 'memo.json'), false),
    signal: undefined,
  } as unknown as RunContext;
}

const withPlan = (edit: (plan: Plan) => void): Plan => {
  const plan = structuredClone(PLAN);
  edit(plan);
  return plan;
};

describe('composeKey', () => {
  it('is the sha256 of the canonical JSON of the components plus the key format', () => {
    const { key, components } = composeKey({ b: [2, 1], a: { d: 1, c: undefined } });
    expect(KEY_FORMAT).toBe(1);
    expect(components).toEqual({ keyFormat: 1, b: [2, 1], a: { d: 1, c: undefined } });
    expect(key).toBe(sha('{"a":{"d":1},"b":[2,1],"keyFormat":1}'));
  });
});

describe('convertKey', () => {
  it('holds step, image identity, TensorRT-LLM version, mounted source refs, weight hashes and the compiler cache key', async () => {
    const md = modelDir({ 'README.md': 'x' });
    const { components } = await convertKey(context(PLAN, md));
    expect(components).toEqual({
      keyFormat: 1,
      step: 'convert',
      image: { ref: PLAN.steps.convert.image, id: 'sha256:image-1' },
      tensorrtllm: PLAN.versions.tensorrtllm,
      sources: { tensorrtllm: PLAN.sources.tensorrtllm.ref },
      weights: { files: { 'config.json': sha('{}'), 'model.safetensors': sha('w1') } },
      cacheKey: PLAN.steps.convert.cacheKey,
    });
  });

  it('changes with the NVIDIA source ref, the image id, the TensorRT-LLM version and the weights', async () => {
    const md = modelDir();
    const base = (await convertKey(context(PLAN, md))).key;
    const otherRef = withPlan((p) => { p.sources.tensorrtllm.ref = 'v0.17.1'; });
    expect((await convertKey(context(otherRef, md))).key).not.toBe(base);
    expect((await convertKey(context(PLAN, md, { imageId: 'sha256:image-2' }))).key).not.toBe(base);
    const otherVersion = withPlan((p) => { p.versions.tensorrtllm = '0.18.0'; });
    expect((await convertKey(context(otherVersion, md))).key).not.toBe(base);
    writeFileSync(join(md, 'model.safetensors'), 'w2');
    expect((await convertKey(context(PLAN, md))).key).not.toBe(base);
  });

  it('follows symlinked weight files (a Hugging Face cache snapshot is all symlinks)', async () => {
    const blobs = join(dir, 'blobs');
    mkdirSync(blobs);
    writeFileSync(join(blobs, 'cfg'), '{}');
    writeFileSync(join(blobs, 'w'), 'w1');
    const md = join(dir, 'snapshot');
    mkdirSync(md);
    symlinkSync(join(blobs, 'cfg'), join(md, 'config.json'));
    symlinkSync(join(blobs, 'w'), join(md, 'model.safetensors'));
    const before = await convertKey(context(PLAN, md));
    expect(before.components.weights).toEqual({ files: { 'config.json': sha('{}'), 'model.safetensors': sha('w1') } });
    writeFileSync(join(blobs, 'w'), 'w2');
    expect((await convertKey(context(PLAN, md))).key).not.toBe(before.key);
  });

  it('takes a pinned revision instead of hashing the weights', async () => {
    const { components } = await convertKey(context(PLAN, modelDir(), { revision: 'abc' }));
    expect(components.weights).toEqual({ revision: 'abc' });
  });

  it('a step without a compiler cache key hashes an empty one', async () => {
    const plan = withPlan((p) => { delete (p.steps.convert as { cacheKey?: unknown }).cacheKey; });
    expect((await convertKey(context(plan, modelDir()))).components.cacheKey).toEqual({});
  });
});

describe('sourceRefs', () => {
  it('names the ref of every source the step mounts, and nothing else', () => {
    expect(sourceRefs(PLAN, PLAN.steps.convert)).toEqual({ tensorrtllm: 'v0.17.0' });
    expect(sourceRefs(PLAN, PLAN.steps.build)).toEqual({});
  });
});

describe('buildKey', () => {
  it('holds the convert key, image, mounted sources, compute capability and the compiler cache key', async () => {
    const { components } = await buildKey(context(PLAN, modelDir()), 'convert-key');
    expect(components).toEqual({
      keyFormat: 1,
      step: 'build',
      convert: 'convert-key',
      image: { ref: PLAN.steps.build.image, id: 'sha256:image-1' },
      sources: {},
      gpu: { computeCap: '8.9' },
      cacheKey: PLAN.steps.build.cacheKey,
    });
  });

  it('changes with the GPU architecture and with the checkpoint', async () => {
    const md = modelDir();
    const base = (await buildKey(context(PLAN, md), 'c1')).key;
    expect((await buildKey(context(PLAN, md, { gpus: gpus('8.6') }), 'c1')).key).not.toBe(base);
    expect((await buildKey(context(PLAN, md), 'c2')).key).not.toBe(base);
  });

  it('a step without a compiler cache key hashes an empty one', async () => {
    const plan = withPlan((p) => { delete (p.steps.build as { cacheKey?: unknown }).cacheKey; });
    expect((await buildKey(context(plan, modelDir()), 'c')).components.cacheKey).toEqual({});
  });
});

describe('stepComputeCapability', () => {
  it('no GPU: a no-gpu error with the probe reason and a hint', async () => {
    const ctx = context(PLAN, modelDir(), { gpus: { ok: false, reason: 'nvidia-smi not found' } });
    await expect(stepComputeCapability(ctx, PLAN.steps.build)).rejects.toMatchObject({
      code: 'no-gpu',
      message: 'cannot build an engine without a GPU: nvidia-smi not found',
      hint: 'run `trtforge doctor` on a host with an NVIDIA GPU',
    });
  });

  it('GPUs the host lacks, or of mixed architectures: a gpu-mismatch error', async () => {
    const twoGpus = withPlan((p) => { p.steps.build.gpus = [0, 1]; });
    await expect(stepComputeCapability(context(twoGpus, modelDir(), { gpus: gpus('8.9') }), twoGpus.steps.build)).rejects.toMatchObject({
      code: 'gpu-mismatch',
      hint: 'set parallelism.gpuIds in the spec to GPUs this host has',
    });
    await expect(stepComputeCapability(context(twoGpus, modelDir(), { gpus: gpus('8.9', '8.6') }), twoGpus.steps.build)).rejects.toMatchObject({ code: 'gpu-mismatch' });
    expect(await stepComputeCapability(context(twoGpus, modelDir(), { gpus: gpus('8.0', '8.0') }), twoGpus.steps.build)).toBe('8.0');
  });

  it('a step with gpus "none" takes the plan’s GPU ids', async () => {
    const plan = withPlan((p) => {
      p.steps.build.gpus = 'none';
      p.parallelism.gpuIds = [1];
    });
    expect(await stepComputeCapability(context(plan, modelDir(), { gpus: gpus('8.0', '9.0') }), plan.steps.build)).toBe('9.0');
  });
});

describe('diffComponents / describeChange: why a key changed', () => {
  it('compares leaf by leaf, sorted by path, arrays whole; added and removed leaves have (none)', () => {
    const before = { b: { x: 1, y: [1, 2] }, a: 'same', gone: true, empty: {} };
    const after = { b: { x: 2, y: [1, 2] }, a: 'same', added: 'n', empty: { now: 1 } };
    const changes = diffComponents(before, after);
    expect(changes).toEqual([
      { path: 'added', before: undefined, after: 'n' },
      { path: 'b.x', before: 1, after: 2 },
      { path: 'empty', before: {}, after: undefined },
      { path: 'empty.now', before: undefined, after: 1 },
      { path: 'gone', before: true, after: undefined },
    ]);
    expect(changes.map(describeChange)).toEqual(['added: (none) → n', 'b.x: 1 → 2', 'empty: {} → (none)', 'empty.now: (none) → 1', 'gone: true → (none)']);
    expect(diffComponents({ a: { b: [1] } }, { a: { b: [1] } })).toEqual([]);
    expect(diffComponents({ v: null }, { v: 0 })).toEqual([{ path: 'v', before: null, after: 0 }]);
  });

  it('argv changes name the flag before each changed value, and nothing for a leading value', () => {
    expect(describeChange({ path: 'cacheKey.argv', before: ['a', '--n', '1', '--m', '2', 'x'], after: ['b', '--n', '3', '--m', '2', 'y'] }))
      .toBe('cacheKey.argv: a → b, --n 1 → 3, x → y');
  });

  it('arrays of different lengths list removed and added values; the same values in a new order say reordered', () => {
    expect(describeChange({ path: 'p', before: ['a', 'b', 'c'], after: ['a', 'd'] })).toBe('p: -b, -c, +d');
    expect(describeChange({ path: 'p', before: ['a', 'b'], after: ['b', 'a', 'a'] })).toBe('p: reordered');
  });

  it('hashes are shortened to 12 hex digits (with their sha256: prefix), long values cut at 80 characters', () => {
    const hash = 'a'.repeat(64);
    expect(describeChange({ path: 'h', before: hash, after: `sha256:${'b'.repeat(64)}` })).toBe(`h: ${'a'.repeat(12)} → sha256:${'b'.repeat(12)}`);
    expect(describeChange({ path: 'h', before: 'a'.repeat(63), after: 'g'.repeat(64) })).toBe(`h: ${'a'.repeat(63)} → ${'g'.repeat(64)}`);
    expect(describeChange({ path: 'l', before: 'x'.repeat(80), after: 'y'.repeat(81) })).toBe(`l: ${'x'.repeat(80)} → ${'y'.repeat(77)}...`);
    expect(describeChange({ path: 'o', before: { b: 1, a: [2] }, after: 3 })).toBe('o: {"a":[2],"b":1} → 3');
    // Only a whole hash is shortened, not text that contains one.
    expect(describeChange({ path: 'h', before: `x${'a'.repeat(64)}`, after: `${'b'.repeat(64)}x` })).toBe(`h: x${'a'.repeat(64)} → ${'b'.repeat(64)}x`);
    expect(describeChange({ path: 'p', before: ['a'], after: 'b' })).toBe('p: ["a"] → b');
  });
});
