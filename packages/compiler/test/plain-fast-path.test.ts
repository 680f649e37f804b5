import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { compileSpecs, type CompileResult } from '../src/compile.js';
import { parsePlainSpec } from '../src/load/plain-spec.js';
import { source, variants, withName, type Json } from './spec-variants.js';

/**
 * A plain-data spec the schema accepts skips the type-check (load/plain-spec.ts). That is sound only
 * if TypeScript never reports an error for such a spec: so every example spec, and variants of them
 * with one field changed (to each value of its enum, to values of other types, removed, or with an
 * unknown field added beside it), must compile to exactly the same diagnostics and files with every
 * spec type-checked (`typecheck: 'always'`) as on the fast path.
 */
// What the type-check is given, run by run (the real one runs).
const typechecked = vi.hoisted(() => [] as string[][]);
vi.mock('../src/load/typecheck.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/load/typecheck.js')>();
  return { ...real, typecheckSpecs: (files: readonly string[], ...rest: [string, string?]) => (typechecked.push([...files]), real.typecheckSpecs(files, ...rest)) };
});

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const EXAMPLES = readdirSync(join(ROOT, 'models')).sort();

let dir: string;
const cases: Array<{ name: string; plain: boolean }> = [];
let reference: CompileResult[];
let fast: CompileResult[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trtforge-plain-fast-path-'));
  writeFileSync(join(dir, 'package.json'), '{ "name": "tmp-repo", "private": true, "workspaces": ["models/*"] }\n');
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const files: string[] = [];
  const add = (name: string, text: string): void => {
    mkdirSync(join(dir, 'models', name), { recursive: true });
    files.push(join(dir, 'models', name, 'model.ts'));
    writeFileSync(files[files.length - 1]!, text);
    cases.push({ name, plain: parsePlainSpec(text) !== undefined });
  };
  for (const example of EXAMPLES) {
    const text = readFileSync(join(ROOT, 'models', example, 'model.ts'), 'utf8');
    add(example, text);
    // named after its folder, as TRT020 requires (or the lints would stop every variant there)
    variants(parsePlainSpec(text)!.value as Json).forEach((v, i) => add(`${example}-v${i}`, source(withName(v, `${example}-v${i}`))));
  }
  // GIVEN every spec type-checked, WHEN the same specs take the fast path where they can
  reference = compileSpecs(files, { root: dir, cwd: dir, cacheDir: false, typecheck: 'always' });
  typechecked.length = 0;
  fast = compileSpecs(files, { root: dir, cwd: dir, cacheDir: false, typecheck: 'when-needed' });
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('plain-data fast path', { timeout: 120_000 }, () => {
  it('reports exactly what the type-checked path reports, at the same places, with the same files', () => {
    cases.forEach(({ name }, i) => {
      expect(fast[i]!.diagnostics, name).toEqual(reference[i]!.diagnostics);
      expect(fast[i]!.files, name).toEqual(reference[i]!.files);
    });
  });

  it('is taken by many specs of both outcomes (so the comparison means something)', () => {
    const errors = (r: CompileResult) => r.diagnostics.some((d) => d.severity === 'error');
    // what the schema (TRT010–TRT015) or TypeScript (TS…) refuses
    const rejected = (r: CompileResult) => r.diagnostics.some((d) => /^TRT01[0-5]$/.test(d.code) || d.code.startsWith('TS'));
    const plainValid = cases.filter((c, i) => c.plain && !rejected(reference[i]!));
    expect(cases.every((c) => c.plain)).toBe(true);
    expect(plainValid.length).toBeGreaterThan(200);
    // the fast path's specs still meet the lints: most compile, some fail on them
    expect(reference.filter((r) => !errors(r)).length).toBeGreaterThan(150);
    expect(plainValid.filter((c) => errors(reference[cases.indexOf(c)]!)).length).toBeGreaterThan(20);
    expect(reference.filter((r) => r.diagnostics.some((d) => d.code.startsWith('TRT01'))).length).toBeGreaterThan(100);
    // AND the fast run type-checked exactly the specs the schema rejects, never a plain spec it accepts
    const given = new Set(typechecked.flat().map((f) => f.split('/models/')[1]!.replace('/model.ts', '')));
    expect(given.size).toBeGreaterThan(50);
    expect([...given].sort()).toEqual(cases.filter((c, i) => rejected(reference[i]!)).map((c) => c.name).sort());
  });
});
