import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requireCodeCached } from '../src/load/code-cache.js';

// Each load in a process of its own, as in real use: within one process V8 reuses what it compiled
// for the same source and never looks at the cached data. (The built module: npx tsc -b packages/compiler.)
const BUILT = new URL('../dist/load/code-cache.js', import.meta.url).href;
function loadInProcess(importer: string, cache: string): { exports: unknown; status: number | null; stderr: string } {
  const script = `import { requireCodeCached } from ${JSON.stringify(BUILT)};
const m = requireCodeCached('fixture', ${JSON.stringify(importer)}, ${JSON.stringify(cache)});
m.save();
console.log(JSON.stringify(m.exports));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return { exports: r.status === 0 ? JSON.parse(r.stdout) : undefined, status: r.status, stderr: r.stderr };
}

let dir: string;
let pkg: string;
let cacheDir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trtforge-code-cache-'));
  // GIVEN a CommonJS package that requires a built-in and its own sibling, as typescript.js does
  pkg = join(dir, 'node_modules', 'fixture');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), '{"name":"fixture","main":"index.js"}\n');
  writeFileSync(join(pkg, 'helper.js'), 'module.exports = (n) => n * 2;\n');
  writeFileSync(join(pkg, 'index.js'), "const { basename } = require('node:path');\nconst twice = require('./helper.js');\nexports.answer = twice(21);\nexports.file = basename(__filename);\nexports.isModule = typeof module === 'object' && module.exports === exports;\n");
  cacheDir = join(dir, 'cache');
});
afterEach(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

const from = (): string => join(dir, 'importer.js');
const cacheFiles = (): string[] => readdirSync(join(cacheDir, 'v8'));

// Node ≥ 22.1 with its own compile cache on: requireCodeCached steps aside (undefined) and require() is used.
// Child processes on a loaded 2-core machine take seconds each: a generous guard, never a timing assertion.
describe.skipIf(Boolean((Module as { getCompileCacheDir?: () => string | undefined }).getCompileCacheDir?.()))('code cache of a CommonJS file', { timeout: 120_000 }, () => {
  it('runs the file as require() would and keeps V8\'s compiled code once save() is called', () => {
    const first = requireCodeCached<{ answer: number; file: string; isModule: boolean }>('fixture', from(), cacheDir)!;
    expect(first.exports).toEqual({ answer: 42, file: 'index.js', isModule: true });
    first.save();
    expect(cacheFiles()).toEqual([expect.stringMatching(/^index-[0-9a-f]{32}\.bin$/)]);
    // WHEN the next process loads it, V8 accepts the data: nothing is written again
    const written = statSync(join(cacheDir, 'v8', cacheFiles()[0]!)).mtimeMs;
    const second = loadInProcess(from(), cacheDir);
    expect(second.exports, second.stderr).toEqual({ answer: 42, file: 'index.js', isModule: true });
    expect(statSync(join(cacheDir, 'v8', cacheFiles()[0]!)).mtimeMs).toBe(written);
  });

  it('replaces data V8 rejects, and the cache of an older version of the file', () => {
    requireCodeCached('fixture', from(), cacheDir)!.save();
    const [name] = cacheFiles();
    writeFileSync(join(cacheDir, 'v8', name!), 'not V8 data');
    const damaged = loadInProcess(from(), cacheDir);
    expect(damaged.exports, damaged.stderr).toMatchObject({ answer: 42 });
    expect(readFileSync(join(cacheDir, 'v8', name!), 'latin1')).not.toBe('not V8 data');
    // GIVEN the package updated (another size, and not ASCII any more): a new cache file, the old one removed
    writeFileSync(join(pkg, 'index.js'), "exports.answer = 43;\nexports.word = 'café';\n");
    const updated = loadInProcess(from(), cacheDir);
    expect(updated.exports, updated.stderr).toEqual({ answer: 43, word: 'café' });
    expect(cacheFiles()).toHaveLength(1);
    expect(cacheFiles()[0]).not.toBe(name);
  });

  it('an unwritable cache directory costs the cache, never the load', () => {
    mkdirSync(cacheDir);
    chmodSync(cacheDir, 0o555);
    const loaded = requireCodeCached<{ answer: number }>('fixture', from(), cacheDir)!;
    expect(() => loaded.save()).not.toThrow();
    expect(loaded.exports.answer).toBe(42);
  });
});
