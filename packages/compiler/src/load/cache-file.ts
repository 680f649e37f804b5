import { mkdirSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';

/**
 * Entries kept per cache directory after a prune; a prune runs when a write finds twice as many
 * (a repository has tens of specs; test runs in throwaway repositories are what fills it).
 */
const KEEP_ENTRIES = 250;

/**
 * Writes one entry of a cache directory whole or not at all: a temporary file of this process and
 * thread, renamed into place (a reader never sees half an entry; two writers never share a
 * temporary), then keeps the directory bounded (pruneOnce). Best effort, as every cache here: a
 * read-only or full disk only costs the work again next time, so false is the only failure.
 */
export function writeCacheFile(target: string, bytes: () => Uint8Array, keep = KEEP_ENTRIES): boolean {
  const temp = `${target}.${process.pid}.${threadId}.tmp`;
  try {
    const data = bytes();
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(temp, data);
    renameSync(temp, target);
  } catch {
    try { unlinkSync(temp); } catch { /* never written */ }
    return false;
  }
  pruneOnce(dirname(target), keep);
  return true;
}

const pruned = new Set<string>();
/**
 * Keeps a cache directory bounded: once per process, when it holds twice `keep` entries, the oldest go.
 * Best effort, entry by entry: another process pruning the same directory at once (turbo runs several
 * trtforge processes) removes entries under it, and the write it follows has succeeded either way.
 */
function pruneOnce(dir: string, keep: number): void {
  if (pruned.has(dir)) return;
  pruned.add(dir);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.bin'));
  } catch {
    return;
  }
  if (names.length <= 2 * keep) return;
  const mtime = (n: string): number => statSync(join(dir, n), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const byAge = names.map((n) => ({ n, t: mtime(n) })).sort((a, b) => b.t - a.t);
  for (const { n } of byAge.slice(keep)) {
    try { unlinkSync(join(dir, n)); } catch { /* gone already, or not a file */ }
  }
}
