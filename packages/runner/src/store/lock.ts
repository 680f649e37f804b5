import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { InterruptedError } from '../errors.js';
import { currentOwner, ownerState, type Owner } from './owner.js';

/**
 * How long a lock held from another host (or PID namespace) may go without its heartbeat before
 * others may break it. On this host no wait is needed: a lock whose owner process is gone is
 * taken at once. The holder refreshes the lock file's mtime every stale/2.
 */
export function lockStaleMs(env: Record<string, string | undefined>): number {
  const value = Number(env.TRTFORGE_LOCK_STALE_MS);
  return Number.isFinite(value) && value >= 2000 ? value : 30_000;
}

/** What a lock file holds: its owner process, when it took the lock, and what for. */
export interface LockRecord extends Owner {
  /** Unique per acquisition: a release or heartbeat only ever touches its own lock. */
  token: string;
  since: string;
  what: string;
  /** The owner's command line (trtforge build qwen2.5-0.5b …), shortened, for "who holds it". */
  command: string;
}

export interface LockOptions {
  staleMs: number;
  /** What the lock protects, for the interrupt message and the lock record ("build"). */
  what: string;
  signal?: AbortSignal;
  /** Called once when the lock is busy and we start waiting. */
  onWait?: () => void;
  /** One line for the user: a dead owner's lock taken, or who holds a busy one (once per holder, not per poll). */
  onReport?: (message: string) => void;
  /** Called after a lock whose owner ran on this host and is gone was removed, before it is taken (to stop what that owner left). */
  onDeadOwner?: (owner: LockRecord) => Promise<void>;
  /** Instead of waiting for a live holder, throw what this returns (a server on a busy GPU). */
  failFast?: (holder: LockRecord | undefined, lockFile: string) => Error;
  /** Poll interval while waiting. */
  pollMs?: number;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    // An abort that came before the wait began (between the loop's check and here) ends it at once.
    if (signal?.aborted) done();
    else signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });

const clock = (iso: string): string => `${iso.slice(0, 19).replace('T', ' ')} UTC`;

/** The lock file for a lock path (`locks/build-<key>` → `locks/build-<key>.lock`). */
export const lockFileOf = (path: string): string => `${path}.lock`;

interface Holder {
  /** Undefined when the file is not a complete record (an older trtforge's lock directory, a damaged file). */
  record: LockRecord | undefined;
  mtimeMs: number;
  raw: string;
}

async function readHolder(lockFile: string): Promise<Holder | undefined> {
  let mtimeMs: number;
  let isDir: boolean;
  try {
    const info = await stat(lockFile);
    mtimeMs = info.mtimeMs;
    isDir = info.isDirectory();
  } catch {
    return undefined;
  }
  if (isDir) return { record: undefined, mtimeMs, raw: `dir@${mtimeMs}` };
  let raw: string;
  try {
    raw = await readFile(lockFile, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const record = JSON.parse(raw) as LockRecord;
    return { record: typeof record.pid === 'number' && typeof record.token === 'string' ? record : undefined, mtimeMs, raw };
  } catch {
    return { record: undefined, mtimeMs, raw };
  }
}

/** `dead`: the owner ran on this host and is gone; `stale`: unknown owner whose heartbeat stopped; `held` otherwise. */
function judge(holder: Holder, staleMs: number): 'dead' | 'stale' | 'held' {
  const silentFor = Date.now() - holder.mtimeMs;
  if (!holder.record) return silentFor > staleMs ? 'stale' : 'held';
  const state = ownerState(holder.record);
  if (state === 'dead') return 'dead';
  if (state === 'alive') return 'held';
  return silentFor > staleMs ? 'stale' : 'held';
}

/** "pid 1234 on host b (build, trtforge build qwen…) since 2026-… UTC": who holds a lock, in words. */
export function describeHolder(record: LockRecord): string {
  const where = record.host === currentOwner().host ? '' : ` on host ${record.host}`;
  return `pid ${record.pid}${where} (${record.what}: ${record.command}) since ${clock(record.since)}`;
}

/** Creates the lock file with its content in one step: write a private file, then link() it (atomic, NFS-safe). */
async function tryCreate(lockFile: string, content: string, token: string): Promise<boolean> {
  const candidate = `${lockFile}.${token}.new`;
  await writeFile(candidate, content);
  try {
    await link(candidate, lockFile);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(candidate).catch(() => undefined);
  }
}

/**
 * Removes a lock judged dead or stale, unless it changed meanwhile. Breakers take turns through
 * `<lock>.break` (mkdir is atomic), so two waiters that judged the same dead lock cannot remove
 * the fresh lock one of them has just taken.
 */
async function breakLock(lockFile: string, judged: Holder, staleMs: number): Promise<boolean> {
  const breaker = `${lockFile}.break`;
  try {
    await mkdir(breaker);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // A breaker killed in these few milliseconds would block everyone: its dir goes after 5 s.
    const age = await stat(breaker).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > 5_000) await rm(breaker, { recursive: true, force: true });
    return false;
  }
  try {
    const now = await readHolder(lockFile);
    // Same content and still not held (a heartbeat from another host may have come meanwhile).
    if (!now || now.raw !== judged.raw || judge(now, staleMs) === 'held') return false;
    await rm(lockFile, { recursive: true, force: true });
    return true;
  } finally {
    await rm(breaker, { recursive: true, force: true });
  }
}

