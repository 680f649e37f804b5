// Lock edges (store/lock.ts): stale-time setting, incomplete lock files, the stale boundary, the
// breaker directory, takeover lines, fail-fast, interrupts, the heartbeat and release. Order is
// decided by events (the waiter's polls, the compromised signal), never by sleeping; the clock is
// faked only where the exact stale boundary is the point.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InterruptedError } from '../src/errors.js';
import { describeHolder, isLockHeld, lockFileOf, lockHolder, lockStaleMs, withLock, type LockRecord } from '../src/store/lock.js';
import { currentOwner, processStartTicks } from '../src/store/owner.js';

let dir: string;
let path: string;
const children: ChildProcess[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trtforge-lock-edges-'));
  path = join(dir, 'locks', 'build-k');
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  for (const child of children.splice(0)) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const SPAWNS = { timeout: 60_000 };
/** A whole second, so the file's mtimeMs is exactly this. */
const T0 = 1_800_000_000_000;

function record(owner: Partial<LockRecord> = {}): LockRecord {
  return { ...currentOwner(), token: 'planted', since: '2026-01-01T00:00:00.000Z', what: 'build', command: 'trtforge build other', ...owner };
}
function plant(content: string, mtimeMs?: number): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(lockFileOf(path), content);
  if (mtimeMs !== undefined) utimesSync(lockFileOf(path), new Date(mtimeMs), new Date(mtimeMs));
}
const plantRecord = (owner: Partial<LockRecord>, mtimeMs?: number) => plant(`${JSON.stringify(record(owner))}\n`, mtimeMs);

async function liveProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  return child;
}
async function deadOwner(): Promise<Partial<LockRecord>> {
  const child = await liveProcess();
  const start = processStartTicks(child.pid!);
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  return { pid: child.pid!, start };
}

/** A signal that counts the waiter's polls (each sleep listens on it) and runs `at[n]` at poll n. */
function pollHooks(at: Record<number, () => void>): { signal: AbortSignal; polls: () => number } {
  let polls = 0;
  const signal = {
    aborted: false,
    addEventListener: () => {
      polls += 1;
      at[polls]?.();
    },
    removeEventListener: () => undefined,
  } as unknown as AbortSignal;
  return { signal, polls: () => polls };
}

describe('lockStaleMs', () => {
  it('TRTFORGE_LOCK_STALE_MS when it is a number of at least 2000 ms, else 30 s', () => {
    expect(lockStaleMs({})).toBe(30_000);
    expect(lockStaleMs({ TRTFORGE_LOCK_STALE_MS: '2000' })).toBe(2_000);
    expect(lockStaleMs({ TRTFORGE_LOCK_STALE_MS: '45000' })).toBe(45_000);
    expect(lockStaleMs({ TRTFORGE_LOCK_STALE_MS: '1999' })).toBe(30_000);
    expect(lockStaleMs({ TRTFORGE_LOCK_STALE_MS: 'soon' })).toBe(30_000);
    expect(lockStaleMs({ TRTFORGE_LOCK_STALE_MS: 'Infinity' })).toBe(30_000);
  });
});

describe('lockHolder: who holds a lock', SPAWNS, () => {
  it('nobody when there is no lock file', async () => {
    expect(await lockHolder(path, 60_000)).toBeUndefined();
    expect(await isLockHeld(path, 60_000)).toBe(false);
  });

  it('a live owner, with its record (however old its file: no heartbeat is needed on this host); a gone one, nobody', async () => {
    const live = await liveProcess();
    plantRecord({ pid: live.pid!, start: processStartTicks(live.pid!) }, Date.now() - 3_600_000);
    expect((await lockHolder(path, 60_000))?.record).toMatchObject({ pid: live.pid, token: 'planted' });
    plantRecord(await deadOwner());
    expect(await lockHolder(path, 60_000)).toBeUndefined();
  });

  it.each([
    ['not JSON', 'garbage'],
    ['JSON without a token', JSON.stringify({ ...record(), token: undefined })],
    ['a pid that is not a number', JSON.stringify({ ...record(), pid: '12' })],
    ['a token that is not a string', JSON.stringify({ ...record(), token: 7 })],
  ])('a lock file with %s is an unknown owner, judged by its age alone', async (_label, content) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    plant(content, T0);
    vi.setSystemTime(T0 + 2_000);
    expect(await lockHolder(path, 2_000)).toEqual({ record: undefined });
    vi.setSystemTime(T0 + 2_001);
    expect(await lockHolder(path, 2_000)).toBeUndefined();
  });

  it('another host: held up to exactly the stale time since its last heartbeat, stale one ms later', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    plantRecord({ host: 'gpu-node-7', pid: 4242 }, T0);
    vi.setSystemTime(T0 + 5_000);
    expect((await lockHolder(path, 5_000))?.record).toMatchObject({ host: 'gpu-node-7' });
    vi.setSystemTime(T0 + 5_001);
    expect(await lockHolder(path, 5_000)).toBeUndefined();
  });

  it("an older trtforge's lock directory: held while fresh", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    mkdirSync(lockFileOf(path), { recursive: true });
    utimesSync(lockFileOf(path), new Date(T0), new Date(T0));
    vi.setSystemTime(T0 + 1_000);
    expect(await lockHolder(path, 2_000)).toEqual({ record: undefined });
    vi.setSystemTime(T0 + 3_000);
    expect(await lockHolder(path, 2_000)).toBeUndefined();
  });

  it('describeHolder names the host only when it is not ours', () => {
    const mine = record({ pid: 12, since: '2026-03-04T05:06:07.890Z', command: 'trtforge serve x' });
    expect(describeHolder(mine)).toBe('pid 12 (build: trtforge serve x) since 2026-03-04 05:06:07 UTC');
    expect(describeHolder({ ...mine, host: 'b' })).toBe('pid 12 on host b (build: trtforge serve x) since 2026-03-04 05:06:07 UTC');
  });
});

