import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isLockHeld, lockFileOf, withLock, type LockRecord } from '../src/store/lock.js';
import { currentOwner, ownerState, ownerToken, processStartTicks } from '../src/store/owner.js';
import { Store } from '../src/store/store.js';

let dir: string;
const children: ChildProcess[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trtforge-lock-'));
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** A process of our own that runs until we kill it. */
async function liveProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  return child;
}

async function deadPid(): Promise<{ pid: number; start: string | null }> {
  const child = await liveProcess();
  const start = processStartTicks(child.pid!);
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  return { pid: child.pid!, start };
}

/** A lock file as another trtforge process would have written it. */
function plantLock(path: string, owner: Partial<LockRecord>): void {
  const record: LockRecord = { ...currentOwner(), token: 'planted', since: '2026-01-01T00:00:00.000Z', what: 'build', command: 'trtforge build other', ...owner };
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(lockFileOf(path), `${JSON.stringify(record)}\n`);
}

// Bounds for a loaded machine (these tests start processes), never what a test waits for.
const SPAWNS = { timeout: 60_000 };

describe('owner identity', () => {
  it('a recycled pid is not the owner: same pid, other start time → dead', () => {
    const me = currentOwner();
    expect(me.start).toMatch(/^\d+$/);
    expect(ownerState(me)).toBe('alive');
    expect(ownerState({ ...me, start: String(Number(me.start) + 1) })).toBe('dead');
    expect(ownerState({ ...me, host: `${me.host}-elsewhere` })).toBe('unknown');
    expect(ownerState({ ...me, boot: 'another-boot' })).toBe('dead');
  });
});

