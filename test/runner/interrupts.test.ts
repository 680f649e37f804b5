import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRunContext, InterruptedError, runStep, type RunEvent } from '@trtforge/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STACK_TRACE, startCli } from './helpers/cli.js';
import { runUntil, statuses } from './helpers/run.js';
import { standInGate, type StandInTool } from './helpers/standin-events.js';
import { liveTracedProcesses, untrustworthy } from './helpers/store-invariants.js';
import { createWorkspace, MODEL, type Workspace } from './helpers/workspace.js';

/**
 * Interrupts land at points chosen by events — a runner event, or a stand-in tool reporting that
 * it is mid-work (partial output written, then held until released) — never after a delay that
 * a fast or a loaded machine would move.
 */
const label = (e: RunEvent) => `${e.type}:${e.step ?? '-'}`;

describe('interrupts never leave anything a later run would trust', () => {
  let ws: Workspace;
  const paths = (name: string) => ({ store: join(ws.root, name, 'store'), stateDir: join(ws.root, name, 'state'), trace: join(ws.root, name, 'trace.log') });
  beforeAll(async () => {
    ws = await createWorkspace();
  });
  afterAll(() => ws.cleanup());

  /** After an interrupt: nothing half-done is trusted, no tool keeps running, and the next run completes the work. */
  async function expectRecoverable(name: string, store: string, stateDir: string, trace: string): Promise<void> {
    expect(await untrustworthy(store, stateDir), name).toEqual([]);
    expect(liveTracedProcesses(trace), name).toEqual([]);
    const next = await runUntil(ws, 'build', { store, stateDir });
    expect(Object.values(statuses(next)).every((s) => s === 'built' || s === 'reused'), name).toBe(true);
    expect(await untrustworthy(store, stateDir), name).toEqual([]);
  }

  /** Starts convert → build in-process; `abort` is the path SIGINT takes. `abortAt` aborts as that runner event is reported. */
  async function startRun(name: string, options: { abortAt?: number; env?: Record<string, string> } = {}) {
    const { store, stateDir, trace } = paths(name);
    const abort = new AbortController();
    let index = 0;
    const ctx = await createRunContext(ws.runOptions({
      store, stateDir, signal: abort.signal, env: { ...ws.env, TRTFORGE_STANDIN_TRACE: trace, ...options.env },
      onEvent: () => {
        if (index++ === options.abortAt) abort.abort('SIGINT');
      },
    }));
    const outcome = runStep(ctx, 'build').then(
      () => 'finished' as const,
      (error: unknown) => {
        if (!(error instanceof InterruptedError)) throw error;
        return 'interrupted' as const;
      },
    );
    return { abort, outcome, store, stateDir, trace };
  }

  it('interrupt at every runner event of convert → build (the abort path SIGINT takes), then rebuild', async () => {
    // GIVEN the events an uninterrupted convert → build reports, in order
    const events: RunEvent[] = [];
    const calibration = paths('calibration');
    await runUntil(ws, 'build', { store: calibration.store, stateDir: calibration.stateDir, onEvent: (e) => events.push(e) });
    const points = events.map(label);
    expect(points).toEqual(expect.arrayContaining(['step-start:convert', 'command:convert', 'step-done:convert', 'step-start:build', 'command:build', 'step-done:build']));
    const lastPoint = points.lastIndexOf('step-done:build');
    // Every kind of event where it first occurs in a row (a tool's output lines are one point, not one per line).
    const chosen = points.flatMap((p, i) => (i === 0 || p !== points[i - 1] ? [i] : []));
    const outcomes: string[] = [];
    for (const i of chosen) {
      // WHEN a run is aborted as the i-th of those events is reported
      const run = await startRun(`event-${i}`, { abortAt: i });
      const outcome = await run.outcome;
      outcomes.push(`${points[i]} → ${outcome}`);
      // THEN whatever it had done, a later run trusts nothing half-done and completes the work
      await expectRecoverable(`abort at ${points[i]} (#${i})`, run.store, run.stateDir, run.trace);
      // AND only the last report (build already stored) may let the run finish
      if (i < lastPoint) expect(outcome, `abort at ${points[i]} (#${i})`).toBe('interrupted');
    }
    expect(outcomes.filter((o) => o.endsWith('interrupted')).length, outcomes.join('\n')).toBeGreaterThanOrEqual(chosen.length - 1);
  }, 300_000);

  it.each(['convert_checkpoint.py', 'trtllm-build'] as const)('interrupt while %s is mid-work (partial output written): nothing stored, tool stopped', async (tool: StandInTool) => {
    const gate = standInGate(ws.root, `mid-${tool}`);
    if (tool === 'trtllm-build') gate.release('convert_checkpoint.py');
    const run = await startRun(`mid-${tool}`, { env: gate.env });
    let ended: string | undefined;
    void run.outcome.then((o) => (ended = o), () => (ended = 'failed'));
    // WHEN the run is aborted once the tool reports it is mid-work (held there: it cannot finish first)
    await gate.waitPaused(tool, 1, () => (ended ? `the run ended (${ended}) before ${tool} paused` : undefined));
    run.abort.abort('SIGINT');
    // THEN it stops as interrupted
    expect(await run.outcome).toBe('interrupted');
    const { store, stateDir, trace } = run;
    await expectRecoverable(`mid-${tool}`, store, stateDir, trace);
  });

  const SIGINT_POINTS: Array<{ name: string; tool: StandInTool; message: RegExp }> = [
    { name: 'during convert', tool: 'convert_checkpoint.py', message: /✗ interrupted during convert; nothing was stored/ },
    { name: 'during build', tool: 'trtllm-build', message: /✗ interrupted during build; nothing was stored/ },
  ];

  for (const point of SIGINT_POINTS) {
    it(`real SIGINT to the CLI ${point.name} (3 times): one message, exit code, nothing left running or half-stored`, async () => {
      for (let i = 0; i < 3; i++) {
        const { store, stateDir, trace } = paths(`sigint-${point.tool}-${i}`);
        const gate = standInGate(join(ws.root), `sigint-${point.tool}-${i}`);
        const run = startCli(ws, ['build', MODEL, '--state-dir', stateDir], { TRTFORGE_STORE: store, TRTFORGE_STANDIN_TRACE: trace, ...gate.env });
        if (point.tool === 'trtllm-build') gate.release('convert_checkpoint.py');
        // WHEN Ctrl-C arrives while the tool is mid-work (it reported so, and is held there)
        await gate.waitPaused(point.tool, 1, () => (run.child.exitCode !== null ? `the CLI exited first` : undefined));
        run.child.kill('SIGINT');
        const result = await run.done;
        // THEN one clean message, a failing exit code, and a trustworthy store
        expect([1, 130], result.stdout.slice(-300)).toContain(result.code);
        expect(result.stderr).toMatch(point.message);
        expect(result.stderr.match(/✗ interrupted/g)).toHaveLength(1);
        expect(result.stderr).not.toMatch(STACK_TRACE);
        await expectRecoverable(`SIGINT ${point.name} #${i}`, store, stateDir, trace);
      }
    }, 300_000);
  }

  it('real SIGINT to a CLI waiting for a concurrent run: it stops waiting, the other run completes', async () => {
    const { store, stateDir, trace } = paths('sigint-waiting');
    const gate = standInGate(ws.root, 'sigint-waiting');
    const env = { TRTFORGE_STORE: store, TRTFORGE_STANDIN_TRACE: trace, ...gate.env };
    // GIVEN one run holding convert mid-work, and a second one waiting for its lock
    const holder = startCli(ws, ['build', MODEL, '--state-dir', stateDir], env);
    await gate.waitPaused('convert_checkpoint.py', 1, () => (holder.child.exitCode !== null ? 'the holder exited' : undefined));
    const waiter = startCli(ws, ['build', MODEL, '--state-dir', join(ws.root, 'sigint-waiting', 'state-2')], env);
    await waiter.waitForOutput(/waiting for a concurrent run of convert/, 120_000);
    // WHEN the waiting one gets Ctrl-C
    waiter.child.kill('SIGINT');
    const stopped = await waiter.done;
    // THEN it says so and stores nothing; the holder, released, completes
    expect([1, 130]).toContain(stopped.code);
    expect(stopped.stderr).toMatch(/✗ interrupted during convert \(while waiting for a concurrent run\); nothing was stored/);
    expect(stopped.stderr).not.toMatch(STACK_TRACE);
    gate.release('*');
    const finished = await holder.done;
    expect(finished.code, finished.stderr).toBe(0);
    expect(await untrustworthy(store, stateDir)).toEqual([]);
  });

  it('SIGKILL mid-convert: the temp dir and lock it leaves are cleaned up by the next run, which rebuilds', async () => {
    const { store, stateDir, trace } = paths('sigkill');
    const gate = standInGate(ws.root, 'sigkill');
    const run = startCli(ws, ['build', MODEL, '--state-dir', stateDir], { TRTFORGE_STORE: store, TRTFORGE_STANDIN_TRACE: trace, ...gate.env });
    // WHEN the runner is killed while convert is mid-work (no handler can clean up)
    await gate.waitPaused('convert_checkpoint.py', 1, () => (run.child.exitCode !== null ? 'the CLI exited first' : undefined));
    run.child.kill('SIGKILL');
    await run.done;
    for (const pid of liveTracedProcesses(trace)) process.kill(-pid, 'SIGKILL'); // the orphaned tool, as an admin would
    expect(existsSync(join(store, 'tmp')) ? readdirSync(join(store, 'tmp')) : []).toHaveLength(1);
    // THEN the next run gets past the dead run's lock, removes the orphan temp dir and builds
    const next = await runUntil(ws, 'build', { store, stateDir });
    expect(statuses(next)).toEqual({ convert: 'built', build: 'built' });
    expect(await untrustworthy(store, stateDir)).toEqual([]);
  });
});
