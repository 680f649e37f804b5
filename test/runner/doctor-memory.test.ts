import { closeSync, ftruncateSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

/**
 * `trtforge doctor`'s memory estimate for the committed qwen2.5-0.5b plan on stand-in GPUs: the
 * stand-in HF model has Qwen2.5-0.5B's config.json sizes (12 KiB of KV per token) and tiny weights.
 */
describe('doctor: weights and KV cache per GPU, before any build', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await createWorkspace({ generated: 'qwen2.5-0.5b' });
  });
  afterAll(() => ws.cleanup());

  it('an A10G holds the seed deployment: the estimate is shown, the check passes', async () => {
    const result = await cli(ws, ['doctor', ws.model, '--runtime', 'local']);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/✓ GPU memory +weights ≈ 0\.0 GiB \+ runtime ≈ 1\.0 GiB per GPU of 22\.5 GiB; KV pool ≈ 19\.3 GiB = [\d,]+ tokens \(12 KiB each\); ≈ \d+ full-length requests of 16384 tokens at once \(rough estimate\)/);
  });

  it('a 4 GiB GPU: fewer full-length requests fit than the server batches — a warning with the fixes', async () => {
    const result = await cli(ws, ['doctor', ws.model, '--runtime', 'local'], { TRTFORGE_STANDIN_GPU_MIB: '4096' });
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/! GPU memory +.*≈ 14 full-length requests of 16384 tokens at once \(rough estimate\) — fewer than the 20 the server batches; under guaranteed_no_evict the others wait for KV blocks/);
    expect(result.stdout).toContain('fix: shorten context.maxOutputTokens / maxInputTokens');
    // AND serve says it before starting (a warning does not stop the run)
    const served = await cli(ws, ['serve', ws.model, '--until-started'], { TRTFORGE_STANDIN_GPU_MIB: '4096' });
    expect(served.code, served.stderr).toBe(0);
    expect(served.stdout).toMatch(/^! GPU memory: .*≈ 14 full-length requests of 16384 tokens at once/m);
  });

  it('weights larger than the GPU: the check fails before a 20-minute build', async () => {
    // 30 GB of weights (sparse: costs no disk) on a 22.5 GiB GPU
    const big = join(ws.modelDir, 'model-00002-of-00002.safetensors');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 30e9);
    closeSync(fd);
    try {
      const result = await cli(ws, ['doctor', ws.model, '--runtime', 'local']);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/✗ GPU memory +weights ≈ 27\.9 GiB \+ runtime ≈ 1\.0 GiB per GPU of 22\.5 GiB: nothing left for the KV cache \(rough estimate\)/);
      expect(result.stdout).toContain('fix: shard over more GPUs (parallelism.tp), quantize the weights (convert.useWeightOnly)');
    } finally {
      rmSync(big);
    }
  });
});
