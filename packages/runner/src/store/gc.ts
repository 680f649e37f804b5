import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { walkFiles } from './integrity.js';
import { isLockHeld } from './lock.js';
import { readManifest, type ManifestStep } from './manifest.js';
import type { EntryMeta, Store } from './store.js';

/**
 * Garbage collection roots, as in Nix: every state dir whose manifests point into the store
 * registers itself under `<store>/roots/`, so a store shared by several checkouts keeps what
 * any of them still uses. A root whose state dir is gone is dropped by the next gc.
 */
export async function registerRoot(store: Store, stateDir: string, model: string): Promise<void> {
  const file = join(store.root, 'roots', `${createHash('sha256').update(stateDir).digest('hex').slice(0, 16)}.json`);
  if (existsSync(file)) return;
  await mkdir(join(store.root, 'roots'), { recursive: true });
  await writeFile(file, `${JSON.stringify({ stateDir, model })}\n`);
}

export interface GcEntry {
  step: string;
  key: string;
  model: string;
  bytes: number;
  createdAt: string;
}

export interface GcResult {
  kept: GcEntry[];
  removed: GcEntry[];
  /** Entries left alone because a run holds their lock or they are younger than `minAgeMs`. */
  skipped: Array<GcEntry & { why: string }>;
  roots: number;
  bytesFreed: number;
  /** Damaged entries moved to quarantine/ by a run, older than `minAgeMs`: deleted for good (younger ones are in `skipped`). */
  quarantineRemoved: GcEntry[];
  /** tmp/ dirs of runs that are gone (killed mid-build: partial engines), removed or, in a dry run, to be removed. */
  temps: string[];
}

const STEPS: ManifestStep[] = ['convert', 'build', 'repo'];

/** Keys the manifests of live roots point at; roots whose state dir is gone are dropped (unless `dryRun`). */
async function referencedKeys(store: Store, dryRun: boolean): Promise<{ keys: Set<string>; roots: number }> {
  const keys = new Set<string>();
  const dir = join(store.root, 'roots');
  let roots = 0;
  for (const name of existsSync(dir) ? await readdir(dir) : []) {
    const file = join(dir, name);
    const root = JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as { stateDir?: string };
    if (!root.stateDir || !existsSync(root.stateDir)) {
      if (!dryRun) await rm(file, { force: true });
      continue;
    }
    roots += 1;
    for (const step of STEPS) {
      const manifest = await readManifest(root.stateDir, step);
      if (manifest) keys.add(`${step}/${manifest.key}`);
    }
  }
  return { keys, roots };
}

/**
 * Removes store entries no registered state dir references any more (superseded engines are GBs
 * each). An entry is kept while a run holds its key's lock, and while it is younger than
 * `minAgeMs` (a run may have committed it without having written its manifest yet). Removal is
 * rename-then-delete, so an interrupted gc never leaves a half-deleted entry that looks valid.
 */
export async function collectGarbage(store: Store, options: { dryRun: boolean; minAgeMs: number; lockStaleMs: number; now?: number }): Promise<GcResult> {
  const { keys, roots } = await referencedKeys(store, options.dryRun);
  const result: GcResult = { kept: [], removed: [], skipped: [], roots, bytesFreed: 0, quarantineRemoved: [], temps: [] };
  const now = options.now ?? Date.now();
  for (const step of existsSync(join(store.root, 'entries')) ? await readdir(join(store.root, 'entries')) : []) {
    for (const key of await readdir(join(store.root, 'entries', step))) {
      const dir = store.entryDir(step, key);
      const meta = JSON.parse(await readFile(join(dir, 'entry.json'), 'utf8').catch(() => '{}')) as Partial<EntryMeta>;
      const createdAt = meta.createdAt ?? (await stat(dir)).mtime.toISOString();
      const entry: GcEntry = { step, key, model: meta.model ?? '?', bytes: (meta.files ?? []).reduce((sum, f) => sum + f.bytes, 0), createdAt };
      if (keys.has(`${step}/${key}`)) result.kept.push(entry);
      else if (await isLockHeld(store.lockPath(step, key), options.lockStaleMs)) result.skipped.push({ ...entry, why: 'a run holds its lock' });
      else if (now - Date.parse(createdAt) < options.minAgeMs) result.skipped.push({ ...entry, why: 'newer than --min-age' });
      else {
        result.removed.push(entry);
        result.bytesFreed += entry.bytes;
        if (!options.dryRun) await store.remove(step, key);
      }
    }
  }
  // Quarantined entries are kept for a look at what went wrong, then go like any garbage.
  for (const q of await store.listQuarantine()) {
    const bytes = (await walkFiles(q.dir).catch(() => [])).reduce((sum, f) => sum + f.bytes, 0);
    const entry: GcEntry = { step: q.step, key: q.key, model: 'quarantined', bytes, createdAt: q.quarantinedAt };
    if (now - Date.parse(q.quarantinedAt) < options.minAgeMs) result.skipped.push({ ...entry, why: 'quarantined, newer than --min-age' });
    else {
      result.quarantineRemoved.push(entry);
      result.bytesFreed += bytes;
      if (!options.dryRun) await store.removeQuarantined(q);
    }
  }
  result.temps = await store.cleanStaleTemps(options.lockStaleMs, { dryRun: options.dryRun });
  return result;
}
