import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { sha256File } from './hash.js';

interface MemoEntry {
  size: number;
  mtimeMs: number;
  ino: number;
  sha256: string;
}

/**
 * Remembers file hashes by (path, size, mtime, inode), so re-verifying a 1 GB weight file on
 * every run costs one stat. Any change to those — an edit, a copy, `touch` — hashes the file
 * again; a touch without a content change then yields the same hash and invalidates nothing.
 * The memo is a cache: losing it (or a write racing another process) only costs time.
 */
export class FileHashMemo {
  private entries: Record<string, MemoEntry>;
  private dirty = false;

  constructor(private readonly path: string, private readonly persist = true) {
    try {
      this.entries = JSON.parse(readFileSync(path, 'utf8')) as Record<string, MemoEntry>;
    } catch {
      this.entries = {};
    }
  }

  async hash(file: string, signal?: AbortSignal): Promise<string> {
    const stat = statSync(file);
    const hit = this.entries[file];
    if (hit && hit.size === stat.size && hit.mtimeMs === stat.mtimeMs && hit.ino === stat.ino) return hit.sha256;
    const digest = await sha256File(file, signal);
    this.entries[file] = { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino, sha256: digest };
    this.dirty = true;
    return digest;
  }

  /** Writes the memo atomically (temp file + rename); a no-op in dry-run mode. */
  save(): void {
    if (!this.dirty || !this.persist) return;
    mkdirSync(dirname(this.path), { recursive: true });
    const temp = `${this.path}.${process.pid}.${Date.now()}.tmp`;
    try {
      writeFileSync(temp, JSON.stringify(this.entries));
      renameSync(temp, this.path);
    } catch (error) {
      // A full disk or a blocked path: leave no half-written temp file behind (the caller reports the path).
      rmSync(temp, { force: true });
      throw error;
    }
    this.dirty = false;
  }
}