function takeoverLine(lockFile: string, holder: Holder, verdict: 'dead' | 'stale', staleMs: number): string {
  const record = holder.record;
  if (!record) return `taking lock ${lockFile}: it was left incomplete or by an older trtforge and untouched for ${Math.round(staleMs / 1000)} s`;
  if (verdict === 'dead') return `taking lock ${lockFile}: owner pid ${record.pid} (started ${clock(record.startedAt)}) is gone`;
  return `taking lock ${lockFile}: owner pid ${record.pid} on host ${record.host} has not refreshed it for ${Math.round((Date.now() - holder.mtimeMs) / 1000)} s`;
}

/**
 * Runs `fn` holding the lock at `path` (a file `<path>.lock` naming its owner: pid, the pid's start
 * time, host). When another process holds it: a holder on this host that is gone (killed, host
 * rebooted) loses it at once, with one line saying so; a live one is waited for — abortably,
 * saying who and since when — so concurrent runs of one step wait for one execution instead of
 * building twice. A holder on another host (a store on NFS) keeps it while its heartbeat runs.
 */
export async function withLock<T>(path: string, options: LockOptions, fn: (compromised: AbortSignal) => Promise<T>): Promise<T> {
  const lockFile = lockFileOf(path);
  await mkdir(dirname(lockFile), { recursive: true });
  const token = randomBytes(8).toString('hex');
  const record: LockRecord = {
    ...currentOwner(),
    token,
    since: new Date().toISOString(),
    what: options.what,
    command: ['trtforge', ...process.argv.slice(2)].join(' ').slice(0, 120),
  };
  let waited = false;
  let reportedHolder: string | undefined;
  for (;;) {
    if (options.signal?.aborted) throw new InterruptedError(waited ? `${options.what} (while waiting for a concurrent run)` : options.what);
    record.since = new Date().toISOString();
    if (await tryCreate(lockFile, `${JSON.stringify(record)}\n`, token)) break;
    const holder = await readHolder(lockFile);
    if (!holder) continue; // released between our attempt and the read
    const verdict = judge(holder, options.staleMs);
    if (verdict !== 'held') {
      if (await breakLock(lockFile, holder, options.staleMs)) {
        options.onReport?.(takeoverLine(lockFile, holder, verdict, options.staleMs));
        if (verdict === 'dead' && holder.record) await options.onDeadOwner?.(holder.record);
      } else await sleep(10, options.signal);
      continue;
    }
    if (options.failFast) throw options.failFast(holder.record, lockFile);
    const id = holder.record?.token ?? holder.raw;
    if (reportedHolder !== id) {
      reportedHolder = id;
      options.onReport?.(holder.record ? `waiting for lock ${lockFile}: held by ${describeHolder(holder.record)}` : `waiting for lock ${lockFile} (owner unknown; taken over if untouched for ${Math.round(options.staleMs / 1000)} s)`);
    }
    if (!waited) options.onWait?.();
    waited = true;
    await sleep(options.pollMs ?? 250, options.signal);
  }

  const compromised = new AbortController();
  const heartbeat = setInterval(() => {
    void (async () => {
      const now = await readHolder(lockFile);
      if (now?.record?.token !== token) {
        clearInterval(heartbeat);
        compromised.abort(new Error(now?.record ? `${basename(lockFile)} was taken by ${describeHolder(now.record)}` : `${lockFile} was removed`));
        return;
      }
      const at = new Date();
      await utimes(lockFile, at, at).catch(() => undefined);
    })();
  }, Math.max(500, Math.floor(options.staleMs / 2)));
  heartbeat.unref();
  try {
    return await fn(compromised.signal);
  } finally {
    clearInterval(heartbeat);
    const now = await readHolder(lockFile);
    if (now?.record?.token === token) await unlink(lockFile).catch(() => undefined);
  }
}

/** Who holds the lock at `path`, when someone does (a live owner, or an unknown one with a fresh heartbeat). */
export async function lockHolder(path: string, staleMs: number): Promise<{ record: LockRecord | undefined } | undefined> {
  const holder = await readHolder(lockFileOf(path));
  if (!holder || judge(holder, staleMs) !== 'held') return undefined;
  return { record: holder.record };
}

/** True when someone holds the lock at `path` (its owner runs, or — on another host — its heartbeat is fresh). */
export async function isLockHeld(path: string, staleMs: number): Promise<boolean> {
  return (await lockHolder(path, staleMs)) !== undefined;
}
