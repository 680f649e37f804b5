import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MARKER_FILE } from '../src/synth.js';
import { LEGACY_MARKER_FILE, UnsafeOutputError, writeGenerated } from '../src/write/write-generated.js';

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

describe('the marker file', () => {
  it('is trtforge.generated.json, a name distinct from the state directory models/<name>/.trtforge/', () => {
    expect(MARKER_FILE).toBe('trtforge.generated.json');
  });

  it('a directory with the legacy .trtforge marker file is replaced once, and then carries only the new marker', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gen-'));
    mkdirSync(join(dir, 'm'));
    writeFileSync(join(dir, 'm', LEGACY_MARKER_FILE), '{ "generator": "trtforge" }\n');
    writeFileSync(join(dir, 'm/plan.json'), '{ "old": true }\n');
    expect(writeGenerated(dir, [{ name: 'm', files: files('1') }])).toEqual(['m']);
    expect(existsSync(join(dir, 'm', LEGACY_MARKER_FILE))).toBe(false);
    expect(existsSync(join(dir, 'm', MARKER_FILE))).toBe(true);
    expect(readFileSync(join(dir, 'm/plan.json'), 'utf8')).toBe('{}\n');
  });

  it('a .trtforge directory (what the state dir is called) is no marker: the directory is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gen-'));
    mkdirSync(join(dir, 'm', LEGACY_MARKER_FILE), { recursive: true });
    expect(() => writeGenerated(dir, [{ name: 'm', files: files('1') }])).toThrow(UnsafeOutputError);
    expect(existsSync(join(dir, 'm', LEGACY_MARKER_FILE))).toBe(true);
  });
});
