// Test helper: run the real `trtforge` bin (packages/cli) as a child process inside a workspace.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT, type Workspace } from './workspace.js';

export const BIN = join(REPO_ROOT, 'packages/cli/bin/trtforge.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliRun {
  child: ChildProcess;
  done: Promise<CliResult>;
  /** Resolves once stdout matches `pattern` (rejects if the CLI exits first or after `timeoutMs`). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

/** Starts the real `trtforge <args>` from models/<model>/ (where turbo runs the package scripts). */
export function startCli(ws: Workspace, args: string[], env: Record<string, string | undefined> = {}): CliRun {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: join(ws.root, 'models', ws.model),
    env: { ...ws.env, ...env, FORCE_COLOR: '0', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  const waitForOutput = async (pattern: RegExp, timeoutMs = 30_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(stdout)) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`trtforge exited before printing ${pattern}:\n${stdout}\n${stderr}`);
      if (Date.now() > deadline) throw new Error(`trtforge did not print ${pattern} within ${timeoutMs} ms:\n${stdout}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return { child, done, waitForOutput };
}

export function cli(ws: Workspace, args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return startCli(ws, args, env).done;
}

/** A stack trace looks like "    at fn (file:line:col)". */
export const STACK_TRACE = /^\s+at .+[:(]/m;
