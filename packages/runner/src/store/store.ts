import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { FileHashMemo } from './file-memo.js';
import { isLockHeld } from './lock.js';
import { currentOwner, ownerToken, tokenOwnerIsDead } from './owner.js';

/** Metadata written next to every entry's output (`entries/<step>/<key>/entry.json`). */
export interface EntryMeta {
  format: 1;
  step: string;
  key: string;
  model: string;
  components: Record<string, unknown>;
  createdAt: string;
  files: Array<{ path: string; bytes: number }>;
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
  return out.sort((a, b) => a.path.localeCompare(b.path));
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
   * The entry for (step, key) if it exists, belongs to that key and passes `validate`. An entry
   * that fails validation (files deleted by hand, disk trouble) is moved aside and reported as
   * absent, so the step runs again instead of serving a broken engine.
   */
  async find(step: string, key: string, validate?: OutputValidator): Promise<StoreEntry | undefined> {
    const dir = this.entryDir(step, key);
    let meta: EntryMeta;
    try {
      meta = JSON.parse(await readFile(join(dir, 'entry.json'), 'utf8')) as EntryMeta;
    } catch {
      if (existsSync(dir)) await this.remove(step, key);
      return undefined;
    }
    const out = join(dir, 'out');
    const problem = meta.key !== key || meta.step !== step ? 'entry.json names another key' : await validate?.(out);
    if (problem !== undefined) {
      await this.remove(step, key);
      return undefined;
    }
    return { step, key, dir, out, meta };
  }

  async createTemp(step: string, key: string): Promise<TempEntry> {
    const dir = join(this.root, 'tmp', `${step}-${key}-${ownerToken(currentOwner())}-${randomBytes(4).toString('hex')}`);
    await mkdir(join(dir, 'out'), { recursive: true });
    return { step, key, dir, out: join(dir, 'out') };
  }

  /** Writes entry.json into the temp dir and renames it into place. */
  async commit(temp: TempEntry, meta: Omit<EntryMeta, 'format' | 'step' | 'key' | 'createdAt' | 'files'>): Promise<StoreEntry> {
    const full: EntryMeta = {
      format: 1,
      step: temp.step,
      key: temp.key,
      createdAt: new Date().toISOString(),
      files: await listFiles(temp.out),
      ...meta,
    };
    await writeFile(join(temp.dir, 'entry.json'), `${JSON.stringify(full, null, 2)}\n`);
    const dir = this.entryDir(temp.step, temp.key);
    await mkdir(join(dir, '..'), { recursive: true });
    await rename(temp.dir, dir);
    return { step: temp.step, key: temp.key, dir, out: join(dir, 'out'), meta: full };
  }

  async discard(temp: TempEntry): Promise<void> {
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
      if (!options.dryRun) await rm(join(tmp, name), { recursive: true, force: true });
      removed.push(name);
    }
    return removed;
  }

  /**
   * Takes an entry out of the store: rename into trash/ first (atomic, so no reader ever sees a
   * half-deleted entry), then delete. Used for broken entries and by gc.
   */
  async remove(step: string, key: string): Promise<void> {
    const dir = this.entryDir(step, key);
    const trash = join(this.root, 'trash', `${step}-${key}-${randomBytes(4).toString('hex')}`);
    await mkdir(join(this.root, 'trash'), { recursive: true });
    try {
      await rename(dir, trash);
    } catch {
      return; // someone else moved or replaced it meanwhile
    }
    await rm(trash, { recursive: true, force: true });
  }
}
