import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filesystemError } from '../src/fs-errors.js';
import { FileHashMemo } from '../src/store/file-memo.js';

describe('saving the hash memo fails cleanly', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'trtforge-memo-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a failed rename (a directory in the way) leaves no .tmp and reports the path in one line', async () => {
    const memoPath = join(dir, 'memo', 'file-hashes.json');
    mkdirSync(join(memoPath, 'occupied'), { recursive: true }); // the memo's name is taken by a non-empty directory
    writeFileSync(join(dir, 'weights.bin'), 'x');
    const memo = new FileHashMemo(memoPath);
    await memo.hash(join(dir, 'weights.bin'));
    let thrown: unknown;
    try {
      memo.save();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeDefined();
    expect(readdirSync(join(dir, 'memo'))).toEqual(['file-hashes.json']);
    const reported = filesystemError(thrown);
    expect(reported?.message).toMatch(new RegExp(`^cannot rename .*file-hashes\\.json\\.\\d+\\.\\d+\\.tmp → ${memoPath.replace(/[.]/g, '\\.')}: (is a directory|directory not empty)`));
  });

  it('full disk, permissions, read-only: one line with the path and a hint', () => {
    const errno = (code: string, syscall: string, path: string) => Object.assign(new Error(`${code}: x, ${syscall} '${path}'`), { code, syscall, path });
    expect(filesystemError(errno('ENOSPC', 'write', '/s/memo/x.tmp'))).toMatchObject({
      message: 'cannot write /s/memo/x.tmp: no space left on device (ENOSPC)',
      hint: expect.stringContaining('trtforge gc'),
    });
    expect(filesystemError(errno('EACCES', 'mkdir', '/s/entries'))?.message).toBe('cannot create directory /s/entries: permission denied (EACCES)');
    expect(filesystemError(errno('EROFS', 'open', '/s/a'))?.hint).toContain('writable file system');
    expect(filesystemError(new Error('a bug'))).toBeUndefined();
    expect(filesystemError(Object.assign(new Error('x'), { code: 'ERR_SOMETHING', syscall: 'x' }))).toBeUndefined();
  });

  it('a file where a directory must be is named', () => {
    writeFileSync(join(dir, 'state'), '');
    const error = Object.assign(new Error('ENOTDIR'), { code: 'ENOTDIR', syscall: 'mkdir', path: join(dir, 'state', 'logs') });
    expect(filesystemError(error)?.message).toBe(`cannot create directory ${join(dir, 'state', 'logs')}: a file is in the way at ${join(dir, 'state')}`);
  });
});
