import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoadCache } from '../src/load/load-cache.js';
import type { LoadedSpec } from '../src/load/loaded-spec.js';
import { LocationMap } from '../src/load/locations.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trtforge-load-cache-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function loaded(source: string): LoadedSpec {
  return {
    file: join(dir, 'models/m/model.ts'),
    displayFile: 'models/m/model.ts',
    source,
    value: { name: 'm', build: { maxBatchSize: 8 }, missing: undefined, ratio: Number.NaN },
    locations: LocationMap.fromData({ root: { line: 3, column: 28 }, fields: [{ path: 'build.maxBatchSize', line: 5, column: 12, start: 80, end: 97 }] }),
    diagnostics: [{ severity: 'error', code: 'TS2322', file: 'models/m/model.ts', line: 5, column: 12, path: 'build.maxBatchSize', message: 'x', hint: 'y' }],
  };
}

describe('load cache', () => {
  it('returns what was stored, shown relative to the new working directory', () => {
    // GIVEN a stored result that read one declaration file
    const dep = join(dir, 'spec.d.ts');
    writeFileSync(dep, 'export declare const a: number;\n');
    const cache = new LoadCache(join(dir, 'cache'));
    const key = cache.set(loaded('export default 1;\n'), [dep]);
    // WHEN the same spec text is loaded from another directory
    const hit = cache.get(join(dir, 'models/m/model.ts'), 'm/model.ts', 'export default 1;\n');
    // THEN value, locations and diagnostics are the stored ones, with the new display path
    expect(hit?.cacheKey).toBe(key);
    expect(hit?.value).toEqual({ name: 'm', build: { maxBatchSize: 8 }, missing: undefined, ratio: Number.NaN });
    expect(hit?.locations.locate(['build', 'maxBatchSize'])).toEqual({ line: 5, column: 12 });
    expect(hit?.locations.pathAt(90)).toBe('build.maxBatchSize');
    expect(hit?.diagnostics).toEqual([{ severity: 'error', code: 'TS2322', file: 'm/model.ts', line: 5, column: 12, path: 'build.maxBatchSize', message: 'x', hint: 'y' }]);
  });

  it('misses when the spec text or a declaration file it was checked against changes', () => {
    const dep = join(dir, 'spec.d.ts');
    writeFileSync(dep, 'export declare const a: number;\n');
    new LoadCache(join(dir, 'cache')).set(loaded('export default 1;\n'), [dep]);
    // (each compile run has its own LoadCache: declaration files are stamped once per run)
    expect(new LoadCache(join(dir, 'cache')).get(join(dir, 'models/m/model.ts'), 'x', 'export default 1;\n')).toBeDefined();
    expect(new LoadCache(join(dir, 'cache')).get(join(dir, 'models/m/model.ts'), 'x', 'export default 2;\n')).toBeUndefined();
    writeFileSync(dep, 'export declare const a: boolean;\n');
    expect(new LoadCache(join(dir, 'cache')).get(join(dir, 'models/m/model.ts'), 'x', 'export default 1;\n')).toBeUndefined();
  });

  it('does not store a value structured clone cannot carry (a function)', () => {
    const cache = new LoadCache(join(dir, 'cache'));
    const spec = { ...loaded('export default 1;\n'), value: { name: 'm', f: () => 1 } };
    expect(cache.set(spec, [])).toBeUndefined();
    expect(cache.get(spec.file, 'x', spec.source)).toBeUndefined();
  });
});
