// kill -9 of the real trtforge CLI while the stand-in tools run: no tool outlives it, the next run
// takes the dead owner's locks at once (saying so), removes its temp dirs and ends with exactly the
// store an uninterrupted build makes. KILL9_RUNS sets the number of runs (scripts/kill9-matrix.mjs
// runs 30 and prints the figures written to KILL9_REPORT).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, startCli, type CliRun } from './helpers/cli.js';
import { killMarked, markedProcesses, newMarker, survivors } from './helpers/processes.js';
import { runUntil } from './helpers/run.js';
import { untrustworthy } from './helpers/store-invariants.js';
import { createWorkspace, MODEL, type Workspace } from './helpers/workspace.js';

const RUNS = Number(process.env.KILL9_RUNS ?? 12);
const PARALLEL = 3;

/** Where the kill lands, each reached through something the stand-in tool did (never a sleep). */
const PHASES = ['convert started', 'convert wrote config.json', 'build started', 'build wrote config.json'] as const;
type Phase = (typeof PHASES)[number];

interface Figures {
  run: number;
  phase: Phase;
  /** Tool processes of the killed run still alive once its watchdog is done. */
  orphans: number;
  /** Temp dirs the killed run left, and how many were left after the next run. */
  tmpAfterKill: number;
  tmpAfterNextRun: number;
  /** Lock lines of the next run: dead owner's lock taken at once / waited on. */
  takenAtOnce: number;
  waited: number;
  /** Watchdogs still running once the wait for survivors ended (each exits after its clean-up). */
  watchdogsLeft: number;
  identical: boolean;
}

/** sha256 of every file of every store entry's output, by `<step>/<key>/<path>`. */
function storeDigest(store: string): Record<string, string> {
  const digest: Record<string, string> = {};
  const walk = (dir: string, base: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path, base);
      else digest[relative(base, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  for (const step of ['convert', 'build']) {
    const entries = join(store, 'entries', step);
    for (const key of existsSync(entries) ? readdirSync(entries) : []) walk(join(entries, key, 'out'), join(store, 'entries'));
  }
  return digest;
}

const list = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir) : []);

function reached(phase: Phase, store: string, trace: string): boolean {
  const traced = existsSync(trace) ? readFileSync(trace, 'utf8') : '';
  const step = phase.startsWith('convert') ? 'convert' : 'build';
  if (!traced.includes(step === 'convert' ? 'convert_checkpoint.py' : 'trtllm-build')) return false;
  if (phase.endsWith('started')) return true;
  return list(join(store, 'tmp')).some((name) => name.startsWith(`${step}-`) && existsSync(join(store, 'tmp', name, 'out', 'config.json')));
}

