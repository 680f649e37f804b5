import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startProcess, type Invocation } from '../src/process/run-process.js';
import { StepLog } from '../src/process/step-log.js';

let dir: string;
let log: StepLog;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trtforge-run-process-'));
  log = new StepLog(join(dir, 'step.log'), ['s3cret']);
});
afterEach(async () => {
  await log.close();
  rmSync(dir, { recursive: true, force: true });
});

const node = (code: string, env: Record<string, string> = {}, extendEnv = false): Invocation => ({ file: process.execPath, args: ['-e', code], env, extendEnv });

describe('startProcess: a tool in its own process group, output line by line into the step log', () => {
  it('streams masked lines of both streams and reports the exit code; the env is exactly the invocation’s plus the owner marker', async () => {
    const lines: string[] = [];
    const running = startProcess(node('console.log(process.env.A, process.env.HOME ?? "no home", typeof process.env.TRTFORGE_OWNER); console.error("key s3cret"); process.exit(4)', { A: 'a' }), { log, onLine: (l) => lines.push(l) });
    expect(running.pid).toBeGreaterThan(0);
    expect(await running.exited).toEqual({ exitCode: 4, signal: undefined });
    expect(lines.sort()).toEqual(['a no home string', 'key ***']);
  });

  it('extendEnv inherits the runner’s environment; a signal to the group is reported by name', async () => {
    const lines: string[] = [];
    const running = startProcess(node('console.log(process.env.PATH === undefined ? "no PATH" : "PATH"); setInterval(() => {}, 1000)', {}, true), { log, onLine: (l) => lines.push(l) });
    while (lines.length === 0) await new Promise((r) => setTimeout(r, 10));
    running.signal('SIGTERM');
    expect(await running.exited).toEqual({ exitCode: undefined, signal: 'SIGTERM' });
    expect(lines).toEqual(['PATH']);
  });

  it('a program that cannot start ends with 127 and one line naming it, like a shell', async () => {
    const running = startProcess({ file: join(dir, 'no-such-tool'), args: [], env: {}, extendEnv: false }, { log });
    expect(await running.exited).toEqual({ exitCode: 127, signal: undefined });
    expect(log.lastLines()).toEqual([expect.stringMatching(new RegExp(`^trtforge: cannot start ${join(dir, 'no-such-tool')}: spawn .*ENOENT`))]);
  });
});
