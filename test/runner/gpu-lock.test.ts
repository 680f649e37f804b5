// The GPU lock: steps that need the same GPU of one host run one at a time (build waits, saying
// who holds the GPU), and a server on a busy GPU fails at once naming the holder. Runs are ordered
// by events (a stand-in tool that holds until a file appears), never by head starts.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, STACK_TRACE, startCli, type CliRun } from './helpers/cli.js';
import { runUntil } from './helpers/run.js';
import { createWorkspace, MODEL, type Workspace } from './helpers/workspace.js';

async function until(condition: () => boolean, run: CliRun, what: string): Promise<void> {
  const deadline = Date.now() + 120_000; // a bound for a broken runner, not the event waited for
  while (!condition()) {
    if (run.child.exitCode !== null || run.child.signalCode !== null) throw new Error(`trtforge exited before ${what}`);
    if (Date.now() > deadline) throw new Error(`${what}: not reached`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const builds = (trace: string): string[] => (existsSync(trace) ? readFileSync(trace, 'utf8').split('\n').filter((l) => l.startsWith('trtllm-build ')) : []);

describe('GPU lock', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await createWorkspace();
  });
  afterAll(() => ws.cleanup());

  it('two builds of different engines on GPU 0 run one after the other; the second says who holds the GPU', async () => {
    const store = join(ws.root, 'serial', 'store');
    const trace = join(ws.root, 'serial', 'trace.log');
    const hold = join(ws.root, 'serial', 'hold');
    await runUntil(ws, 'convert', { store, stateDir: join(ws.root, 'serial', 'a') });
    const env = { TRTFORGE_STORE: store, TRTFORGE_STANDIN_TRACE: trace, TRTFORGE_STANDIN_HOLD_FILE: hold };
    // GIVEN a build whose tool is running on GPU 0
    const first = startCli(ws, ['build', MODEL, '--state-dir', join(ws.root, 'serial', 'a')], env);
    await until(() => builds(trace).length === 1, first, 'first trtllm-build started');
    // WHEN another engine (another compute capability: another key) is built on GPU 0
    const second = startCli(ws, ['build', MODEL, '--state-dir', join(ws.root, 'serial', 'b')], { ...env, TRTFORGE_STANDIN_GPUS: '8.9' });
    // THEN it waits, saying who holds the GPU and since when, and starts no tool meanwhile
    await second.waitForOutput(new RegExp(`waiting for lock \\S+/locks/gpu/\\S+-0\\.lock: held by pid ${first.child.pid} \\(GPU 0 for build ${MODEL.replace(/\./g, '\\.')}: trtforge build ${MODEL.replace(/\./g, '\\.')} [^)]*\\) since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC`), 120_000);
    expect(builds(trace)).toHaveLength(1);
    // AND runs once the first is done
    writeFileSync(hold, '');
    const [a, b] = await Promise.all([first.done, second.done]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(builds(trace)).toHaveLength(2);
    expect(b.stdout.match(/waiting for lock/g)).toHaveLength(1); // said once, not per poll
    expect(b.stdout).toMatch(/^ {2}build +rebuilt/m);
  }, 300_000);

  it('a server on a GPU a running server holds fails at once, naming the holder', async () => {
    // GIVEN a server running on GPU 0
    const server = startCli(ws, ['serve', MODEL, '--no-smoke']);
    try {
      await server.waitForOutput(/is ready/, 120_000);
      // WHEN a second server (other ports: another checkout sharing the store) wants GPU 0
      const other = await createWorkspace();
      try {
        const result = await cli(other, ['serve', MODEL, '--no-smoke'], { TRTFORGE_STORE: ws.store });
        // THEN it fails fast with the holder, and no stack trace
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(new RegExp(`GPU 0 is in use by pid ${server.child.pid} \\(GPU 0 for serve ${MODEL.replace(/\./g, '\\.')}: trtforge serve`));
        expect(result.stderr).toContain('parallelism.gpuIds');
        expect(result.stderr).not.toMatch(STACK_TRACE);
      } finally {
        other.cleanup();
      }
    } finally {
      server.child.kill('SIGINT');
      await server.done;
    }
  }, 300_000);
});
