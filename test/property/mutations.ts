import fc from 'fast-check';
import { modelSpecSchema } from '@trtforge/spec';

/**
 * Structural mutations that make a valid spec invalid: a value of the wrong JSON type, an unknown
 * field, or broken TypeScript syntax. They walk the JSON Schema exported by @trtforge/spec only to
 * find the fields; which VALUES are out of bounds is not taken from that schema (it is the
 * validator's own oracle) but from NVIDIA's tables: see domain.ts.
 */

interface FieldSchema {
  type?: string | string[];
  enum?: readonly unknown[];
  const?: unknown;
  anyOf?: FieldSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  properties?: Record<string, FieldSchema>;
  additionalProperties?: boolean | FieldSchema;
}

interface Field { path: string[]; schema: FieldSchema }

/** Every field of the schema (objects included), depth-first. */
function fields(schema: FieldSchema, path: string[] = []): Field[] {
  const children = Object.entries(schema.properties ?? {}).flatMap(([k, s]) => fields(s, [...path, k]));
  return path.length === 0 ? children : [{ path, schema }, ...children];
}

/** The exported schema, read through the few keywords used here. */
const ROOT_SCHEMA = modelSpecSchema as unknown as FieldSchema;
const ALL = fields(ROOT_SCHEMA);
const OBJECTS = [{ path: [] as string[], schema: ROOT_SCHEMA }, ...ALL.filter((f) => f.schema.type === 'object' && f.schema.additionalProperties === false)];
const typeOf = (s: FieldSchema) => (Array.isArray(s.type) ? s.type[0] : s.type) ?? s.anyOf?.[0]?.type;

/** A value whose JSON type differs from the field's. */
function wrongType(s: FieldSchema): fc.Arbitrary<unknown> {
  switch (typeOf(s)) {
    case 'string': return fc.oneof(fc.integer(), fc.boolean(), fc.constant(['x']));
    case 'number':
    case 'integer': return fc.oneof(fc.string({ maxLength: 8 }).map((v) => `n${v}`), fc.boolean(), fc.constant({}));
    case 'boolean': return fc.oneof(fc.constantFrom('true', 'yes', 'on'), fc.constantFrom(0, 1));
    case 'array': return fc.oneof(fc.constant('0,1'), fc.integer());
    default: return fc.oneof(fc.integer(), fc.constant('x'), fc.constant([]));
  }
}

/** One mutation: where, and what the diagnostic path should start with. */
export interface Mutation {
  kind: 'wrong type' | 'unknown field' | 'broken syntax';
  /** Field path the error must name (empty for syntax). */
  expectPath: string;
  apply(spec: Record<string, unknown>, source: string): string | Record<string, unknown>;
}

const setAt = (spec: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> => {
  const out = structuredClone(spec);
  let cur: Record<string, unknown> = out;
  for (const k of path.slice(0, -1)) {
    if (typeof cur[k] !== 'object' || cur[k] === null || Array.isArray(cur[k])) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[path[path.length - 1]!] = value;
  return out;
};

/** Fields whose mutation would also change what must stay fixed (the name is the folder). */
const mutable = (f: Field) => f.path[0] !== 'name' && f.path[0] !== 'lints';

const wrongTypeMutation = fc.constantFrom(...ALL.filter(mutable)).chain((f) => wrongType(f.schema).map((value): Mutation => ({
  kind: 'wrong type', expectPath: f.path.join('.'), apply: (spec) => setAt(spec, f.path, value),
})));

const unknownFieldMutation = fc.tuple(fc.constantFrom(...OBJECTS.filter((o) => o.path[0] !== 'lints')), fc.stringMatching(/^[a-z][A-Za-z]{2,10}$/), fc.jsonValue({ maxDepth: 1 }))
  .filter(([o, key]) => !(key in (o.schema.properties ?? {})) && !['constructor', 'prototype'].includes(key))
  .map(([o, key, value]): Mutation => ({
    kind: 'unknown field', expectPath: [...o.path, key].join('.'), apply: (spec) => setAt(spec, [...o.path, key], value ?? 1),
  }));

/** Text edits that can never leave a parsable spec: unbalanced braces, a stray token, a cut file. */
const syntaxMutation = fc.tuple(fc.constantFrom('drop last brace', 'stray token', 'truncate'), fc.nat()).map(([how, n]): Mutation => ({
  kind: 'broken syntax',
  expectPath: '',
  apply: (_spec, source) => {
    const lines = source.split('\n');
    // Lines strictly inside the defineModel({ … }) literal: after its first line, before its last.
    const first = lines.findIndex((l) => l.includes('defineModel('));
    const last = lines.map((l) => l.startsWith('}')).lastIndexOf(true);
    const inner = first + 1 + (n % Math.max(1, last - first - 1));
    if (how === 'drop last brace') return source.replace(/\}\);\n$/, ');\n');
    if (how === 'stray token') return lines.map((l, i) => (i === inner ? `@@ ${l}` : l)).join('\n');
    return `${lines.slice(0, inner + 1).join('\n')}\n`;
  },
}));

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(wrongTypeMutation, unknownFieldMutation, syntaxMutation);