describe('withLock: taking and releasing', SPAWNS, () => {
  it('holds a complete record of us while fn runs, leaves no helper files, and removes the lock after', async () => {
    const before = Date.now();
    const { inside, files } = await withLock(path, { staleMs: 60_000, what: 'serve' }, async () => ({
      inside: JSON.parse(readFileSync(lockFileOf(path), 'utf8')) as LockRecord,
      files: readdirSync(join(dir, 'locks')),
    }));
    expect(files).toEqual(['build-k.lock']);
    expect(inside).toMatchObject({ ...currentOwner(), what: 'serve' });
    expect(inside.token).toMatch(/^[0-9a-f]{16}$/);
    expect(Date.parse(inside.since)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(inside.since)).toBeLessThanOrEqual(Date.now());
    expect(inside.command).toBe(['trtforge', ...process.argv.slice(2)].join(' ').slice(0, 120));
    expect(inside.command.startsWith('trtforge')).toBe(true);
    expect(readdirSync(join(dir, 'locks'))).toEqual([]);
  });

  it('records the command line as "trtforge <args>", cut at 120 characters, and creates missing lock dirs', async () => {
    const argv = process.argv;
    process.argv = [argv[0]!, argv[1]!, 'build', 'qwen', '--force', 'x'.repeat(200)];
    const deep = join(dir, 'a', 'b', 'locks', 'build-k');
    try {
      const inside = await withLock(deep, { staleMs: 60_000, what: 'build' }, async () => JSON.parse(readFileSync(lockFileOf(deep), 'utf8')) as LockRecord);
      expect(inside.command).toBe(`trtforge build qwen --force ${'x'.repeat(200)}`.slice(0, 120));
      expect(inside.command).toHaveLength(120);
    } finally {
      process.argv = argv;
    }
  });

  it('each acquisition has its own token', async () => {
    const read = () => (JSON.parse(readFileSync(lockFileOf(path), 'utf8')) as LockRecord).token;
    const a = await withLock(path, { staleMs: 60_000, what: 'build' }, async () => read());
    const b = await withLock(path, { staleMs: 60_000, what: 'build' }, async () => read());
    expect(a).not.toBe(b);
  });

  it("does not remove a lock that is no longer ours when fn ends (another process took it)", async () => {
    await withLock(path, { staleMs: 60_000, what: 'build' }, async () => {
      plantRecord({ host: 'gpu-node-7', token: 'theirs' });
    });
    expect((JSON.parse(readFileSync(lockFileOf(path), 'utf8')) as LockRecord).token).toBe('theirs');
  });

  it('an incomplete lock file is waited for while fresh, said once with the stale time, then taken', async () => {
    plant('{"half": ', Date.now());
    const reports: string[] = [];
    let waits = 0;
    const { signal, polls } = pollHooks({ 3: () => utimesSync(lockFileOf(path), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000)) });
    await withLock(path, { staleMs: 2_500, what: 'build', pollMs: 5, signal, onReport: (m) => reports.push(m), onWait: () => (waits += 1) }, async () => undefined);
    expect(polls()).toBeGreaterThanOrEqual(3);
    expect(waits).toBe(1);
    expect(reports).toEqual([
      `waiting for lock ${lockFileOf(path)} (owner unknown; taken over if untouched for 3 s)`,
      `taking lock ${lockFileOf(path)}: it was left incomplete or by an older trtforge and untouched for 3 s`,
    ]);
  });

  it('says how long another host has been silent, in whole seconds', async () => {
    plantRecord({ host: 'gpu-node-7', pid: 4242 }, Date.now() - 61_400);
    const reports: string[] = [];
    await withLock(path, { staleMs: 2_000, what: 'build', onReport: (m) => reports.push(m) }, async () => undefined);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/^taking lock .*: owner pid 4242 on host gpu-node-7 has not refreshed it for 6[12] s$/);
  });

  it("onDeadOwner gets a dead owner's record before the lock is taken, and only a dead owner's", async () => {
    const dead = await deadOwner();
    plantRecord({ ...dead, token: 'dead-one' });
    const seen: Array<{ token: string; lockExists: boolean }> = [];
    const onDeadOwner = async (owner: LockRecord) => void seen.push({ token: owner.token, lockExists: existsSync(lockFileOf(path)) });
    await withLock(path, { staleMs: 60_000, what: 'build', onDeadOwner }, async () => undefined);
    expect(seen).toEqual([{ token: 'dead-one', lockExists: false }]);
    // a stale lock of another host, and an incomplete one, have no owner here to clean up after
    plantRecord({ host: 'gpu-node-7' }, Date.now() - 60_000);
    await withLock(path, { staleMs: 2_000, what: 'build', onDeadOwner }, async () => undefined);
    plant('garbage', Date.now() - 60_000);
    await withLock(path, { staleMs: 2_000, what: 'build', onDeadOwner }, async () => undefined);
    expect(seen).toHaveLength(1);
  });
});

