import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';
import { InterruptedError } from '../errors.js';

/**
 * How long a lock may go without its mtime being refreshed before others may break it. The holder
 * refreshes it every stale/2; a holder that was SIGKILLed stops refreshing, so its lock frees
 * itself after this long. (proper-lockfile's floor is 2 s.)
 */
export function lockStaleMs(env: Record<string, string | undefined>): number {
  const value = Number(env.TRTFORGE_LOCK_STALE_MS);
  return Number.isFinite(value) && value >= 2000 ? value : 30_000;
}

export interface LockOptions {
  staleMs: number;
  /** What the lock protects, for the interrupt message ("build"). */
  what: string;
  signal?: AbortSignal;
  /** Called once when the lock is busy and we start waiting. */
  onWait?: () => void;
  /** Poll interval while waiting. */
  pollMs?: number;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });

/**
 * Runs `fn` holding the lock at `path` (a directory `<path>.lock`, created atomically with mkdir).
 * Waits — abortably, for as long as the holder keeps its lock fresh — when another process holds
 * it: concurrent runs of one step wait for one execution instead of building twice.
 */
export async function withLock<T>(path: string, options: LockOptions, fn: (compromised: AbortSignal) => Promise<T>): Promise<T> {
  await mkdir(dirname(path), { recursive: true });
  const compromised = new AbortController();
  let waited = false;
  let release: (() => Promise<void>) | undefined;
  while (!release) {
    if (options.signal?.aborted) throw new InterruptedError(waited ? `${options.what} (while waiting for a concurrent run)` : options.what);
    try {
      release = await lockfile.lock(path, {
        realpath: false,
        stale: options.staleMs,
        retries: 0,
        // Default would throw from a timer and crash the process; abort the step instead.
        onCompromised: (error) => compromised.abort(error),
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      if (!waited) options.onWait?.();
      waited = true;
      await sleep(options.pollMs ?? 250, options.signal);
    }
  }
  try {
    return await fn(compromised.signal);
  } finally {
    await release().catch(() => undefined);
  }
}

/** True when someone holds a fresh lock at `path`. */
export async function isLockHeld(path: string, staleMs: number): Promise<boolean> {
  try {
    return await lockfile.check(path, { realpath: false, stale: staleMs });
  } catch {
    return false;
  }
}
