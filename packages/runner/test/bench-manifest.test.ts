import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkBenchRunManifest, type BenchRunManifest } from '../src/bench-runs/manifest.js';
import { scrubExports } from '../src/bench-runs/scrub.js';

const manifest = (): BenchRunManifest => ({
  format: 1,
  kind: 'trtforge-bench-run',
  runId: '20261202T003000Z-triton-c4',
  model: 'qwen2.5-0.5b',
  sweep: { id: '20261202T003000Z-triton', index: 1, concurrency: [1, 4] },
  point: { concurrency: 4, inputTokens: 200, outputTokens: 100, requestCount: 50, warmupRequests: 10, streaming: true },
  serve: { mode: 'triton', model: 'ensemble', image: 'nvcr.io/nvidia/tritonserver:25.01-trtllm-python-py3', imageId: null },
  engine: { key: 'a'.repeat(64) },
  spec: { path: 'models/qwen2.5-0.5b/model.ts', sha256: 'b'.repeat(64), planSha256: 'c'.repeat(64), generator: 'trtforge 0.1.0', versions: { triton: '25.01' } },
  gpu: { available: true, devices: [{ index: 0, name: 'NVIDIA A10G', driver: '550.54.15' }] },
  benchImage: { ref: 'nvcr.io/nvidia/tritonserver:25.01-py3-sdk', id: null },
  runtime: 'docker',
  date: '2026-12-02T00:30:00.123Z',
  trtforge: { version: '0.1.0' },
  tools: { genaiPerf: { standIn: false, perfAnalyzerVersion: '2.54.0' } },
  standIn: false,
  files: ['inputs.json', 'profile_export.json', 'profile_export_genai_perf.json', 'profile_export_genai_perf.csv'],
  scrubbed: [],
});

describe('bench run manifest schema', () => {
  it('accepts a complete manifest, and one whose host has no GPU driver', async () => {
    expect(await checkBenchRunManifest(manifest())).toEqual([]);
    expect(await checkBenchRunManifest({ ...manifest(), gpu: { available: false, reason: 'nvidia-smi not found on PATH' } })).toEqual([]);
  });

  it('rejects a missing field, an extra field, an absolute or climbing spec path and a bad date', async () => {
    const { engine: _engine, ...noEngine } = manifest();
    expect(await checkBenchRunManifest(noEngine)).toContain("/: must have required property 'engine'");
    expect(await checkBenchRunManifest({ ...manifest(), hostPath: '/srv/me/trtforge' })).toContain('/: must NOT have additional properties (hostPath)');
    expect((await checkBenchRunManifest({ ...manifest(), spec: { ...manifest().spec, path: '/srv/me/models/x/model.ts' } }))[0]).toMatch(/^\/spec\/path: must match pattern/);
    expect((await checkBenchRunManifest({ ...manifest(), spec: { ...manifest().spec, path: 'models/../../etc/model.ts' } }))[0]).toMatch(/^\/spec\/path: must match pattern/);
    expect((await checkBenchRunManifest({ ...manifest(), date: 'yesterday' }))[0]).toMatch(/^\/date: must match pattern/);
    expect(await checkBenchRunManifest({ ...manifest(), files: ['inputs.json'] })).toContain('/files: must contain at least 1 valid item(s)');
  });
});

describe('scrubbing stored exports', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names host paths by role (longest first) and masks secret values and credential shapes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'trtforge-scrub-'));
    const repo = '/srv/checkouts/trtforge';
    writeFileSync(join(dir, 'profile_export_genai_perf.json'), JSON.stringify({
      input_config: { tokenizer: '/models/Qwen', artifact_dir: `${repo}/bench/m/.partial-x`, header: ['Authorization: Bearer s3cret-value-123'], other: `${repo}/README.md` },
    }));
    writeFileSync(join(dir, 'inputs.json'), '{"data":[]}');
    const used = await scrubExports(dir, ['profile_export_genai_perf.json', 'inputs.json'], [
      { value: repo, placeholder: '<repo>' },
      { value: `${repo}/bench/m/.partial-x`, placeholder: '<artifact-dir>' },
      { value: '/models/Qwen', placeholder: '<tokenizer>' },
    ], ['s3cret-value-123']);
    const config = JSON.parse(readFileSync(join(dir, 'profile_export_genai_perf.json'), 'utf8')).input_config;
    expect(config).toEqual({ tokenizer: '<tokenizer>', artifact_dir: '<artifact-dir>', header: ['Authorization: Bearer ***'], other: '<repo>/README.md' });
    expect(used).toEqual(['***', '<artifact-dir>', '<repo>', '<tokenizer>']);
    expect(readFileSync(join(dir, 'inputs.json'), 'utf8')).toBe('{"data":[]}');
  });
});