async function until(condition: () => boolean, run: CliRun, what: string): Promise<void> {
  // Bounded only so a broken runner fails the test instead of hanging it.
  const deadline = Date.now() + 120_000;
  while (!condition()) {
    if (run.child.exitCode !== null || run.child.signalCode !== null) throw new Error(`trtforge exited before ${what}`);
    if (Date.now() > deadline) {
      run.child.kill('SIGKILL');
      const result = await run.done;
      throw new Error(`${what}: not reached in 120 s; trtforge printed:\n${result.stdout}\n${result.stderr}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function inBatches<T>(count: number, each: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += PARALLEL) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(PARALLEL, count - start) }, (_, k) => each(start + k)))));
  }
  return results;
}

describe('kill -9 of trtforge during convert and build', () => {
  let ws: Workspace;
  let reference: Record<string, string>;
  const marks: Array<{ name: string; value: string }> = [];
  const paths = (name: string) => ({ store: join(ws.root, name, 'store'), stateDir: join(ws.root, name, 'state'), trace: join(ws.root, name, 'trace.log') });

  beforeAll(async () => {
    ws = await createWorkspace();
    // GIVEN the store an uninterrupted build makes
    const { store, stateDir } = paths('reference');
    await runUntil(ws, 'build', { store, stateDir });
    reference = storeDigest(store);
  });
  afterAll(() => {
    for (const mark of marks) killMarked(mark); // only if a failed assertion left some
    ws.cleanup();
  });

  it(`${RUNS} runs: no tool survives, the next run takes the dead owner's locks at once, cleans its tmp/ and stores the same bytes`, async () => {
    const figures = await inBatches(RUNS, async (i): Promise<Figures> => {
      const phase = PHASES[i % PHASES.length]!;
      const { store, stateDir, trace } = paths(`kill-${i}`);
      if (phase.startsWith('build')) await runUntil(ws, 'convert', { store, stateDir });
      const mark = newMarker();
      marks.push(mark);
      // WHEN trtforge is SIGKILLed while a tool works (the tool waits for a file that never comes)
      const run = startCli(ws, ['build', MODEL, '--state-dir', stateDir], {
        TRTFORGE_STORE: store,
        TRTFORGE_STANDIN_TRACE: trace,
        TRTFORGE_STANDIN_HOLD_FILE: join(ws.root, 'never'),
        [mark.name]: mark.value,
      });
      await until(() => reached(phase, store, trace), run, phase);
      const toolsRunning = markedProcesses(mark).filter((p) => p.pid !== run.child.pid && !p.watchdog);
      expect(toolsRunning.length, `run ${i}: a tool runs when the kill lands`).toBeGreaterThan(0);
      run.child.kill('SIGKILL');
      await run.done;
      // THEN no tool outlives it (the watchdog, done, exits too)
      const left = await survivors(mark);
      const tmpAfterKill = list(join(store, 'tmp')).length;
      // AND the next run takes the dead owner's locks at once, saying so, and never waits on them
      const next = await cli(ws, ['build', MODEL, '--state-dir', stateDir], { TRTFORGE_STORE: store });
      expect(next.code, next.stderr).toBe(0);
      const taken = [...next.stdout.matchAll(/taking lock (\S+): owner pid (\d+) \(started [^)]+\) is gone/g)];
      expect(taken.every((m) => Number(m[2]) === run.child.pid), next.stdout).toBe(true);
      return {
        run: i,
        phase,
        orphans: left.filter((p) => !p.watchdog).length,
        tmpAfterKill,
        tmpAfterNextRun: list(join(store, 'tmp')).length,
        takenAtOnce: taken.filter((m) => m[1]!.includes(`/locks/${phase.startsWith('convert') ? 'convert' : 'build'}-`)).length,
        waited: (next.stdout.match(/waiting for lock|waiting for a concurrent run/g) ?? []).length,
        watchdogsLeft: left.filter((p) => p.watchdog).length,
        identical: JSON.stringify(storeDigest(store)) === JSON.stringify(reference) && (await untrustworthy(store, stateDir)).length === 0,
      };
    });
    if (process.env.KILL9_REPORT) writeFileSync(process.env.KILL9_REPORT, `${JSON.stringify(figures, null, 2)}\n`);
    const failed = figures.filter((f) => f.orphans > 0 || f.tmpAfterNextRun > 0 || f.takenAtOnce !== 1 || f.waited > 0 || f.watchdogsLeft > 0 || !f.identical);
    expect(failed, JSON.stringify(figures)).toEqual([]);
    // Every build-phase kill did leave a temp dir (a partial engine) for the next run to remove.
    expect(figures.filter((f) => f.phase === 'build wrote config.json').every((f) => f.tmpAfterKill === 1)).toBe(true);
  }, 600_000);

  it("trtforge and its watchdog both killed: the next run stops the dead owner's tool before it builds, and says so", async () => {
    const { store, stateDir, trace } = paths('no-watchdog');
    await runUntil(ws, 'convert', { store, stateDir });
    const mark = newMarker();
    marks.push(mark);
    const run = startCli(ws, ['build', MODEL, '--state-dir', stateDir], { TRTFORGE_STORE: store, TRTFORGE_STANDIN_TRACE: trace, TRTFORGE_STANDIN_HOLD_FILE: join(ws.root, 'never'), [mark.name]: mark.value });
    await until(() => reached('build wrote config.json', store, trace), run, 'build wrote config.json');
    // WHEN the watchdog goes first (as with a kill of everything), then trtforge
    const [watchdog] = markedProcesses(mark).filter((p) => p.watchdog);
    expect(watchdog).toBeDefined();
    process.kill(watchdog!.pid, 'SIGKILL');
    run.child.kill('SIGKILL');
    await run.done;
    const orphan = markedProcesses(mark).filter((p) => !p.watchdog && p.pid !== run.child.pid);
    expect(orphan.length, 'without its watchdog the tool survives trtforge').toBeGreaterThan(0);
    // THEN the next run takes the dead owner's lock, stops its tool, and builds
    const next = await cli(ws, ['build', MODEL, '--state-dir', stateDir], { TRTFORGE_STORE: store });
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toMatch(new RegExp(`taking lock \\S+/locks/build-\\S+: owner pid ${run.child.pid} \\(started [^)]+\\) is gone`));
    expect(next.stdout).toMatch(new RegExp(`stopped ${orphan.length} process(es)? left running by pid ${run.child.pid}`));
    expect(markedProcesses(mark)).toEqual([]);
    expect(JSON.stringify(storeDigest(store))).toBe(JSON.stringify(reference));
  }, 300_000);

  it('`trtforge gc` removes the temp dir of a run killed with -9, and keeps the one of a build still running', async () => {
    const { store, stateDir, trace } = paths('gc');
    await runUntil(ws, 'convert', { store, stateDir });
    const mark = newMarker();
    marks.push(mark);
    // GIVEN a build that runs (another key: another GPU model) and holds GPU 0
    const hold = join(ws.root, 'gc-hold');
    const running = startCli(ws, ['build', MODEL, '--state-dir', join(ws.root, 'gc', 'state2')], { TRTFORGE_STORE: store, TRTFORGE_STANDIN_GPUS: '8.9', TRTFORGE_STANDIN_TRACE: trace, TRTFORGE_STANDIN_HOLD_FILE: hold });
    await until(() => reached('build wrote config.json', store, trace), running, 'first build running');
    // AND a second build killed with -9 while it waits for that GPU, its temp dir already made
    const killed = startCli(ws, ['build', MODEL, '--state-dir', stateDir], { TRTFORGE_STORE: store, TRTFORGE_STANDIN_TRACE: trace, [mark.name]: mark.value });
    await killed.waitForOutput(/waiting for lock \S+\/gpu\/\S+-0\.lock: held by pid \d+ \(GPU 0 for build qwen2\.5-0\.5b/, 120_000);
    expect(list(join(store, 'tmp'))).toHaveLength(2);
    killed.child.kill('SIGKILL');
    await killed.done;
    expect(await survivors(mark)).toEqual([]);
    const [live] = list(join(store, 'tmp')).filter((name) => existsSync(join(store, 'tmp', name, 'out', 'config.json')));
    // WHEN gc runs
    const gc = await cli(ws, ['gc', '--store', store]);
    // THEN it removes the dead run's temp dir and keeps the live one
    expect(gc.code, gc.stderr).toBe(0);
    expect(gc.stdout).toMatch(/removed {6}tmp\/build-\S+ {2}\(left by a run that is gone\)/);
    expect(list(join(store, 'tmp'))).toEqual([live]);
    writeFileSync(hold, '');
    expect((await running.done).code).toBe(0);
    expect(list(join(store, 'tmp'))).toEqual([]);
  }, 300_000);
});