describe('withLock: failing fast and interrupts', SPAWNS, () => {
  it('failFast throws what it returns for a live holder, given the holder and the lock file, without waiting', async () => {
    const live = await liveProcess();
    plantRecord({ pid: live.pid!, start: processStartTicks(live.pid!), token: 'gpu-holder' });
    const calls: Array<[string | undefined, string]> = [];
    let waited = false;
    const error = await withLock(
      path,
      { staleMs: 60_000, what: 'serve', onWait: () => (waited = true), failFast: (holder, file) => (calls.push([holder?.token, file]), new Error('GPU busy')) },
      async () => 'ran',
    ).catch((e: Error) => e);
    expect(error).toEqual(new Error('GPU busy'));
    expect(calls).toEqual([['gpu-holder', lockFileOf(path)]]);
    expect(waited).toBe(false);
  });

  it('failFast does not apply to a dead holder: its lock is taken', async () => {
    plantRecord(await deadOwner());
    expect(await withLock(path, { staleMs: 60_000, what: 'serve', failFast: () => new Error('GPU busy') }, async () => 'ran')).toBe('ran');
  });

  it('an already aborted signal interrupts before taking the lock', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await withLock(path, { staleMs: 60_000, what: 'build', signal: controller.signal }, async () => 'ran').catch((e: Error) => e);
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as Error).message).toBe(new InterruptedError('build').message);
    expect(existsSync(lockFileOf(path))).toBe(false);
  });

  it.each([
    // the abort comes while the waiter sleeps (after this turn of the event loop)
    ['during the wait', (controller: AbortController) => setImmediate(() => controller.abort())],
    // the abort comes between the loop's check and the sleep: the sleep must not start
    ['just before the wait begins', (controller: AbortController) => controller.abort()],
  ])('an abort %s ends the wait at once (not at the next poll) and says it was waiting', async (_label, abortFrom) => {
    const live = await liveProcess();
    plantRecord({ pid: live.pid!, start: processStartTicks(live.pid!) });
    const controller = new AbortController();
    // A poll interval far longer than the test: only the abort can end the sleep.
    const error = await withLock(path, { staleMs: 60_000, what: 'build', pollMs: 3_600_000, signal: controller.signal, onWait: () => abortFrom(controller) }, async () => 'ran').catch(
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as Error).message).toBe(new InterruptedError('build (while waiting for a concurrent run)').message);
  });
});

