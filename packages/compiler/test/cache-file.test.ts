import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeCacheFile } from '../src/load/cache-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trtforge-cache-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeCacheFile', () => {
  it('writes the entry whole and keeps the directory bounded, oldest out', () => {
    const cache = join(dir, 'a');
    mkdirSync(cache);
    for (const n of ['1', '2', '3']) {
      writeFileSync(join(cache, `${n}.bin`), n);
      utimesSync(join(cache, `${n}.bin`), Number(n), Number(n)); // older than anything written now
    }
    expect(writeCacheFile(join(cache, '4.bin'), () => Buffer.from('4'), 1)).toBe(true);
    expect(readdirSync(cache)).toEqual(['4.bin']);
  });

  it('a prune that cannot remove an entry (another process at it, or not a file) leaves the written entry reported as written', () => {
    const cache = join(dir, 'b');
    mkdirSync(join(cache, 'old.bin'), { recursive: true }); // unlink fails on it
    for (const n of ['1', '2']) writeFileSync(join(cache, `${n}.bin`), n);
    expect(writeCacheFile(join(cache, 'new.bin'), () => Buffer.from('new'), 1)).toBe(true);
    expect(readdirSync(cache)).toContain('new.bin');
  });

  it('an unwritable directory is false, with no temporary left', () => {
    writeFileSync(join(dir, 'file'), 'x');
    expect(writeCacheFile(join(dir, 'file', 'x.bin'), () => Buffer.from('x'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['file']);
  });
});
