import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MARKER_FILE } from '../src/synth.js';
import { UnsafeOutputError, writeGenerated } from '../src/write/write-generated.js';

const files = (v: string) => ({ [MARKER_FILE]: '{}\n', 'a/config.pbtxt': `x: ${v}\n`, 'plan.json': '{}\n' });

describe('writeGenerated', () => {
  it('writes, replaces atomically and leaves identical output untouched', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gen-'));
    expect(writeGenerated(dir, [{ name: 'm', files: files('1') }])).toEqual(['m']);
    const mtime = statSync(join(dir, 'm/a/config.pbtxt')).mtimeMs;
    expect(writeGenerated(dir, [{ name: 'm', files: files('1') }])).toEqual([]);
    expect(statSync(join(dir, 'm/a/config.pbtxt')).mtimeMs).toBe(mtime);
    writeGenerated(dir, [{ name: 'm', files: { ...files('2'), 'b.txt': 'new\n' } }]);
    expect(readFileSync(join(dir, 'm/a/config.pbtxt'), 'utf8')).toBe('x: 2\n');
    expect(existsSync(join(dir, 'm/b.txt'))).toBe(true);
  });

  it('refuses to replace a directory without the marker, and writes nothing at all', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gen-'));
    mkdirSync(join(dir, 'mine'));
    writeFileSync(join(dir, 'mine/notes.txt'), 'precious');
    expect(() => writeGenerated(dir, [{ name: 'ok', files: files('1') }, { name: 'mine', files: files('1') }])).toThrow(UnsafeOutputError);
    expect(readFileSync(join(dir, 'mine/notes.txt'), 'utf8')).toBe('precious');
    expect(existsSync(join(dir, 'ok'))).toBe(false);
  });
});
