import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileHashMemo } from '../src/store/file-memo.js';
import { makeWritable } from '../src/store/integrity.js';
import { composeKey } from '../src/store/key.js';
import { withLock } from '../src/store/lock.js';
import { Store } from '../src/store/store.js';
import { loadPlan } from '../src/plan/load-plan.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trtforge-store-'));
});
afterEach(async () => {
  await makeWritable(dir); // committed entries are read-only
  rmSync(dir, { recursive: true, force: true });
});

const valid = async (out: string) => (readdirSync(out).includes('rank0.engine') ? undefined : 'rank0.engine missing');

describe('store', () => {
  it('an entry exists only after commit, and is found by its key', async () => {
    const store = new Store(dir);
    const { key, components } = composeKey({ step: 'build', n: 1 });
    const temp = await store.createTemp('build', key);
    writeFileSync(join(temp.out, 'rank0.engine'), 'x');
    expect(await store.find('build', key, valid)).toBeUndefined();
    await store.commit(temp, { model: 'm', components });
    const entry = await store.find('build', key, valid);
    expect(entry?.meta).toMatchObject({ key, step: 'build', files: [{ path: 'rank0.engine', bytes: 1, sha256: '2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881' }] });
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
  });

  it('looking up a damaged entry reports the damage and changes nothing; quarantine moves it aside', async () => {
    const store = new Store(dir);
    const { key, components } = composeKey({ step: 'build', n: 2 });
    const temp = await store.createTemp('build', key);
    writeFileSync(join(temp.out, 'rank0.engine'), 'x');
    const entry = await store.commit(temp, { model: 'm', components });
    rmSync(join(entry.out, 'rank0.engine'));
    expect(await store.find('build', key, valid)).toBeUndefined();
    expect(await store.lookup('build', key, valid)).toMatchObject({ state: 'damaged', damage: [{ file: 'rank0.engine', expected: '1 bytes', actual: 'no such file' }] });
    expect(readdirSync(join(dir, 'entries', 'build'))).toEqual([key]); // a lookup is a query
    const moved = await store.quarantine('build', key, []);
    expect(readdirSync(join(dir, 'entries', 'build'))).toEqual([]);
    expect(moved?.dir).toContain(join(dir, 'quarantine', 'build', `${key}-`));
  });

  it('stale temp dirs (lock free) are removed; one whose lock is held is kept', async () => {
    const store = new Store(dir);
    const held = composeKey({ k: 'held' }).key;
    const free = composeKey({ k: 'free' }).key;
    await store.createTemp('build', free);
    await withLock(store.lockPath('build', held), { staleMs: 5000, what: 'build' }, async () => {
      await store.createTemp('build', held);
      const removed = await store.cleanStaleTemps(5000);
      expect(removed).toHaveLength(1);
      expect(removed[0]).toContain(free);
      expect(readdirSync(join(dir, 'tmp'))[0]).toContain(held);
    });
  });

  it('a second holder waits for the first', async () => {
    const store = new Store(dir);
    const order: string[] = [];
    const path = store.lockPath('build', 'k');
    // Events, not delays: b starts once a holds the lock, and a lets go once b reports waiting
    // (a b that got in without waiting releases a too, and the order shows it).
    let aHolds!: () => void;
    let bWaits!: () => void;
    const held = new Promise<void>((r) => (aHolds = r));
    const waiting = new Promise<void>((r) => (bWaits = r));
    let waited = false;
    await Promise.all([
      withLock(path, { staleMs: 5000, what: 'build' }, async () => { order.push('a-start'); aHolds(); await waiting; order.push('a-end'); }),
      held.then(() => withLock(path, { staleMs: 5000, what: 'build', pollMs: 10, onWait: () => { waited = true; bWaits(); } }, async () => { order.push('b'); bWaits(); })),
    ]);
    expect(order).toEqual(['a-start', 'a-end', 'b']);
    expect(waited).toBe(true);
  });
});

describe('file hash memo', () => {
  it('a stat hit costs no read; a touch re-hashes to the same value', async () => {
    const file = join(dir, 'w.safetensors');
    writeFileSync(file, 'aaaa');
    utimesSync(file, 1_700_000_000, 1_700_000_000);
    const memo = new FileHashMemo(join(dir, 'memo.json'));
    const first = await memo.hash(file);
    // Same size and mtime, other bytes: the memo answers without reading (this is the trade-off it makes).
    writeFileSync(file, 'bbbb');
    utimesSync(file, 1_700_000_000, 1_700_000_000);
    expect(await memo.hash(file)).toBe(first);
    writeFileSync(file, 'aaaa');
    utimesSync(file, new Date(), new Date(Date.now() + 1000));
    expect(await memo.hash(file)).toBe(first);
    memo.save();
    expect(await new FileHashMemo(join(dir, 'memo.json')).hash(file)).toBe(first);
  });
});

describe('plan loading', () => {
  it('turns missing, broken and foreign plans into one clear error', async () => {
    await expect(loadPlan(join(dir, 'nope.json'), 'm')).rejects.toThrow(/no plan at .*nope\.json/);
    mkdirSync(join(dir, 'p'));
    writeFileSync(join(dir, 'p', 'plan.json'), '{');
    await expect(loadPlan(join(dir, 'p', 'plan.json'))).rejects.toThrow(/is not valid JSON/);
    writeFileSync(join(dir, 'p', 'plan.json'), '{"format":2}');
    await expect(loadPlan(join(dir, 'p', 'plan.json'))).rejects.toThrow(/format 2 \(this runner reads format 1\)/);
  });
});