describe('the breaker directory (<lock>.break)', SPAWNS, () => {
  it('a fresh one (another waiter is breaking the lock) is respected; once it is gone the dead lock is taken', async () => {
    plantRecord(await deadOwner());
    mkdirSync(`${lockFileOf(path)}.break`);
    let lockAtPoll3 = '';
    const { signal } = pollHooks({
      3: () => {
        lockAtPoll3 = readFileSync(lockFileOf(path), 'utf8');
        rmSync(`${lockFileOf(path)}.break`, { recursive: true });
      },
    });
    const reports: string[] = [];
    await withLock(path, { staleMs: 60_000, what: 'build', signal, onReport: (m) => reports.push(m) }, async () => undefined);
    expect(JSON.parse(lockAtPoll3)).toMatchObject({ token: 'planted' });
    expect(reports).toEqual([expect.stringMatching(/is gone$/)]);
    expect(readdirSync(join(dir, 'locks'))).toEqual([]);
  });

  it('one left behind by a killed breaker (older than 5 s) is removed, and the lock taken', async () => {
    plantRecord(await deadOwner());
    mkdirSync(`${lockFileOf(path)}.break`);
    utimesSync(`${lockFileOf(path)}.break`, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const reports: string[] = [];
    await withLock(path, { staleMs: 60_000, what: 'build', onReport: (m) => reports.push(m) }, async () => undefined);
    expect(reports).toEqual([expect.stringMatching(/is gone$/)]);
    expect(readdirSync(join(dir, 'locks'))).toEqual([]);
  });
});

describe('the heartbeat', SPAWNS, () => {
  /** Resolves with the compromised signal's reason once it fires. */
  const compromisedReason = (signal: AbortSignal) =>
    new Promise<string>((resolve) => (signal.aborted ? resolve(String((signal.reason as Error).message)) : signal.addEventListener('abort', () => resolve(String((signal.reason as Error).message)), { once: true })));

  it('beats every half stale time, and at least every 500 ms', async () => {
    const periods: Array<number | undefined> = [];
    const setIntervalSpy = vi.spyOn(globalThis, 'setInterval');
    for (const staleMs of [4_000, 600]) {
      setIntervalSpy.mockClear();
      await withLock(path, { staleMs, what: 'build' }, async () => undefined);
      periods.push(setIntervalSpy.mock.calls.at(-1)?.[1]);
    }
    expect(periods).toEqual([2_000, 500]);
  });

  it('refreshes the lock file while fn runs, so other hosts see a live heartbeat', async () => {
    await withLock(path, { staleMs: 2_000, what: 'build' }, async () => {
      const old = Date.now() - 60_000;
      utimesSync(lockFileOf(path), new Date(old), new Date(old));
      // Waiting for the heartbeat's write (bounded by the test timeout), not for time to pass.
      while (statSync(lockFileOf(path)).mtimeMs <= old + 1_000) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(statSync(lockFileOf(path)).mtimeMs).toBeGreaterThan(Date.now() - 30_000);
    });
  });

  it('fn learns, through its signal, that another process took the lock, and who', async () => {
    const reason = await withLock(path, { staleMs: 2_000, what: 'build' }, async (compromised) => {
      plantRecord({ host: 'gpu-node-7', pid: 4242, token: 'theirs', since: '2026-01-01T10:00:00.000Z', command: 'trtforge build x' });
      return compromisedReason(compromised);
    });
    expect(reason).toBe('build-k.lock was taken by pid 4242 on host gpu-node-7 (build: trtforge build x) since 2026-01-01 10:00:00 UTC');
  });

  it('fn learns that the lock file was removed', async () => {
    const reason = await withLock(path, { staleMs: 2_000, what: 'build' }, async (compromised) => {
      rmSync(lockFileOf(path));
      return compromisedReason(compromised);
    });
    expect(reason).toBe(`${lockFileOf(path)} was removed`);
  });

  it('a lock file overwritten with something that is no record: fn is told, and the file is not removed', async () => {
    const reason = await withLock(path, { staleMs: 2_000, what: 'build' }, async (compromised) => {
      writeFileSync(lockFileOf(path), 'garbage');
      return compromisedReason(compromised);
    });
    expect(reason).toBe(`${lockFileOf(path)} was removed`);
    expect(readFileSync(lockFileOf(path), 'utf8')).toBe('garbage');
  });

  it('the signal stays quiet while the lock is ours', async () => {
    const aborted = await withLock(path, { staleMs: 2_000, what: 'build' }, async (compromised) => {
      const old = Date.now() - 60_000;
      utimesSync(lockFileOf(path), new Date(old), new Date(old));
      // After one heartbeat has run (the mtime moved), the lock is still ours.
      while (statSync(lockFileOf(path)).mtimeMs <= old + 1_000) await new Promise((resolve) => setTimeout(resolve, 20));
      return compromised.aborted;
    });
    expect(aborted).toBe(false);
  });
});
