import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secretValues } from '@trtforge/spec';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InterruptedError } from '../src/errors.js';
import { StepLog } from '../src/process/step-log.js';
import { isLockHeld, lockStaleMs, withLock } from '../src/store/lock.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trtforge-log-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('StepLog masks secret values before anything is written', () => {
  it('in the file, the returned line and the kept tail; every occurrence', async () => {
    const log = new StepLog(join(dir, 'logs', 'build.log'), ['hf_secretvalue', undefined, 'abcd']);
    expect(log.line('token=hf_secretvalue again hf_secretvalue')).toBe('token=*** again ***');
    log.line('abcd abc');
    await log.close();
    expect(readFileSync(join(dir, 'logs', 'build.log'), 'utf8')).toBe('token=*** again ***\n*** abc\n');
    expect(log.lastLines()).toEqual(['token=*** again ***', '*** abc']);
  });

  it('values of the secret policy shorter than 4 characters are never masked (they would hide ordinary words)', async () => {
    // The length floor is the policy's (secretValues, @trtforge/spec): a short passEnv value never reaches the log's list.
    const log = new StepLog(join(dir, 'a.log'), secretValues({ SHORT: 'abc', LONG: 'abcd' }, ['SHORT', 'LONG']));
    expect(log.line('abc def')).toBe('abc def');
    expect(log.line('abcd def')).toBe('*** def');
    await log.close();
  });

  it('keeps the last tailSize lines; lastLines(n) gives the last n', async () => {
    const log = new StepLog(join(dir, 'b.log'), [], 3);
    for (const n of [1, 2, 3, 4, 5]) log.line(`line ${n}`);
    expect(log.lastLines()).toEqual(['line 3', 'line 4', 'line 5']);
    expect(log.lastLines(2)).toEqual(['line 4', 'line 5']);
    await log.close();
    expect(readFileSync(join(dir, 'b.log'), 'utf8').split('\n')).toHaveLength(6);
  });
});

describe('lockStaleMs', () => {
  it('reads TRTFORGE_LOCK_STALE_MS when it is a number of at least 2000 ms, else 30 s', () => {
    expect(lockStaleMs({})).toBe(30_000);
    expect(lockStaleMs({ TRTFORGE_LOCK_STALE_MS: '2000' })).toBe(2000);
    expect(lockStaleMs({ TRTFORGE_LOCK_STALE_MS: '45000' })).toBe(45_000);
    expect(lockStaleMs({ TRTFORGE_LOCK_STALE_MS: '1999' })).toBe(30_000);
    expect(lockStaleMs({ TRTFORGE_LOCK_STALE_MS: 'soon' })).toBe(30_000);
    expect(lockStaleMs({ TRTFORGE_LOCK_STALE_MS: 'Infinity' })).toBe(30_000);
  });
});

/** A promise and the function that settles it: ordering by events, never by sleeps. */
function deferred(): { promise: Promise<void>; settle: () => void } {
  let settle!: () => void;
  const promise = new Promise<void>((resolve) => (settle = resolve));
  return { promise, settle };
}

describe('withLock', () => {
  it('creates missing parent folders, holds the lock while fn runs, returns its value and releases it', async () => {
    const path = join(dir, 'locks', 'deep', 'build');
    const value = await withLock(path, { staleMs: 10_000, what: 'build' }, async (compromised) => {
      expect(compromised.aborted).toBe(false);
      expect(await isLockHeld(path, 10_000)).toBe(true);
      return 42;
    });
    expect(value).toBe(42);
    expect(await isLockHeld(path, 10_000)).toBe(false);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('releases the lock when fn throws, and rethrows', async () => {
    const path = join(dir, 'build');
    await expect(withLock(path, { staleMs: 10_000, what: 'build' }, async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await isLockHeld(path, 10_000)).toBe(false);
  });

  it('a second run waits (onWait once) until the first releases, then runs', async () => {
    const path = join(dir, 'build');
    const firstHolds = deferred();
    const releaseFirst = deferred();
    const order: string[] = [];
    let waits = 0;
    const first = withLock(path, { staleMs: 10_000, what: 'build' }, async () => {
      order.push('first');
      firstHolds.settle();
      await releaseFirst.promise;
      order.push('first done');
    });
    await firstHolds.promise;
    const second = withLock(path, { staleMs: 10_000, what: 'build', pollMs: 20, onWait: () => {
      waits++;
      // Let the first finish only once the second has seen the lock busy.
      releaseFirst.settle();
    } }, async () => { order.push('second'); });
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'first done', 'second']);
    expect(waits).toBe(1);
  });

  it('an aborted signal stops it before it takes the lock, or while it waits', async () => {
    const path = join(dir, 'build');
    const aborted = AbortSignal.abort();
    const before = withLock(path, { staleMs: 10_000, what: 'build', signal: aborted }, async () => 'ran');
    await expect(before).rejects.toBeInstanceOf(InterruptedError);
    await expect(withLock(path, { staleMs: 10_000, what: 'build', signal: aborted }, async () => 'ran')).rejects.toThrow('interrupted during build;');

    const holding = deferred();
    const done = deferred();
    const first = withLock(path, { staleMs: 10_000, what: 'build' }, async () => {
      holding.settle();
      await done.promise;
    });
    await holding.promise;
    const controller = new AbortController();
    // A long poll: only the abort can end the wait. It fires once the wait has begun (onWait runs just before).
    const waiting = withLock(path, { staleMs: 10_000, what: 'build', signal: controller.signal, pollMs: 600_000, onWait: () => setImmediate(() => controller.abort()) }, async () => 'ran');
    await expect(waiting).rejects.toThrow('interrupted during build (while waiting for a concurrent run);');
    done.settle();
    await first;
  });

  it('signals fn when its lock is taken away (the holder must stop writing)', async () => {
    const path = join(dir, 'build');
    const reason = await withLock(path, { staleMs: 2000, what: 'build' }, async (compromised) => {
      rmSync(`${path}.lock`, { recursive: true });
      // The lock's heartbeat notices at its next refresh (staleMs / 2, at least 0.5 s).
      await new Promise((resolve) => compromised.addEventListener('abort', resolve, { once: true }));
      return compromised.reason as Error;
    });
    expect(reason.message).toBe(`${path}.lock was removed`);
  });

  it('an error other than a busy lock is thrown, not waited on', async () => {
    const path = join(dir, 'x'.repeat(300));
    await expect(withLock(path, { staleMs: 10_000, what: 'build' }, async () => 'ran')).rejects.toMatchObject({ code: 'ENAMETOOLONG' });
  });

  it('isLockHeld is false for a path nobody locked', async () => {
    expect(await isLockHeld(join(dir, 'nothing'), 10_000)).toBe(false);
    expect(await isLockHeld(join(dir, 'no', 'such', 'dir'), 10_000)).toBe(false);
    // A path the file system rejects is not a held lock either.
    expect(await isLockHeld(join(dir, 'x'.repeat(300)), 10_000)).toBe(false);
  });
});
