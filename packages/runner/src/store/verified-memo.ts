import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FoundFile } from './integrity.js';

/** What a file looked like (inode, size, mtime, ctime) the last time its bytes hashed to the recorded digest. */
export type VerifiedStat = Pick<FoundFile, 'ino' | 'bytes' | 'mtimeMs' | 'ctimeMs'>;

/**
 * Per entry (`memo/verified/<step>-<key>.json`): the stat of each file when it was last hashed
 * and matched entry.json, so a content check re-hashes only files something touched since. Any
 * write changes mtime and ctime, and ctime cannot be set back by hand (`touch -r` resets mtime
 * only), so an unchanged stat means no write through the filesystem. Bit rot below the
 * filesystem leaves the stat alone: that is what `trtforge verify` (which ignores this memo) is for.
 * A cache only: a lost or unwritable memo costs a re-hash, never a wrong answer.
 */
export class VerifiedMemo {
  constructor(private readonly path: string) {}

  async read(): Promise<Record<string, VerifiedStat>> {
    try {
      return JSON.parse(await readFile(this.path, 'utf8')) as Record<string, VerifiedStat>;
    } catch {
      return {};
    }
  }

  /** Atomic (temp + rename); a failure (full disk, read-only store) is ignored: it only costs a later re-hash. */
  async write(files: FoundFile[]): Promise<void> {
    const record = Object.fromEntries(files.map((f) => [f.path, { ino: f.ino, bytes: f.bytes, mtimeMs: f.mtimeMs, ctimeMs: f.ctimeMs }]));
    const temp = `${this.path}.${process.pid}.tmp`;
    try {
      await mkdir(dirname(this.path), { recursive: true });
      await writeFile(temp, JSON.stringify(record));
      await rename(temp, this.path);
    } catch {
      await rm(temp, { force: true }).catch(() => undefined);
    }
  }

  async forget(): Promise<void> {
    await rm(this.path, { force: true }).catch(() => undefined);
  }
}

export const sameStat = (a: VerifiedStat | undefined, b: FoundFile): boolean =>
  a !== undefined && a.ino === b.ino && a.bytes === b.bytes && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
