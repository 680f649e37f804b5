import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runUntil, statuses } from './helpers/run.js';
import { layoutProblems, untrustworthy } from './helpers/store-invariants.js';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

/**
 * A multi-rank run (the generated tp=4 plan): a tool that exits 0 without writing one rank's
 * file — a rank that died while rank 0 reported success — must never be stored or reused, and
 * a stored entry that lost a rank later must be rebuilt. Checked for ranks other than 0.
 */
const MODEL = 'qwen2.5-32b-tp4';
const WORLD = 4;

describe(`outputs of every rank are checked (${MODEL}, world size ${WORLD})`, () => {
  let ws: Workspace;
  const fresh = (name: string) => ({ store: join(ws.root, name, 'store'), stateDir: join(ws.root, name, 'state') });
  const entries = (store: string, step: string) => (existsSync(join(store, 'entries', step)) ? readdirSync(join(store, 'entries', step)) : []);

  beforeAll(async () => {
    ws = await createWorkspace({ generated: MODEL });
    expect(ws.plan().parallelism.worldSize).toBe(WORLD);
  });
  afterAll(() => ws?.cleanup());

  it('a full run stores the checkpoint and the engine of every rank', async () => {
    const run = await runUntil(ws, 'build');
    expect(statuses(run)).toEqual({ convert: 'built', build: 'built' });
    expect(await untrustworthy(ws.store, ws.stateDir, WORLD)).toEqual([]);
  });

  it.each([1, 2, 3])('convert reporting success without rank%i.safetensors fails and stores nothing', async (rank) => {
    const { store, stateDir } = fresh(`convert-skip-${rank}`);
    await expect(runUntil(ws, 'convert', { store, stateDir, env: { ...ws.env, TRTFORGE_STANDIN_SKIP_RANKS: String(rank) } })).rejects.toThrow(new RegExp(`rank${rank}\\.safetensors`));
    expect(entries(store, 'convert')).toEqual([]);
    expect(await untrustworthy(store, stateDir, WORLD)).toEqual([]);
  });

  it.each([1, 3])('build reporting success without rank%i.engine fails and stores nothing', async (rank) => {
    const { store, stateDir } = fresh(`build-skip-${rank}`);
    await runUntil(ws, 'convert', { store, stateDir });
    await expect(runUntil(ws, 'build', { store, stateDir, env: { ...ws.env, TRTFORGE_STANDIN_SKIP_RANKS: String(rank) } })).rejects.toThrow(new RegExp(`rank${rank}\\.engine`));
    expect(entries(store, 'build')).toEqual([]);
    expect(await untrustworthy(store, stateDir, WORLD)).toEqual([]);
  });

  it('a stored engine that lost rank3.engine is rebuilt, not reused', async () => {
    // GIVEN a complete store whose engine entry then loses its last rank
    const { store, stateDir } = fresh('lost-rank');
    await runUntil(ws, 'build', { store, stateDir });
    const [key] = entries(store, 'build');
    rmSync(join(store, 'entries', 'build', key!, 'out', 'rank3.engine'));
    expect(layoutProblems('build', join(store, 'entries', 'build', key!, 'out'), WORLD)).toEqual(['rank3.engine is missing']);
    // WHEN the model is built again
    const again = await runUntil(ws, 'build', { store, stateDir });
    // THEN the engine is built anew and the store is whole again
    expect(statuses(again)).toEqual({ convert: 'reused', build: 'built' });
    expect(await untrustworthy(store, stateDir, WORLD)).toEqual([]);
  });

  it('a stored checkpoint that lost rank2.safetensors is converted again', async () => {
    const { store, stateDir } = fresh('lost-checkpoint-rank');
    await runUntil(ws, 'build', { store, stateDir });
    const [key] = entries(store, 'convert');
    rmSync(join(store, 'entries', 'convert', key!, 'out', 'rank2.safetensors'));
    const again = await runUntil(ws, 'build', { store, stateDir });
    expect(statuses(again).convert).toBe('built');
    expect(await untrustworthy(store, stateDir, WORLD)).toEqual([]);
  });
});
