import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { byCodePoint } from '../code-point-order.js';
import { RunnerError } from '../errors.js';
import { FileHashMemo } from './file-memo.js';
import { compareListing, digestOf, digestTree, makeReadOnly, makeWritable, walkFiles, type Damage, type EntryFile } from './integrity.js';
import { isLockHeld } from './lock.js';
import { sameStat, VerifiedMemo } from './verified-memo.js';
import { currentOwner, ownerToken, tokenOwnerIsDead } from './owner.js';

/**
 * Metadata written next to every entry's output (`entries/<step>/<key>/entry.json`). Format 2
 * records a sha256 per file; format 1 (before digests) only sizes — see {@link Store.verifyContent}.
 */
export interface EntryMeta {
  format: 1 | 2;
  step: string;
  key: string;
  model: string;
  components: Record<string, unknown>;
  createdAt: string;
  files: EntryFile[];
}

/** What the store holds for (step, key). Looking never changes the store; the caller decides what a damaged entry means. */
export type Lookup =
  | { state: 'missing' }
  | { state: 'ok'; entry: StoreEntry }
  | { state: 'damaged'; dir: string; damage: Damage[] };

/** A damaged entry moved aside: `quarantine/<step>/<key>-<time>/` (the entry as it was + quarantine.json). */
export interface QuarantinedEntry {
  step: string;
  key: string;
  dir: string;
  quarantinedAt: string;
  damage: Damage[];
}

export interface StoreEntry {
  step: string;
  key: string;
  /** `entries/<step>/<key>` */
  dir: string;
  /** The step's output: what a later step mounts. */
  out: string;
  meta: EntryMeta;
}

/** A step's private working directory; becomes an entry only through {@link Store.commit}. */
export interface TempEntry {
  step: string;
  key: string;
  dir: string;
  out: string;
}

/** Returns why an output is unusable, or undefined when it is complete. */
export type OutputValidator = (out: string) => Promise<string | undefined>;

export function defaultStoreRoot(env: Record<string, string | undefined>): string {
  if (env.TRTFORGE_STORE) return env.TRTFORGE_STORE;
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'trtforge');
}

export async function listFiles(dir: string): Promise<Array<{ path: string; bytes: number }>> {
  const out: Array<{ path: string; bytes: number }> = [];
  const walk = async (current: string): Promise<void> => {
    for (const dirent of await readdir(current, { withFileTypes: true })) {
      const full = join(current, dirent.name);
      if (dirent.isDirectory()) await walk(full);
      else out.push({ path: relative(dir, full), bytes: (await stat(full)).size });
    }
  };
  await walk(dir);
  return out.sort((a, b) => byCodePoint(a.path, b.path));
}

/**
 * The content-addressed store: `entries/<step>/<key>/{entry.json,out/}`. An entry appears only
 * by renaming a finished temp dir into place (atomic on one filesystem), so a crash or an
 * interrupt can leave temp dirs behind but never a half-written entry.
 *
 *   <root>/entries/<step>/<key>/   finished outputs (+ entry.json)
 *   <root>/tmp/<step>-<key>-<owner>-<rand>/   work in progress (<owner>: pid.start.host, see ownerToken)
 *   <root>/locks/<step>-<key>.lock   one execution per key at a time
 *   <root>/memo/file-hashes.json   size+mtime memo of weight hashes
 *   <root>/memo/verified/<step>-<key>.json   stat of each entry file when it last matched its digest
 *   <root>/quarantine/<step>/<key>-<time>/   damaged entries moved aside (gc removes them after --min-age)
 *   <root>/sources/<name>@<ref>/   NVIDIA source checkouts
 */
export class Store {
  constructor(readonly root: string) {}

  entryDir(step: string, key: string): string {
    return join(this.root, 'entries', step, key);
  }

  lockPath(step: string, key: string): string {
    return join(this.root, 'locks', `${step}-${key}`);
  }

  sourcesDir(): string {
    return join(this.root, 'sources');
  }

  memo(persist = true): FileHashMemo {
    return new FileHashMemo(join(this.root, 'memo', 'file-hashes.json'), persist);
  }

