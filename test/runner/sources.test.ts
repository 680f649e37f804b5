import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { serveOnce, statuses } from './helpers/run.js';
import { createWorkspace, MODEL, type Workspace } from './helpers/workspace.js';

describe('NVIDIA sources: pinned checkouts, cloned once into the store', () => {
  let ws: Workspace;
  beforeAll(async () => {
    // GIVEN the pinned repositories are reachable (local git repos tagged v0.17.0 / r25.01; no network here)
    ws = await createWorkspace({ git: true });
    ws.editPlan((p) => {
      p.sources.tensorrtllm.repo = `file://${ws.checkouts.tensorrtllm}`;
      p.sources.backend.repo = `file://${ws.checkouts.backend}`;
      p.sources.server.repo = `file://${ws.checkouts.server}`;
    });
    for (const name of ['TRTFORGE_SRC_TENSORRTLLM', 'TRTFORGE_SRC_BACKEND', 'TRTFORGE_SRC_SERVER']) delete ws.env[name];
  });
  afterAll(() => ws.cleanup());

  it('--dry-run prints the clone it would do, and clones nothing', async () => {
    const result = await cli(ws, ['serve', MODEL, '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`git clone --depth 1 --branch v0.17.0 file://${ws.checkouts.tensorrtllm} ${join(ws.store, 'sources', 'tensorrtllm@v0.17.0')}`);
    expect(result.stdout).toContain(`git clone --depth 1 --branch v0.17.0 file://${ws.checkouts.backend} ${join(ws.store, 'sources', 'backend@v0.17.0')}`);
    expect(result.stdout).toMatch(/# repo: would run \(key \?\) because the tensorrtllm_backend checkout is not cloned yet/);
    expect(existsSync(join(ws.store, 'sources'))).toBe(false);
  });

  it('the first run clones the pinned refs (shallow) into the store; later runs reuse them', async () => {
    const first = await serveOnce(ws);
    expect(statuses(first)).toEqual({ convert: 'built', build: 'built', repo: 'built' });
    expect(readdirSync(join(ws.store, 'sources')).sort()).toEqual(['backend@v0.17.0', 'tensorrtllm@v0.17.0']);
    expect(first.commands.filter((c) => c[0] === 'git')).toHaveLength(2);
    const second = await serveOnce(ws);
    expect(second.commands.filter((c) => c[0] === 'git')).toHaveLength(0);
  });

  it('a user checkout (env or flag) is used as is, and must contain the paths the plan needs', async () => {
    const empty = join(ws.root, 'empty-checkout');
    mkdirSync(empty, { recursive: true });
    const result = await cli(ws, ['build', MODEL, '--src-tensorrtllm', empty]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`--src-tensorrtllm ${empty} lacks examples/qwen/convert_checkpoint.py (the plan pins file://${ws.checkouts.tensorrtllm} at v0.17.0)`);
  });
});
