import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileSpecs, dataFilesRead } from '@trtforge/compiler';
import { ROOT } from '../helpers/paths.js';

/**
 * Release data loads lazily: a spec on one release reads versions.json and that release's own
 * files, never another release's (five releases of data must not slow a compile down). The
 * compiler reads packages/compiler/data through one reader, which logs every file it reads.
 */
const dir = mkdtempSync(join(ROOT, 'test/compile/.tmp-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function specOn(version: string, triton: object = {}): string {
  const name = `lazy-${version.replace(/\./g, '')}-${Object.keys(triton).length}`;
  mkdirSync(join(dir, name));
  const file = join(dir, name, 'model.ts');
  writeFileSync(file, `import { defineModel } from '@trtforge/spec';\nexport default defineModel(${JSON.stringify({
    name, source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' }, runtime: { backendVersion: version },
    triton: { excludeInputInOutput: true, ...triton },
  })});\n`);
  return file;
}

/** The data files one compile reads (this file runs in its own module graph: nothing is cached before). */
function readsOf(file: string): string[] {
  const before = dataFilesRead().length;
  const [result] = compileSpecs([file], { root: ROOT });
  expect(result?.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return dataFilesRead().slice(before);
}

describe('a spec on one release reads only that release\'s data', () => {
  it('0.19.0: versions.json and the 0.19.0 directories, nothing of the other releases', () => {
    const reads = readsOf(specOn('0.19.0'));
    expect(reads).toContain('versions.json');
    expect(reads).toContain('tensorrtllm_backend-0.19.0/templates.json');
    expect(reads.filter((f) => f !== 'versions.json' && !f.includes('-0.19.0/'))).toEqual([]);
  });

  it('then 0.17.0: only the 0.17.0 files are new (versions.json is read once per process)', () => {
    const reads = readsOf(specOn('0.17.0'));
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter((f) => !f.includes('-0.17.0/'))).toEqual([]);
  });

  it('a field the release lacks is the one case that reads the other releases\' parameter maps (to name them)', () => {
    const file = specOn('0.17.0', { numNodes: 2 });
    const before = dataFilesRead().length;
    const [result] = compileSpecs([file], { root: ROOT });
    expect(result?.diagnostics.map((d) => d.code)).toContain('TRT188');
    expect(dataFilesRead().slice(before).every((f) => f.endsWith('/parameters.json'))).toBe(true);
  });

  it('no other compiler module reads packages/compiler/data directly', () => {
    const src = join(ROOT, 'packages/compiler/src');
    const offenders: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !p.endsWith('release-files.ts') && /new URL\(\s*[`'"][^`'"]*data\//.test(readFileSync(p, 'utf8'))) offenders.push(p);
      }
    };
    walk(src);
    expect(offenders).toEqual([]);
  });
});