  /**
   * The reuse check, O(files) and no file read: entry.json names this key, and the files under
   * `out/` are exactly the ones recorded at commit, with the recorded sizes (a missing, added or
   * truncated file is damage), and the output still passes `validate`. Same-size edits (a
   * flipped byte) need the digests: {@link verifyContent}.
   */
  async lookup(step: string, key: string, validate?: OutputValidator): Promise<Lookup> {
    const dir = this.entryDir(step, key);
    let meta: EntryMeta;
    try {
      meta = JSON.parse(await readFile(join(dir, 'entry.json'), 'utf8')) as EntryMeta;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !(await exists(dir))) return { state: 'missing' };
      return { state: 'damaged', dir, damage: [{ file: 'entry.json', expected: 'the entry metadata (JSON)', actual: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'unreadable or not JSON' }] };
    }
    if (meta.key !== key || meta.step !== step || !Array.isArray(meta.files)) {
      return { state: 'damaged', dir, damage: [{ file: 'entry.json', expected: `step ${step}, key ${key}, a file list`, actual: `step ${String(meta.step)}, key ${String(meta.key)}` }] };
    }
    const out = join(dir, 'out');
    let damage: Damage[];
    try {
      damage = compareListing(meta.files, await walkFiles(out));
    } catch (error) {
      damage = [unreadableOut(error)];
    }
    if (damage.length === 0) {
      const problem = await validate?.(out);
      if (problem !== undefined) damage = [{ file: 'out/', expected: `a complete ${step} output`, actual: problem }];
    }
    return damage.length > 0 ? { state: 'damaged', dir, damage } : { state: 'ok', entry: { step, key, dir, out, meta } };
  }

  /** The entry for (step, key) when it passes the reuse check ({@link lookup}); never changes the store. */
  async find(step: string, key: string, validate?: OutputValidator): Promise<StoreEntry | undefined> {
    const found = await this.lookup(step, key, validate);
    return found.state === 'ok' ? found.entry : undefined;
  }

  /**
   * The content check: every file hashed against the sha256 recorded at commit. With
   * `trustMemo`, files whose (inode, size, mtime, ctime) are what they were when they last
   * matched are not read again (a stat per file: the serve path's check); without it everything
   * is read (`trtforge verify`). An entry written before digests (format 1) that passes the size
   * check is hashed once and its digests recorded (trust on first hash: there is nothing older to
   * compare with). Returns the damage found; never moves anything.
   */
  async verifyContent(entry: StoreEntry, options: { trustMemo: boolean; signal?: AbortSignal }): Promise<{ damage: Damage[]; hashedBytes: number; upgraded: boolean }> {
    let found;
    try {
      found = await walkFiles(entry.out);
    } catch (error) {
      return { damage: [unreadableOut(error)], hashedBytes: 0, upgraded: false };
    }
    const listing = compareListing(entry.meta.files, found);
    if (listing.length > 0) return { damage: listing, hashedBytes: 0, upgraded: false };
    const memo = this.verifiedMemo(entry.step, entry.key);
    const seen = options.trustMemo ? await memo.read() : {};
    const byPath = new Map(found.map((f) => [f.path, f]));
    const damage: Damage[] = [];
    const recorded: EntryFile[] = [];
    let hashedBytes = 0;
    let fromMemo = 0;
    for (const r of entry.meta.files) {
      const f = byPath.get(r.path)!;
      if (r.sha256 !== undefined && sameStat(seen[r.path], f)) {
        recorded.push(r);
        fromMemo++;
        continue;
      }
      let digest: string;
      try {
        digest = await digestOf(entry.out, f, options.signal);
      } catch (error) {
        if (options.signal?.aborted) throw error;
        // EIO from a failing disk is damage too (and the most likely one), not a crash.
        damage.push({ file: r.path, expected: r.sha256 ? `sha256 ${r.sha256}` : 'a readable file', actual: `a read error (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
        continue;
      }
      hashedBytes += f.bytes;
      if (r.sha256 !== undefined && digest !== r.sha256) damage.push({ file: r.path, expected: `sha256 ${r.sha256}`, actual: `sha256 ${digest}` });
      recorded.push({ ...r, sha256: digest });
    }
    if (damage.length > 0) return { damage, hashedBytes, upgraded: false };
    // Every file as the memo has it (so every digest recorded): nothing to write (a serve's no-op check writes nothing).
    if (fromMemo === entry.meta.files.length) return { damage, hashedBytes, upgraded: false };
    // Recording the digests is a cache of this check: if entry.json cannot be rewritten (another user's store), the next check hashes again.
    const upgraded = entry.meta.files.some((f) => f.sha256 === undefined) && (await this.upgradeMeta(entry, recorded).then(() => true, () => false));
    await memo.write(upgraded ? await walkFiles(entry.out) : found);
    return { damage, hashedBytes, upgraded };
  }

  /** Format 1 → 2: entry.json gains the digests just computed, and the entry becomes read-only like one committed now. */
  private async upgradeMeta(entry: StoreEntry, files: EntryFile[]): Promise<void> {
    const meta: EntryMeta = { ...entry.meta, format: 2, files };
    await chmod(entry.dir, 0o755);
    const temp = join(entry.dir, `entry.json.${process.pid}.tmp`);
    await writeFile(temp, `${JSON.stringify(meta, null, 2)}\n`);
    await rename(temp, join(entry.dir, 'entry.json'));
    await makeReadOnly(entry.dir, { self: true });
    entry.meta = meta;
  }

  private verifiedMemo(step: string, key: string): VerifiedMemo {
    return new VerifiedMemo(join(this.root, 'memo', 'verified', `${step}-${key}.json`));
  }

  async createTemp(step: string, key: string): Promise<TempEntry> {
    const dir = join(this.root, 'tmp', `${step}-${key}-${ownerToken(currentOwner())}-${randomBytes(4).toString('hex')}`);
    await mkdir(join(dir, 'out'), { recursive: true });
    return { step, key, dir, out: join(dir, 'out') };
  }

  /**
   * Records every file's size and sha256 (each file read once, streamed) in entry.json, makes
   * the tree read-only, and renames it into place. The stat of each file as hashed seeds the
   * content-check memo, so the first serve of a fresh engine reads nothing again.
   */
  async commit(temp: TempEntry, meta: Omit<EntryMeta, 'format' | 'step' | 'key' | 'createdAt' | 'files'>, signal?: AbortSignal): Promise<StoreEntry> {
    const full: EntryMeta = {
      format: 2,
      step: temp.step,
      key: temp.key,
      createdAt: new Date().toISOString(),
      files: await digestTree(temp.out, signal),
      ...meta,
    };
    return this.settle(temp, full);
  }

  /**
   * Commits a temp dir whose files were already verified against `meta` while they were written
   * (a pull: each file hashed as it streamed in): the listing is checked once more (no extra file
   * and every size right), then entry.json is the given meta and the rest is {@link commit}'s.
   */
  async commitVerified(temp: TempEntry, meta: EntryMeta, signal?: AbortSignal): Promise<StoreEntry> {
    const found = await walkFiles(temp.out);
    const damage = compareListing(meta.files, found);
    if (damage.length > 0) throw new RunnerError('remote-damaged', `pulled ${temp.step} ${temp.key.slice(0, 12)} does not match its entry.json: ${damage.map((d) => d.file).join(', ')}`);
    signal?.throwIfAborted();
    return this.settle(temp, meta);
  }

  /**
   * The last part of every commit: entry.json written, the tree made read-only and renamed into
   * place, and the content-check memo seeded from the files as committed.
   */
  private async settle(temp: TempEntry, meta: EntryMeta): Promise<StoreEntry> {
    await writeFile(join(temp.dir, 'entry.json'), `${JSON.stringify(meta, null, 2)}\n`);
    await makeReadOnly(temp.dir, { self: false });
    const dir = this.entryDir(temp.step, temp.key);
    await mkdir(join(dir, '..'), { recursive: true });
    // The top dir stays writable until renamed: moving a directory to another parent needs write access to it (its `..`).
    await rename(temp.dir, dir);
    await chmod(dir, 0o555);
    const out = join(dir, 'out');
    await this.verifiedMemo(temp.step, temp.key).write(await walkFiles(out));
    return { step: temp.step, key: temp.key, dir, out, meta };
  }

  async discard(temp: TempEntry): Promise<void> {
    await makeWritable(temp.dir); // a commit that failed after making it read-only
    await rm(temp.dir, { recursive: true, force: true });
  }

  /**
   * Removes temp dirs left by interrupted or killed runs (partial engines: GBs). A temp dir's name
   * carries its owner (pid, the pid's start time, a tag of host + boot + PID namespace): one whose
   * owner ran here and is gone goes at once. For an owner elsewhere (a store on NFS, a container
   * with its own PID namespace) the pid says nothing; a temp dir is only ever written while its
   * key's lock is held, so it goes when that lock is free.
   */
  async cleanStaleTemps(staleMs: number, options: { dryRun?: boolean } = {}): Promise<string[]> {
    const tmp = join(this.root, 'tmp');
    let names: string[];
    try {
      names = await readdir(tmp);
    } catch {
      return [];
    }
    const removed: string[] = [];
    for (const name of names) {
      const match = /^(.+?)-([0-9a-f]{64})-(\d+(?:\.(?:\d+|x)\.[0-9a-f]{8})?)-[0-9a-f]+$/.exec(name);
      if (!match) continue;
      const owner = match[3]!;
      const ownerGone = owner.includes('.') && tokenOwnerIsDead(owner);
      if (!ownerGone && (await isLockHeld(this.lockPath(match[1]!, match[2]!), staleMs))) continue;
      if (!options.dryRun) {
        await makeWritable(join(tmp, name)); // killed mid-commit, after the tree was made read-only
        await rm(join(tmp, name), { recursive: true, force: true });
      }
      removed.push(name);
    }
    return removed;
  }

  /**
   * Takes an entry out of the store: rename into trash/ first (atomic, so no reader ever sees a
   * half-deleted entry), then give the read-only tree its write bits back and delete it. Used by gc.
   */
  async remove(step: string, key: string): Promise<void> {
    const dir = this.entryDir(step, key);
    const trash = join(this.root, 'trash', `${step}-${key}-${randomBytes(4).toString('hex')}`);
    await mkdir(join(this.root, 'trash'), { recursive: true });
    try {
      await chmod(dir, 0o755); // rename to another parent needs write access to the dir itself
      await rename(dir, trash);
    } catch {
      return; // someone else moved or replaced it meanwhile
    }
    await this.verifiedMemo(step, key).forget();
    await makeWritable(trash);
    await rm(trash, { recursive: true, force: true });
  }

  /**
   * Moves a damaged entry aside to `quarantine/<step>/<key>-<time>/` with a quarantine.json
   * saying what was wrong; never deletes it (gc removes quarantined entries older than
   * --min-age). Call it holding the key's lock, so a fresh entry committed meanwhile by another
   * run is never the one moved. Returns the new place, or undefined when the entry was gone.
   */
  async quarantine(step: string, key: string, damage: Damage[]): Promise<QuarantinedEntry | undefined> {
    const quarantinedAt = new Date().toISOString();
    const dir = join(this.root, 'quarantine', step, `${key}-${quarantinedAt.replace(/[:.]/g, '-')}-${randomBytes(2).toString('hex')}`);
    await mkdir(join(dir, '..'), { recursive: true });
    try {
      await chmod(this.entryDir(step, key), 0o755);
      await rename(this.entryDir(step, key), dir);
    } catch {
      return undefined;
    }
    await this.verifiedMemo(step, key).forget();
    const record: QuarantinedEntry = { step, key, dir, quarantinedAt, damage };
    await writeFile(join(dir, 'quarantine.json'), `${JSON.stringify(record, null, 2)}\n`);
    return record;
  }

  /** Every committed entry (metadata unread: {@link lookup} it to check it). */
  async list(): Promise<Array<{ step: string; key: string; dir: string }>> {
    const entries: Array<{ step: string; key: string; dir: string }> = [];
    for (const step of await readdirOrEmpty(join(this.root, 'entries'))) {
      for (const key of await readdirOrEmpty(join(this.root, 'entries', step))) entries.push({ step, key, dir: this.entryDir(step, key) });
    }
    return entries;
  }

  /** Every quarantined entry, oldest first (a quarantine.json that cannot be read dates from the dir's mtime). */
  async listQuarantine(): Promise<QuarantinedEntry[]> {
    const found: QuarantinedEntry[] = [];
    for (const step of await readdirOrEmpty(join(this.root, 'quarantine'))) {
      for (const name of await readdirOrEmpty(join(this.root, 'quarantine', step))) {
        const dir = join(this.root, 'quarantine', step, name);
        const record = JSON.parse(await readFile(join(dir, 'quarantine.json'), 'utf8').catch(() => '{}')) as Partial<QuarantinedEntry>;
        const quarantinedAt = record.quarantinedAt ?? (await stat(dir)).mtime.toISOString();
        found.push({ step, key: record.key ?? name.slice(0, 64), dir, quarantinedAt, damage: record.damage ?? [] });
      }
    }
    return found.sort((a, b) => a.quarantinedAt.localeCompare(b.quarantinedAt));
  }

  /** Deletes a quarantined entry for good (gc): write bits back first, the tree is read-only. */
  async removeQuarantined(entry: QuarantinedEntry): Promise<void> {
    await makeWritable(entry.dir);
    await rm(entry.dir, { recursive: true, force: true });
  }
}

function unreadableOut(error: unknown): Damage {
  const code = (error as NodeJS.ErrnoException).code;
  return { file: 'out/', expected: 'the output directory', actual: code === 'ENOENT' ? 'no such directory' : `a directory that cannot be listed (${code ?? String(error)})` };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}
