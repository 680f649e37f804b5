import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Damage } from './integrity.js';
import { withLock } from './lock.js';
import type { EntryMeta, Store } from './store.js';

export interface VerifiedEntry {
  step: string;
  key: string;
  /** From entry.json; undefined when entry.json is unreadable. */
  model: string | undefined;
  status: 'ok' | 'damaged';
  damage: Damage[];
  bytes: number;
  hashedBytes: number;
  /** Written before digests (format 1): hashed now and its digests recorded. */
  upgraded: boolean;
  /** With `quarantine`: where the damaged entry was moved. */
  quarantinedTo?: string;
}

export interface VerifyOptions {
  /** Only entries whose entry.json names this model (plus entries whose entry.json cannot be read: they could be its). */
  model?: string;
  /** Move damaged entries to quarantine/ (under each key's lock), so the next run rebuilds them. */
  quarantine?: boolean;
  lockStaleMs: number;
  signal?: AbortSignal;
  /** Called as each entry is done (a store of engines takes minutes to read). */
  onEntry?: (entry: VerifiedEntry) => void;
}

/**
 * `trtforge verify`: re-reads every file of every selected entry and compares its sha256 with
 * the one recorded at commit — the check that also catches what leaves a file's stat alone (bit
 * rot, a restored mtime on a copied store), which the memoised serve check cannot see.
 */
export async function verifyStore(store: Store, options: VerifyOptions): Promise<VerifiedEntry[]> {
  const results: VerifiedEntry[] = [];
  for (const { step, key, dir } of await store.list()) {
    const meta = JSON.parse(await readFile(join(dir, 'entry.json'), 'utf8').catch(() => '{}')) as Partial<EntryMeta>;
    if (options.model !== undefined && meta.model !== undefined && meta.model !== options.model) continue;
    const bytes = (meta.files ?? []).reduce((sum, f) => sum + f.bytes, 0);
    const found = await store.lookup(step, key);
    let result: VerifiedEntry;
    if (found.state === 'missing') continue; // removed by gc meanwhile
    if (found.state === 'damaged') {
      result = { step, key, model: meta.model, status: 'damaged', damage: found.damage, bytes, hashedBytes: 0, upgraded: false };
    } else {
      const checked = await store.verifyContent(found.entry, { trustMemo: false, ...(options.signal ? { signal: options.signal } : {}) });
      if (checked.damage.length > 0 && (await store.lookup(step, key)).state === 'missing') continue; // removed by gc while being read
      result = { step, key, model: meta.model, status: checked.damage.length > 0 ? 'damaged' : 'ok', damage: checked.damage, bytes, hashedBytes: checked.hashedBytes, upgraded: checked.upgraded };
    }
    if (result.status === 'damaged' && options.quarantine) {
      const moved = await withLock(store.lockPath(step, key), { staleMs: options.lockStaleMs, what: `verify ${step}`, ...(options.signal ? { signal: options.signal } : {}) }, async () => {
        // A run may have replaced it meanwhile (a new entry has a new createdAt): only the entry judged here moves.
        const now = JSON.parse(await readFile(join(dir, 'entry.json'), 'utf8').catch(() => '{}')) as Partial<EntryMeta>;
        return now.createdAt === meta.createdAt ? store.quarantine(step, key, result.damage) : undefined;
      });
      if (moved) result.quarantinedTo = moved.dir;
    }
    results.push(result);
    options.onEntry?.(result);
  }
  return results;
}
