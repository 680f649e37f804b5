import { chmod, lstat, readdir, readlink } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { sha256, sha256File } from './hash.js';

/** One file of a store entry as recorded at commit. `sha256` is absent only in entries written before digests (format 1). */
export interface EntryFile {
  path: string;
  bytes: number;
  sha256?: string;
}

/** One thing wrong with an entry: which file, what entry.json recorded, what is on disk. */
export interface Damage {
  file: string;
  expected: string;
  actual: string;
}

export const formatDamage = (d: Damage): string => `${d.file}: expected ${d.expected}, found ${d.actual}`;

/**
 * Python's bytecode cache: Triton's Python backend imports `1/model.py` and, running as root
 * (the `local` runtime inside the NGC image), writes `__pycache__/` next to it whatever the
 * mode bits say. It is derived from the checked source and recreated at will, so it is neither
 * recorded nor counted as an added file (else every served repository would look damaged).
 */
const DERIVED_DIRS = new Set(['__pycache__']);

export interface FoundFile {
  path: string;
  bytes: number;
  /** Symlinks are recorded by their target, never followed (a link out of the store is not content). */
  link?: string;
  ino: number;
  mtimeMs: number;
  ctimeMs: number;
}

/** Every file under `dir` (lstat: symlinks are not followed), sorted by path. O(files): readdir + lstat, no reads. */
export async function walkFiles(dir: string): Promise<FoundFile[]> {
  const out: FoundFile[] = [];
  const walk = async (current: string): Promise<void> => {
    for (const dirent of await readdir(current, { withFileTypes: true })) {
      const full = join(current, dirent.name);
      if (dirent.isDirectory()) {
        if (!DERIVED_DIRS.has(dirent.name)) await walk(full);
        continue;
      }
      const s = await lstat(full);
      const link = s.isSymbolicLink() ? await readlink(full) : undefined;
      out.push({ path: relative(dir, full), bytes: link === undefined ? s.size : Buffer.byteLength(link), ...(link === undefined ? {} : { link }), ino: s.ino, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs });
    }
  };
  await walk(dir);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** sha256 of a file's bytes (streamed, 1 MiB at a time) or of a symlink's target text. */
export function digestOf(dir: string, file: Pick<FoundFile, 'path' | 'link'>, signal?: AbortSignal): Promise<string> {
  return file.link !== undefined ? Promise.resolve(sha256(`symlink:${file.link}`)) : sha256File(join(dir, file.path), signal, `hashing ${file.path}`);
}

/** Size and sha256 of every file under `dir`: what commit records. Each file is read once, streamed. */
export async function digestTree(dir: string, signal?: AbortSignal): Promise<EntryFile[]> {
  const files: EntryFile[] = [];
  for (const f of await walkFiles(dir)) files.push({ path: f.path, bytes: f.bytes, sha256: await digestOf(dir, f, signal) });
  return files;
}

const bytes = (n: number): string => `${n} bytes`;

/** The reuse check: the recorded file list against the one on disk, by name and size. No file is read. */
export function compareListing(recorded: EntryFile[], found: FoundFile[]): Damage[] {
  const damage: Damage[] = [];
  const onDisk = new Map(found.map((f) => [f.path, f]));
  for (const r of recorded) {
    const f = onDisk.get(r.path);
    if (!f) damage.push({ file: r.path, expected: bytes(r.bytes), actual: 'no such file' });
    else if (f.bytes !== r.bytes) damage.push({ file: r.path, expected: bytes(r.bytes), actual: bytes(f.bytes) });
    onDisk.delete(r.path);
  }
  for (const f of onDisk.values()) damage.push({ file: f.path, expected: 'no such file', actual: `${bytes(f.bytes)} (added after commit)` });
  return damage;
}

/**
 * Committed entries are read-only (files 0444, dirs 0555), as in Nix and Bazel: a stray write
 * by a user or a tool fails instead of silently changing a cached engine. (root ignores mode
 * bits; the digests catch what root changes.) Symlinks are skipped: chmod would follow them.
 */
export async function makeReadOnly(dir: string, options: { self: boolean }): Promise<void> {
  for (const dirent of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, dirent.name);
    if (dirent.isDirectory()) await makeReadOnly(full, { self: true });
    else if (dirent.isFile()) await chmod(full, 0o444);
  }
  if (options.self) await chmod(dir, 0o555);
}

/** Gives directories their write bit back so a read-only tree can be renamed and deleted. Files need none for unlink. */
export async function makeWritable(dir: string): Promise<void> {
  let info;
  try {
    info = await lstat(dir);
  } catch {
    return;
  }
  if (!info.isDirectory()) return;
  await chmod(dir, 0o755);
  for (const dirent of await readdir(dir, { withFileTypes: true })) if (dirent.isDirectory()) await makeWritable(join(dir, dirent.name));
}