describe('withLock', SPAWNS, () => {
  it("a dead owner's lock is taken at once, with one line naming it, without waiting", async () => {
    const path = join(dir, 'locks', 'build-k');
    const dead = await deadPid();
    plantLock(path, { pid: dead.pid, start: dead.start, startedAt: '2026-01-01T10:00:00.000Z' });
    const reports: string[] = [];
    let waited = false;
    const inside = await withLock(path, { staleMs: 60_000, what: 'build', onReport: (m) => reports.push(m), onWait: () => (waited = true) }, async () => JSON.parse(readFileSync(lockFileOf(path), 'utf8')) as LockRecord);
    expect(reports).toEqual([`taking lock ${lockFileOf(path)}: owner pid ${dead.pid} (started 2026-01-01 10:00:00 UTC) is gone`]);
    expect(waited).toBe(false);
    // The lock held inside names us: pid, start time, host.
    expect(inside).toMatchObject({ pid: process.pid, start: currentOwner().start, host: hostname(), what: 'build' });
    expect(existsSync(lockFileOf(path))).toBe(false);
  });

  it('a live owner is waited for, reported once (not per poll) with who and since when; taken when it dies', async () => {
    const path = join(dir, 'locks', 'build-k');
    const holder = await liveProcess();
    plantLock(path, { pid: holder.pid!, start: processStartTicks(holder.pid!), since: '2026-01-01T10:00:00.000Z', command: 'trtforge build other-model' });
    const reports: string[] = [];
    // Counts the waiter's polls (each sleep listens on the signal); the holder dies at the 5th.
    let polls = 0;
    const countingSignal = {
      aborted: false,
      addEventListener: () => {
        if (++polls === 5) holder.kill('SIGKILL');
      },
      removeEventListener: () => undefined,
    } as unknown as AbortSignal;
    await withLock(path, { staleMs: 60_000, what: 'build', pollMs: 5, onReport: (m) => reports.push(m), signal: countingSignal }, async () => undefined);
    expect(polls).toBeGreaterThanOrEqual(5);
    expect(reports).toEqual([
      `waiting for lock ${lockFileOf(path)}: held by pid ${holder.pid} (build: trtforge build other-model) since 2026-01-01 10:00:00 UTC`,
      expect.stringMatching(new RegExp(`^taking lock .*: owner pid ${holder.pid} \\(started .*\\) is gone$`)),
    ]);
  });

  it('a lock from another host is waited for while its heartbeat runs (saying which host), and taken once it stops', async () => {
    const path = join(dir, 'locks', 'build-k');
    plantLock(path, { host: 'gpu-node-7', pid: 4242 });
    const reports: string[] = [];
    await withLock(
      path,
      {
        staleMs: 2_000,
        what: 'build',
        pollMs: 5,
        onReport: (m) => {
          reports.push(m);
          // The other host's heartbeat stops: its lock's mtime falls behind.
          if (m.startsWith('waiting')) utimesSync(lockFileOf(path), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
        },
      },
      async () => undefined,
    );
    expect(reports[0]).toMatch(/^waiting for lock .*: held by pid 4242 on host gpu-node-7 \(build: trtforge build other\) since /);
    expect(reports[1]).toMatch(/^taking lock .*: owner pid 4242 on host gpu-node-7 has not refreshed it for \d+ s$/);
  });

  it('several waiters on one dead lock: one holder at a time, the takeover said once', async () => {
    const path = join(dir, 'locks', 'build-k');
    const dead = await deadPid();
    plantLock(path, { pid: dead.pid, start: dead.start });
    const reports: string[] = [];
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3].map((i) =>
        withLock(path, { staleMs: 60_000, what: 'build', pollMs: 5, onReport: (m) => reports.push(m) }, async () => {
          inside += 1;
          most = Math.max(most, inside);
          await new Promise((r) => setImmediate(r));
          order.push(i);
          inside -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(order.sort()).toEqual([0, 1, 2, 3]);
    expect(reports.filter((m) => m.includes('is gone'))).toHaveLength(1);
  });

  it("an older trtforge's lock directory is taken once untouched for the stale time", async () => {
    const path = join(dir, 'locks', 'build-k');
    mkdirSync(lockFileOf(path), { recursive: true });
    utimesSync(lockFileOf(path), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const reports: string[] = [];
    await withLock(path, { staleMs: 2_000, what: 'build', onReport: (m) => reports.push(m) }, async () => undefined);
    expect(reports).toEqual([expect.stringMatching(/^taking lock .*: it was left incomplete or by an older trtforge and untouched for 2 s$/)]);
  });

  it('isLockHeld: a live owner holds it, a dead one does not', async () => {
    const path = join(dir, 'locks', 'build-k');
    const dead = await deadPid();
    plantLock(path, { pid: dead.pid, start: dead.start });
    expect(await isLockHeld(path, 60_000)).toBe(false);
    const live = await liveProcess();
    plantLock(path, { pid: live.pid!, start: processStartTicks(live.pid!) });
    expect(await isLockHeld(path, 60_000)).toBe(true);
  });
});

describe('temp dirs carry their owner', SPAWNS, () => {
  it("a dead owner's temp dir is removed even though no lock says so; ours (alive) is kept", async () => {
    const store = new Store(join(dir, 'store'));
    const key = 'a'.repeat(64);
    const ours = await store.createTemp('build', key);
    expect(ours.dir).toContain(`-${ownerToken(currentOwner())}-`);
    const dead = await deadPid();
    const theirs = join(store.root, 'tmp', `build-${key}-${ownerToken({ ...currentOwner(), pid: dead.pid, start: dead.start })}-0badf00d`);
    mkdirSync(join(theirs, 'out'), { recursive: true });
    // Even with a live lock on the key (ours): the dead owner's dir has no one to finish it.
    await withLock(store.lockPath('build', key), { staleMs: 60_000, what: 'build' }, async () => {
      expect(await store.cleanStaleTemps(60_000, { dryRun: true })).toEqual([theirs.split('/').pop()]);
      expect(existsSync(theirs)).toBe(true);
      expect(await store.cleanStaleTemps(60_000)).toEqual([theirs.split('/').pop()]);
    });
    expect(readdirSync(join(store.root, 'tmp'))).toEqual([ours.dir.split('/').pop()]);
  });
});
