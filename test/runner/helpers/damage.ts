// Test helper: damage a committed store entry the ways disks, users and tools do, and check what a server would read.
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, openSync, readFileSync, readSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Committed entries are read-only: a user damaging one by hand first takes the write bit (root does not need to). */
function writable(file: string): void {
  chmodSync(dirname(file), 0o755);
  try {
    chmodSync(file, 0o644);
  } catch {
    // a file about to be created
  }
}

function flipByte(file: string, keepMtime: boolean): void {
  const before = statSync(file);
  writable(file);
  const fd = openSync(file, 'r+');
  const at = Math.floor(before.size / 2);
  const byte = Buffer.alloc(1);
  readSync(fd, byte, 0, 1, at);
  byte[0] = byte[0]! ^ 0xff;
  writeSync(fd, byte, 0, 1, at);
  closeSync(fd);
  if (keepMtime) utimesSync(file, before.atime, before.mtime);
}

export interface DamageCase {
  name: string;
  /** Damages the entry's `out/` dir; returns the file the report must name. */
  apply(out: string, rankFile: string): string;
  /** Whether the reuse check (file list + sizes) sees it, or only hashing does. */
  bySize: boolean;
}

export const DAMAGE: DamageCase[] = [
  {
    name: 'truncate the rank file',
    bySize: true,
    apply: (out, rank) => {
      const file = join(out, rank);
      writable(file);
      truncateSync(file, Math.min(1000, Math.floor(statSync(file).size / 2)));
      return rank;
    },
  },
  { name: 'flip a byte of the rank file', bySize: false, apply: (out, rank) => (flipByte(join(out, rank), false), rank) },
  { name: 'flip a byte, mtime put back (touch -r)', bySize: false, apply: (out, rank) => (flipByte(join(out, rank), true), rank) },
  {
    name: 'edit config.json (same length)',
    bySize: false,
    apply: (out) => {
      const file = join(out, 'config.json');
      const text = readFileSync(file, 'utf8');
      const edited = text.replace(/("num_hidden_layers": )(\d+)/, (_, key: string, n: string) => key + n.split('').reverse().join('').replace(/^(\d)$/, (d) => String((Number(d) + 1) % 10)));
      if (edited === text || edited.length !== text.length) throw new Error('config.json edit did not apply');
      writable(file);
      writeFileSync(file, edited);
      return 'config.json';
    },
  },
  {
    name: 'delete the rank file',
    bySize: true,
    apply: (out, rank) => {
      writable(join(out, rank));
      rmSync(join(out, rank));
      return rank;
    },
  },
  {
    name: 'add a file',
    bySize: true,
    apply: (out) => {
      writable(join(out, 'notes.txt'));
      writeFileSync(join(out, 'notes.txt'), 'added by hand\n');
      return 'notes.txt';
    },
  },
];

/** Problems of `out/` against the digests its entry.json records (empty: exactly what was committed). */
export function digestMismatches(entryDir: string): string[] {
  const meta = JSON.parse(readFileSync(join(entryDir, 'entry.json'), 'utf8')) as { files: Array<{ path: string; sha256: string }> };
  const problems: string[] = [];
  for (const f of meta.files) {
    try {
      const actual = createHash('sha256').update(readFileSync(join(entryDir, 'out', f.path))).digest('hex');
      if (actual !== f.sha256) problems.push(`${f.path}: sha256 differs`);
    } catch {
      problems.push(`${f.path}: unreadable`);
    }
  }
  return problems;
}
