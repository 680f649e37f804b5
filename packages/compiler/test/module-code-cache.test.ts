import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// Each run in a process of its own, as in real use: within one process V8 reuses what it compiled
// and never looks at cached data. (The built module: npx tsc -b packages/compiler.)
const BUILT = new URL('../dist/load/module-code-cache.js', import.meta.url).href;

let dir: string;
let cache: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trtforge-module-code-cache-'));
  cache = join(dir, 'cache');
  // GIVEN a CommonJS package using what Node gives a module: require of a sibling and a built-in,
  // require.resolve, require.cache, __filename, module.exports; and a module with a dynamic import()
  const pkg = join(dir, 'node_modules', 'fixture');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), '{"name":"fixture","main":"index.js"}\n');
  writeFileSync(join(pkg, 'helper.js'), 'module.exports = (n) => n * 2;\n');
  writeFileSync(join(pkg, 'esm.mjs'), 'export const word = "esm";\n');
  writeFileSync(join(pkg, 'index.js'), [
    "const { basename } = require('node:path');",
    "const twice = require('./helper.js');",
    'exports.answer = twice(21);',
    'exports.file = basename(__filename);',
    "exports.resolved = basename(require.resolve('./helper.js'));",
    'exports.isModule = module.exports === exports && require.cache[__filename] === module;',
    "exports.later = require('./lazy.js');",
  ].join('\n'));
  writeFileSync(join(pkg, 'lazy.js'), "module.exports = () => import('./esm.mjs').then((m) => m.word);\n");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A process that requires the fixture with the cache installed, saves, and prints what it saw. */
function run(): { exports: unknown; status: number | null; stderr: string } {
  const script = `import { createRequire } from 'node:module';
import { cacheCompiledModules } from ${JSON.stringify(BUILT)};
const cache = cacheCompiledModules(${JSON.stringify(cache)});
const m = createRequire(${JSON.stringify(join(dir, 'importer.js'))})('fixture');
const later = await m.later();
cache?.save();
console.log(JSON.stringify({ ...m, later }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return { exports: r.status === 0 ? JSON.parse(r.stdout) : undefined, status: r.status, stderr: r.stderr };
}
const entries = (): Record<string, number> => Object.fromEntries(readdirSync(cache).map((f) => [f, statSync(join(cache, f)).mtimeMs]));
const EXPECTED = { answer: 42, file: 'index.js', resolved: 'helper.js', isModule: true, later: 'esm' };

describe.skipIf(Boolean((Module as { getCompileCacheDir?: () => string | undefined }).getCompileCacheDir?.()))('compiled code of CommonJS modules, kept between processes', { timeout: 120_000 }, () => {
  it('runs modules as require() does and keeps what V8 compiled, read back (not written again) by the next process', () => {
    const first = run();
    expect(first.exports, first.stderr).toEqual(EXPECTED);
    const written = entries();
    expect(Object.keys(written)).toHaveLength(2); // index.js and helper.js (lazy.js, with its import(), compiles as usual)
    const second = run();
    expect(second.exports, second.stderr).toEqual(EXPECTED);
    expect(entries()).toEqual(written);
  });

  it('gives an edited module a fresh entry and replaces data V8 rejects', () => {
    run();
    const before = entries();
    writeFileSync(join(dir, 'node_modules/fixture/helper.js'), 'module.exports = (n) => n * 3;\n');
    const edited = run();
    expect(edited.exports, edited.stderr).toEqual({ ...EXPECTED, answer: 63 });
    const after = entries();
    expect(Object.keys(after)).toHaveLength(3);
    expect(Object.keys(before).every((f) => after[f] === before[f])).toBe(true);
    // WHEN an entry is damaged THEN it is compiled from source and written anew
    for (const f of Object.keys(after)) writeFileSync(join(cache, f), 'not V8 data');
    expect(run().exports).toEqual({ ...EXPECTED, answer: 63 });
    expect(Object.values(entries()).filter((t) => t > Math.max(...Object.values(after))).length).toBeGreaterThanOrEqual(2);
  });
});
