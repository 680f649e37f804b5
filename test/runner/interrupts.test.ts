import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRunContext, InterruptedError, runStep } from '@trtforge/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STACK_TRACE, startCli } from './helpers/cli.js';
import { runUntil, statuses } from './helpers/run.js';
import { liveTracedProcesses, untrustworthy } from './helpers/store-invariants.js';
import { createWorkspace, MODEL, type Workspace } from './helpers/workspace.js';

const IN_PROCESS_RUNS = 20;
const CLI_RUNS = 20;
const PARALLEL = 4;

async function inBatches<T>(count: number, each: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += PARALLEL) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(PARALLEL, count - start) }, (_, k) => each(start + k)))));
  }
  return results;
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('interrupts never leave anything a later run would trust', () => {
  let ws: Workspace;
  const paths = (name: string) => ({ store: join(ws.root, name, 'store'), stateDir: join(ws.root, name, 'state'), trace: join(ws.root, name, 'trace.log') });
  beforeAll(async () => {
    ws = await createWorkspace();
    ws.env.TRTFORGE_STANDIN_SLEEP_MS = '60';
  });
  afterAll(() => ws.cleanup());

  it(`interrupt at ${IN_PROCESS_RUNS} random points of convert → build (the abort path SIGINT takes), then rebuild`, async () => {
    // Calibrate: how long does an uninterrupted convert → build take on this machine, under this load?
    const calibration = paths('calibration');
    const started = Date.now();
    await runUntil(ws, 'build', { store: calibration.store, stateDir: calibration.stateDir });
    const duration = Date.now() - started;
    const outcomes = await inBatches(IN_PROCESS_RUNS, async (i) => {
      const { store, stateDir, trace } = paths(`abort-${i}`);
      // GIVEN a build with slow-ish tools, WHEN it is aborted like Ctrl-C at a random moment
      const abort = new AbortController();
      const ctx = await createRunContext(ws.runOptions({ store, stateDir, signal: abort.signal, env: { ...ws.env, TRTFORGE_STANDIN_TRACE: trace } }));
      // Spread over the whole run (batches run PARALLEL at a time, so each is slower than the calibration).
      const delay = (i / IN_PROCESS_RUNS) * duration * 1.2 + Math.random() * 30;
      const timer = setTimeout(() => abort.abort('SIGINT'), delay);
      const outcome = await runStep(ctx, 'build').then(
        () => 'finished',
        (error: unknown) => {
          if (!(error instanceof InterruptedError)) throw error;
          return 'interrupted';
        },
      );
      clearTimeout(timer);
      // THEN nothing half-done is trusted, and no tool keeps running
      expect(await untrustworthy(store, stateDir), `run ${i} aborted after ${Math.round(delay)} ms`).toEqual([]);
      expect(liveTracedProcesses(trace)).toEqual([]);
      // AND the next run completes the work
      const next = await runUntil(ws, 'build', { store, stateDir });
      expect(Object.values(statuses(next)).every((s) => s === 'built' || s === 'reused')).toBe(true);
      expect(await untrustworthy(store, stateDir)).toEqual([]);
      return outcome;
    });
    expect(outcomes.filter((o) => o === 'interrupted').length, outcomes.join(', ')).toBeGreaterThanOrEqual(IN_PROCESS_RUNS / 2);
  });

  it(`real SIGINT to the CLI ${CLI_RUNS} times: one message, exit code, nothing left running or half-stored`, async () => {
    await inBatches(CLI_RUNS, async (i) => {
      const { store, stateDir, trace } = paths(`sigint-${i}`);
      const run = startCli(ws, ['build', MODEL, '--state-dir', stateDir], { TRTFORGE_STORE: store, TRTFORGE_STANDIN_TRACE: trace });
      // WHEN Ctrl-C arrives while convert or build runs
      await waitFor(() => existsSync(trace) || run.child.exitCode !== null);
      setTimeout(() => run.child.kill('SIGINT'), i * 25 + Math.random() * 25);
      const result = await run.done;
      // THEN one clean message — or a finished build (a Ctrl-C after the summary ends the process
      // the default way, by the signal) — and a trustworthy store
      const finished = result.code === 0 || (result.signal === 'SIGINT' && /^ {2}build +(rebuilt|reused) /m.test(result.stdout));
      if (!finished) expect(result.stderr, JSON.stringify({ code: result.code, signal: result.signal, stdout: result.stdout.slice(-300) })).toMatch(/✗ interrupted during (convert|build)( \(while waiting for a concurrent run\))?; nothing was stored/);
      expect(result.stderr).not.toMatch(STACK_TRACE);
      expect(await untrustworthy(store, stateDir)).toEqual([]);
      expect(liveTracedProcesses(trace)).toEqual([]);
      // AND the next run completes the work
      const next = await runUntil(ws, 'build', { store, stateDir });
      expect(Object.values(statuses(next)).every((s) => s === 'built' || s === 'reused')).toBe(true);
      return finished ? 'finished' : 'interrupted';
    }).then((outcomes) => expect(outcomes.filter((o) => o === 'interrupted').length, outcomes.join(', ')).toBeGreaterThanOrEqual(CLI_RUNS / 2));
  });

  it('SIGKILL mid-convert: the temp dir and lock it leaves are cleaned up by the next run, which rebuilds', async () => {
    const { store, stateDir, trace } = paths('sigkill');
    const run = startCli(ws, ['build', MODEL, '--state-dir', stateDir], { TRTFORGE_STORE: store, TRTFORGE_STANDIN_SLEEP_MS: '3000', TRTFORGE_STANDIN_TRACE: trace });
    // WHEN the runner is killed while convert runs (no handler can clean up)
    await waitFor(() => existsSync(join(store, 'tmp')) && readdirSync(join(store, 'tmp')).length > 0 && existsSync(trace) && readFileSync(trace, 'utf8').includes('convert'));
    run.child.kill('SIGKILL');
    await run.done;
    for (const pid of liveTracedProcesses(trace)) process.kill(-pid, 'SIGKILL'); // the orphaned tool, as an admin would
    expect(readdirSync(join(store, 'tmp'))).toHaveLength(1);
    // THEN the next run waits out the stale lock (TRTFORGE_LOCK_STALE_MS=2000), removes the orphan temp dir and builds
    const next = await runUntil(ws, 'build', { store, stateDir });
    expect(statuses(next)).toEqual({ convert: 'built', build: 'built' });
    expect(await untrustworthy(store, stateDir)).toEqual([]);
  });
});
