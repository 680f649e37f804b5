import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeReadOnly, makeWritable } from '../src/store/integrity.js';
import { composeKey } from '../src/store/key.js';
import { Store, type StoreEntry } from '../src/store/store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trtforge-integrity-'));
});
afterEach(async () => {
  await makeWritable(dir);
  rmSync(dir, { recursive: true, force: true });
});

async function commit(store: Store, files: (out: string) => void): Promise<StoreEntry> {
  const { key, components } = composeKey({ step: 'build', dir });
  const temp = await store.createTemp('build', key);
  files(temp.out);
  return store.commit(temp, { model: 'm', components });
}

describe('store integrity', () => {
  it('a symlink is recorded by its target and never followed: the file it points at keeps its mode', async () => {
    const outside = join(dir, 'outside.txt');
    writeFileSync(outside, 'not the store');
    const store = new Store(join(dir, 'store'));
    const entry = await commit(store, (out) => {
      writeFileSync(join(out, 'rank0.engine'), 'e');
      symlinkSync(outside, join(out, 'link'));
    });
    expect(statSync(outside).mode & 0o777).toBe(0o644);
    expect(entry.meta.files.find((f) => f.path === 'link')?.bytes).toBe(Buffer.byteLength(outside));
    expect((await store.lookup('build', entry.key)).state).toBe('ok');
    // Same-length target elsewhere: the sizes agree, the digest does not.
    const other = outside.replace('outside.txt', 'outsidE.txt');
    await makeWritable(entry.out);
    unlinkSync(join(entry.out, 'link'));
    symlinkSync(other, join(entry.out, 'link'));
    expect((await store.lookup('build', entry.key)).state).toBe('ok');
    // (Full check: a new symlink may get the freed inode number back within the same clock tick.)
    const { damage } = await store.verifyContent(entry, { trustMemo: false });
    expect(damage.map((d) => d.file)).toEqual(['link']);
  });

  it("Python's __pycache__ written next to model.py after commit is not an added file", async () => {
    const store = new Store(join(dir, 'store'));
    const entry = await commit(store, (out) => {
      mkdirSync(join(out, 'preprocessing', '1'), { recursive: true });
      writeFileSync(join(out, 'preprocessing', '1', 'model.py'), 'print(1)\n');
    });
    await makeWritable(entry.out);
    mkdirSync(join(entry.out, 'preprocessing', '1', '__pycache__'));
    writeFileSync(join(entry.out, 'preprocessing', '1', '__pycache__', 'model.cpython-312.pyc'), 'bytecode');
    expect((await store.lookup('build', entry.key)).state).toBe('ok');
    expect((await store.verifyContent(entry, { trustMemo: true })).damage).toEqual([]);
  });

  it('the memoised check reads nothing after commit, re-reads only a file that was written, and verify reads everything', async () => {
    const store = new Store(join(dir, 'store'));
    const entry = await commit(store, (out) => {
      writeFileSync(join(out, 'a'), 'aaaa');
      writeFileSync(join(out, 'b'), 'bbbbbbbb');
    });
    // A check the memo answers whole leaves the memo as it is (a no-op serve writes nothing to the store).
    const memoFile = join(store.root, 'memo', 'verified', `build-${entry.key}.json`);
    const memoInode = statSync(memoFile).ino;
    expect(await store.verifyContent(entry, { trustMemo: true })).toEqual({ damage: [], hashedBytes: 0, upgraded: false });
    expect(statSync(memoFile).ino).toBe(memoInode);
    expect((await store.verifyContent(entry, { trustMemo: false })).hashedBytes).toBe(12);
    await makeWritable(entry.out);
    // File timestamps move in clock ticks (ms): a distinct mtime keeps the test independent of how fast it runs.
    const rewrite = (name: string, text: string, at: number): void => {
      writeFileSync(join(entry.out, name), text);
      utimesSync(join(entry.out, name), at, at);
    };
    rewrite('a', 'aaaa', 1_000_000); // same bytes, other stat: hashed again, and still fine
    const beforeRehash = statSync(memoFile).ino;
    expect(await store.verifyContent(entry, { trustMemo: true })).toEqual({ damage: [], hashedBytes: 4, upgraded: false });
    // AND the memo now records the new stat (rewritten: temp + rename)
    expect(statSync(memoFile).ino).not.toBe(beforeRehash);
    expect(await store.verifyContent(entry, { trustMemo: true })).toEqual({ damage: [], hashedBytes: 0, upgraded: false });
    rewrite('b', 'BBBBBBBB', 2_000_000);
    const { damage, hashedBytes } = await store.verifyContent(entry, { trustMemo: true });
    expect(hashedBytes).toBe(8);
    expect(damage).toEqual([{ file: 'b', expected: `sha256 ${entry.meta.files[1]!.sha256}`, actual: expect.stringMatching(/^sha256 [0-9a-f]{64}$/) }]);
  });
});

describe('read-only trees', () => {
  const mode = (path: string) => statSync(path).mode & 0o777;

  it('makeReadOnly: files 0444 and directories 0555 at every depth, the top one only with self', async () => {
    const top = join(dir, 'tree');
    mkdirSync(join(top, 'a', 'b'), { recursive: true });
    writeFileSync(join(top, 'f'), 'x');
    writeFileSync(join(top, 'a', 'b', 'g'), 'y');
    await makeReadOnly(top, { self: false });
    expect(mode(join(top, 'f'))).toBe(0o444);
    expect(mode(join(top, 'a', 'b', 'g'))).toBe(0o444);
    expect(mode(join(top, 'a'))).toBe(0o555);
    expect(mode(join(top, 'a', 'b'))).toBe(0o555);
    expect(mode(top)).not.toBe(0o555);
    await makeReadOnly(top, { self: true });
    expect(mode(top)).toBe(0o555);
  });

  it('makeWritable: gives every directory its write bit back, leaves files and a missing path alone', async () => {
    const top = join(dir, 'tree');
    mkdirSync(join(top, 'a', 'b'), { recursive: true });
    writeFileSync(join(top, 'a', 'f'), 'x');
    await makeReadOnly(top, { self: true });
    await makeWritable(top);
    expect(mode(top)).toBe(0o755);
    expect(mode(join(top, 'a'))).toBe(0o755);
    expect(mode(join(top, 'a', 'b'))).toBe(0o755);
    expect(mode(join(top, 'a', 'f'))).toBe(0o444);
    await makeWritable(join(top, 'a', 'f'));
    expect(mode(join(top, 'a', 'f'))).toBe(0o444);
    await expect(makeWritable(join(dir, 'missing'))).resolves.toBeUndefined();
  });
});
