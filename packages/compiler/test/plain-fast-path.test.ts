import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelSpecSchema } from '@trtforge/spec';
import { compileSpecs, type CompileResult } from '../src/compile.js';
import { parsePlainSpec } from '../src/load/plain-spec.js';

/**
 * A plain-data spec the schema accepts skips the type-check (load/plain-spec.ts). That is sound only
 * if TypeScript never reports an error for such a spec: so every example spec, and variants of them
 * with one field changed (to each value of its enum, to values of other types, removed, or with an
 * unknown field added beside it), must compile to exactly the same diagnostics and files with every
 * spec type-checked (`typecheck: 'always'`) as on the fast path.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const EXAMPLES = readdirSync(join(ROOT, 'models')).sort();
/**
 * Variants per example: fixed, evenly spread subsets of the ones the schema likely accepts (another
 * enum member, a changed number, a flipped switch, a field removed) and of the ones it rejects (other
 * types, unknown fields); all of them would take minutes.
 */
const LIKELY_VALID = 36;
const LIKELY_INVALID = 12;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The spec source for `value`, as a person writes it (identifier keys unquoted). */
function source(value: Json): string {
  const lit = (v: Json, indent: string): string => {
    if (Array.isArray(v)) return `[${v.map((x) => lit(x, indent)).join(', ')}]`;
    if (v !== null && typeof v === 'object') {
      const inner = `${indent}  `;
      const fields = Object.entries(v).map(([k, x]) => `${inner}${/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`}: ${lit(x, inner)},`);
      return fields.length ? `{\n${fields.join('\n')}\n${indent}}` : '{}';
    }
    if (typeof v === 'number' && !Number.isFinite(v)) return v > 0 ? '1e999' : '-1e999';
    return typeof v === 'string' ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : String(v);
  };
  return `import { defineModel } from '@trtforge/spec';\n\nexport default defineModel(${lit(value, '')});\n`;
}

/** enum/const values the schema allows at `path` (through properties, items, records and anyOf). */
function schemaValues(path: Array<string | number>): Json[] {
  const out: Json[] = [];
  const visit = (node: Record<string, unknown> | undefined, rest: Array<string | number>): void => {
    if (!node) return;
    for (const branch of (node.anyOf ?? node.oneOf ?? []) as Array<Record<string, unknown>>) visit(branch, rest);
    if (rest.length === 0) {
      if (Array.isArray(node.enum)) out.push(...(node.enum as Json[]));
      if (node.const !== undefined) out.push(node.const as Json);
      return;
    }
    const [head, ...tail] = rest;
    if (typeof head === 'number') visit(node.items as Record<string, unknown>, tail);
    else {
      const props = node.properties as Record<string, Record<string, unknown>> | undefined;
      visit(props?.[head!] ?? (typeof node.additionalProperties === 'object' ? (node.additionalProperties as Record<string, unknown>) : undefined), tail);
    }
  };
  visit(modelSpecSchema as unknown as Record<string, unknown>, path);
  return out;
}

/** `value` with the field at `path` replaced (or removed, for undefined). */
function withField(value: Json, path: Array<string | number>, next: Json | undefined): Json {
  const copy = structuredClone(value) as Record<string | number, Json>;
  let node: Record<string | number, Json> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  if (next === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = next;
  return copy as Json;
}

function leaves(value: Json, path: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value !== null && typeof value === 'object') return [...(path.length ? [path] : []), ...Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]))];
  return [path];
}

/** Every variant of one example: each field changed to other values, removed, or given an unknown sibling. */
function variants(base: Json): Json[] {
  const valid: Json[] = [];
  const invalid: Json[] = [];
  for (const path of leaves(base)) {
    const current = path.reduce<Json>((v, k) => (v as Record<string | number, Json>)[k]!, base);
    const same = (next: Json): boolean => JSON.stringify(next) === JSON.stringify(current);
    const likely: Json[] = [...schemaValues(path)];
    if (typeof current === 'number') likely.push(current + 1, current * 2, Math.max(0, current - 1));
    if (typeof current === 'boolean') likely.push(!current);
    for (const next of likely) if (!same(next)) valid.push(withField(base, path, next));
    valid.push(withField(base, path, undefined));
    for (const next of [0, -1, 2.5, 1e999, true, 'x', '', null, [], {}] as Json[]) if (!same(next)) invalid.push(withField(base, path, next));
    if (current !== null && typeof current === 'object' && !Array.isArray(current)) invalid.push(withField(base, [...path, 'unknownField'], 1));
  }
  const spread = (all: Json[], n: number): Json[] => all.filter((_, i) => i % Math.max(1, Math.floor(all.length / n)) === 0).slice(0, n);
  return [...spread(valid, LIKELY_VALID), ...spread(invalid, LIKELY_INVALID)];
}

function withName(value: Json, name: string): Json {
  const v = value as Record<string, Json>;
  return typeof v.name === 'string' && v.name.length > 0 ? { ...v, name } : value;
}

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
  fast = compileSpecs(files, { root: dir, cwd: dir, cacheDir: false, typecheck: 'when-needed' });
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('plain-data fast path', () => {
  it('reports exactly what the type-checked path reports, at the same places, with the same files', () => {
    cases.forEach(({ name }, i) => {
      expect(fast[i]!.diagnostics, name).toEqual(reference[i]!.diagnostics);
      expect(fast[i]!.files, name).toEqual(reference[i]!.files);
    });
  });

  it('is taken by many specs of both outcomes (so the comparison means something)', () => {
    const errors = (r: CompileResult) => r.diagnostics.some((d) => d.severity === 'error');
    const plainValid = cases.filter((c, i) => c.plain && !reference[i]!.diagnostics.some((d) => d.code === 'TRT100' || d.code.startsWith('TS')));
    expect(cases.every((c) => c.plain)).toBe(true);
    expect(plainValid.length).toBeGreaterThan(200);
    // the fast path's specs still meet the lints: most compile, some fail on them
    expect(reference.filter((r) => !errors(r)).length).toBeGreaterThan(150);
    expect(plainValid.filter((c) => errors(reference[cases.indexOf(c)]!)).length).toBeGreaterThan(20);
    expect(reference.filter((r) => r.diagnostics.some((d) => d.code.startsWith('TRT01'))).length).toBeGreaterThan(100);
  });
});
