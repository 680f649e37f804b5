import { modelSpecSchema } from '@trtforge/spec';

// Variants of the example specs for the tests that compare two ways of compiling them (the
// plain-data fast path, the Kubernetes manifests' memo): one field changed at a time.

/**
 * Variants per example: fixed, evenly spread subsets of the ones the schema likely accepts (another
 * enum member, a changed number, a flipped switch, a field removed) and of the ones it rejects (other
 * types, unknown fields); all of them would take minutes.
 */
const LIKELY_VALID = 36;
const LIKELY_INVALID = 12;

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The spec source for `value`, as a person writes it (identifier keys unquoted). */
export function source(value: Json): string {
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
export function variants(base: Json): Json[] {
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

export function withName(value: Json, name: string): Json {
  const v = value as Record<string, Json>;
  return typeof v.name === 'string' && v.name.length > 0 ? { ...v, name } : value;
}

