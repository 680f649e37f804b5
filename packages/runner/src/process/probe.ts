import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';

export interface ProbeResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** After a timeout's SIGTERM, how long a probe may take to exit before SIGKILL. */
const FORCE_KILL_MS = 5_000;

const stripFinalNewline = (text: string): string => text.replace(/\r?\n$/, '');

/**
 * Runs a short probe command (nvidia-smi, image inspect…) with an argv array and exactly `env`
 * (nothing inherited): success (exit 0 within `timeoutMs`) and its output, the final newline
 * stripped. Plain node:child_process: `trtforge serve` starts nvidia-smi through this before the
 * rest of the runner is loaded, and a probe needs none of execa's features.
 * A probe that outlives its timeout gets SIGTERM, then SIGKILL.
 * With `holdFrom`, the probe keeps this process alive only once that promise settles: a query
 * started ahead of need (serve's GPU query) must not delay the exit of a run that failed before
 * asking for it; unasked, the probe finishes on its own.
 */
export function probe(file: string, args: string[], env: Record<string, string | undefined>, timeoutMs = 20_000, holdFrom?: Promise<void>): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch {
      resolve({ ok: false, stdout: '', stderr: '' });
      return;
    }
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    let timedOut = false;
    let forceKill: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      forceKill = setTimeout(() => child.kill('SIGKILL'), FORCE_KILL_MS);
    }, timeoutMs);
    if (holdFrom) {
      const handles: Array<{ ref(): unknown; unref(): unknown }> = [child, child.stdout as unknown as Socket, child.stderr as unknown as Socket, timer];
      for (const handle of handles) handle.unref();
      void holdFrom.then(() => {
        for (const handle of handles) handle.ref();
      });
    }
    let failedToStart = false;
    child.on('error', () => { failedToStart = true; });
    child.on('close', (code) => {
      clearTimeout(timer);
      clearTimeout(forceKill);
      resolve({
        ok: !failedToStart && !timedOut && code === 0,
        stdout: stripFinalNewline(Buffer.concat(stdout).toString('utf8')),
        stderr: stripFinalNewline(Buffer.concat(stderr).toString('utf8')),
      });
    });
  });
}
