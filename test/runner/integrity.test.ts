import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan } from '@trtforge/spec';
import { readManifest, type RunEvent, type StepOutcome } from '@trtforge/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAMAGE, digestMismatches } from './helpers/damage.js';
import { runUntil, serveOnce, statuses, type RunRecord } from './helpers/run.js';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

/** Sets the build step's --max_batch_size (argv and cache key), as a recompiled spec would: the next build must run and read the checkpoint. */
function batch(plan: Plan, value: number): void {
  const step = plan.steps.build;
  step.argv[step.argv.indexOf('--max_batch_size') + 1] = String(value);
  step.cacheKey = { ...step.cacheKey, argv: step.argv };
}

const entryDir = async (ws: Workspace, step: 'convert' | 'build'): Promise<string> => (await readManifest(ws.stateDir, step))!.entry;
const notices = (run: RunRecord): string[] => run.events.flatMap((e) => (e.type === 'notice' ? [e.message] : []));
const mode = (path: string): number => statSync(path).mode & 0o777;

/** The damaged entry moved to quarantine/: its quarantine.json names the file, and the damaged bytes are kept there. */
function expectQuarantined(ws: Workspace, outcome: StepOutcome, file: string): void {
  const moved = outcome.damaged?.quarantinedTo;
  expect(moved, 'the outcome says where the damaged entry went').toBeDefined();
  expect(moved!.startsWith(join(ws.store, 'quarantine', outcome.step, `${outcome.key}-`))).toBe(true);
  const record = JSON.parse(readFileSync(join(moved!, 'quarantine.json'), 'utf8')) as { damage: Array<{ file: string; expected: string; actual: string }> };
  expect(record.damage.map((d) => d.file)).toContain(file);
  expect(outcome.damaged!.damage.map((d) => d.file)).toContain(file);
  for (const d of outcome.damaged!.damage) expect(d.expected).not.toBe(d.actual);
}

describe('store integrity: every corruption of an engine or a checkpoint is detected, quarantined and rebuilt, never served', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await createWorkspace();
    await serveOnce(ws); // convert, build and repo committed
  });
  afterAll(() => ws.cleanup());

  it('a committed entry records size and sha256 of every file and is read-only (files 0444, dirs 0555)', async () => {
    const dir = await entryDir(ws, 'build');
    const meta = JSON.parse(readFileSync(join(dir, 'entry.json'), 'utf8')) as { format: number; files: Array<{ path: string; bytes: number; sha256: string }> };
    expect(meta.format).toBe(2);
    expect(meta.files.map((f) => f.path)).toEqual(['config.json', 'rank0.engine']);
    for (const f of meta.files) {
      expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(f.bytes).toBe(statSync(join(dir, 'out', f.path)).size);
      expect(mode(join(dir, 'out', f.path))).toBe(0o444);
    }
    expect(digestMismatches(dir)).toEqual([]);
    expect([mode(dir), mode(join(dir, 'out')), mode(join(dir, 'entry.json'))]).toEqual([0o555, 0o555, 0o444]);
  });

  describe.each(DAMAGE)('engine: $name', (damage) => {
    it('serve quarantines it, rebuilds the engine, and the server only ever reads the rebuilt one', async () => {
      const dir = await entryDir(ws, 'build');
      const file = damage.apply(join(dir, 'out'), 'rank0.engine');
      let atStart: string[] | undefined;
      const run = await serveOnce(ws, { untilStarted: true, onStarted: () => (atStart = digestMismatches(dir)) });
      expect(statuses(run)).toMatchObject({ convert: 'reused', build: 'built' });
      expect(atStart, 'the server process was started').toBeDefined();
      expect(atStart, 'what the server read when it started is what was committed').toEqual([]);
      expectQuarantined(ws, run.outcomes.build!, file);
      // One clear line per damaged file: which file, what was recorded, what is there.
      expect(notices(run).some((n) => n.includes(`is damaged: ${file}: expected `) && n.includes(', found '))).toBe(true);
      expect(run.outcomes.build!.reasons).toContain('the store entry was damaged (moved to quarantine)');
      // The server was started after the rebuilt engine was committed, never before.
      const built = run.events.findIndex((e: RunEvent) => e.type === 'step-done' && e.step === 'build' && e.outcome.status === 'built');
      const served = run.events.findIndex((e: RunEvent) => e.type === 'command' && e.step === 'serve');
      expect(built).toBeGreaterThanOrEqual(0);
      expect(served).toBeGreaterThan(built);
    });
  });

  describe.each(DAMAGE.map((d, i) => ({ ...d, batchSize: 16 + i })))('checkpoint: $name', (damage) => {
    it('the next build that reads the checkpoint quarantines it and converts again first', async () => {
      const dir = await entryDir(ws, 'convert');
      const file = damage.apply(join(dir, 'out'), 'rank0.safetensors');
      ws.editPlan((p) => batch(p, damage.batchSize));
      const run = await runUntil(ws, 'build');
      expect(statuses(run)).toEqual({ convert: 'built', build: 'built' });
      expectQuarantined(ws, run.outcomes.convert!, file);
      expect(digestMismatches(dir)).toEqual([]);
      // trtllm-build ran on the re-converted checkpoint: its command comes after the new checkpoint was committed.
      const converted = run.events.findIndex((e) => e.type === 'step-done' && e.step === 'convert' && e.outcome.status === 'built');
      const building = run.events.findIndex((e) => e.type === 'command' && e.step === 'build');
      expect(building).toBeGreaterThan(converted);
    });
  });

  it('what the reuse check sees (a truncated checkpoint) is caught by a plain no-op build; the engine built from the good checkpoint stays', async () => {
    const dir = await entryDir(ws, 'convert');
    DAMAGE[0]!.apply(join(dir, 'out'), 'rank0.safetensors');
    const run = await runUntil(ws, 'build');
    expect(statuses(run)).toEqual({ convert: 'built', build: 'reused' });
    expectQuarantined(ws, run.outcomes.convert!, 'rank0.safetensors');
  });

  it('a rebuild that fails leaves the damaged engine in quarantine, not in the store, and starts no server', async () => {
    const dir = await entryDir(ws, 'build');
    DAMAGE[1]!.apply(join(dir, 'out'), 'rank0.engine');
    let started = false;
    await expect(
      serveOnce(ws, { untilStarted: true, onStarted: () => (started = true) }, { env: { ...ws.env, TRTFORGE_STANDIN_FAIL: 'trtllm-build' } }),
    ).rejects.toThrow(/build failed/);
    expect(started).toBe(false);
    expect(existsSync(dir)).toBe(false);
    // The next run (tool fixed) builds it and serves.
    const run = await serveOnce(ws);
    expect(statuses(run)).toMatchObject({ build: 'built' });
    expect(digestMismatches(dir)).toEqual([]);
  });

  it('nothing was deleted: every damaged entry is still in quarantine/, with its damaged bytes', () => {
    const moved = (step: string) => readdirSync(join(ws.store, 'quarantine', step));
    expect(moved('build')).toHaveLength(DAMAGE.length + 1);
    expect(moved('convert')).toHaveLength(DAMAGE.length + 1);
    const truncated = moved('build').map((name) => join(ws.store, 'quarantine', 'build', name, 'out', 'rank0.engine')).filter((f) => existsSync(f) && statSync(f).size === 1000);
    expect(truncated).toHaveLength(1);
  });
});
