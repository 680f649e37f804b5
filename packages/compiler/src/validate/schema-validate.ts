import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { join } from 'node:path';
import { modelSpecSchema } from '@trtforge/spec';
import type { Diagnostic } from '../diagnostics.js';
import type { LocationMap } from '../load/locations.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { closest } from '../suggest.js';
import { AJV_OPTIONS } from './ajv-options.js';

let validator: ValidateFunction | undefined;
let compiled: ValidateFunction | undefined;

/**
 * The schema is generated from the spec types (single source of truth). The build compiles it to
 * a standalone validator (scripts/generate-validator.mjs); that one is used while it was built
 * from this very schema, else ajv compiles the schema here, once per process (~0.3 s).
 */
function getValidator(prebuilt: boolean): ValidateFunction {
  if (!prebuilt) return (compiled ??= compileValidator());
  validator ??= prebuiltValidator() ?? (compiled ??= compileValidator());
  return validator;
}

function prebuiltValidator(): ValidateFunction | undefined {
  const require = createRequire(import.meta.url);
  let prebuilt: ValidateFunction & { schemaSha256?: string };
  try {
    prebuilt = require(join(PACKAGE_ROOT, 'dist', 'validate', 'model-spec-validator.cjs')) as typeof prebuilt;
  } catch {
    return undefined;
  }
  const sha = createHash('sha256').update(JSON.stringify(modelSpecSchema)).digest('hex');
  return prebuilt.schemaSha256 === sha ? prebuilt : undefined;
}

function compileValidator(): ValidateFunction {
  const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
  return new Ajv(AJV_OPTIONS).compile(modelSpecSchema as object);
}

/**
 * Checks the evaluated spec against the JSON Schema, so a spec that dodges the types (`as any`,
 * JavaScript, JSON) still fails cleanly, each error at its source line with the field path.
 * `prebuilt: false` compiles the schema at run time (the reference the prebuilt one is tested against).
 */
export function validateSchema(value: unknown, file: string, locations: LocationMap, opts: { prebuilt?: boolean } = {}): Diagnostic[] {
  const validate = getValidator(opts.prebuilt ?? true);
  if (validate(value)) return [];
  const errors = dropRedundant(validate.errors ?? []);
  return errors.map((e) => toDiagnostic(e, value, file, locations));
}

/** ajv reports an enum miss plus the anyOf/oneOf around it; keep the most specific error per path. */
function dropRedundant(errors: ErrorObject[]): ErrorObject[] {
  const specific = errors.filter((e) => !['anyOf', 'oneOf', 'if'].includes(e.keyword));
  const seen = new Set<string>();
  return specific.filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toDiagnostic(e: ErrorObject, root: unknown, file: string, locations: LocationMap): Diagnostic {
  const segments = e.instancePath.split('/').slice(1).map(decodePointer);
  const got = describe(valueAt(root, segments));
  const p = e.params as Record<string, unknown>;
  const base = (code: string, path: (string | number)[], message: string, hint?: string): Diagnostic => {
    const loc = locations.locate(path);
    return { severity: 'error', code, file, line: loc.line, column: loc.column, path: path.join('.'), message, ...(hint ? { hint } : {}) };
  };
  switch (e.keyword) {
    case 'additionalProperties': {
      const field = String(p.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      const guess = closest(field, known);
      return base('TRT010', [...segments, field], `unknown field "${field}"`,
        guess ? `did you mean "${guess}"?` : `known fields here: ${known.join(', ')}`);
    }
    case 'type':
      return base('TRT011', segments, `expected ${String(p.type)}, got ${got}`, schemaHint(e));
    case 'enum':
    case 'const': {
      const allowed = (e.keyword === 'enum' ? (p.allowedValues as unknown[]) : [p.allowedValue]);
      const guess = typeof valueAt(root, segments) === 'string'
        ? closest(String(valueAt(root, segments)), allowed.map(String)) : undefined;
      return base('TRT012', segments, `expected one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}, got ${got}`,
        guess ? `did you mean ${JSON.stringify(guess)}?` : schemaHint(e));
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const op = { minimum: '≥', maximum: '≤', exclusiveMinimum: '>', exclusiveMaximum: '<' }[e.keyword];
      return base('TRT013', segments, `must be ${op} ${String(p.limit)}, got ${got}`, schemaHint(e));
    }
    case 'required': {
      const field = String(p.missingProperty);
      return base('TRT014', segments, `missing required field "${[...segments, field].join('.')}"`,
        describeField((e.parentSchema as { properties?: Record<string, { description?: string }> })?.properties?.[field]?.description));
    }
    case 'pattern': {
      const field = e.parentSchema as { examples?: unknown[]; default?: unknown } | undefined;
      const example = field?.examples?.[0] ?? field?.default;
      return base('TRT015', segments, `must match ${String(p.pattern)}${example === undefined ? '' : ` (like ${JSON.stringify(example)})`}, got ${got}`, schemaHint(e));
    }
    default:
      return base('TRT015', segments, `${e.message ?? e.keyword}, got ${got}`, schemaHint(e));
  }
}

function schemaHint(e: ErrorObject): string | undefined {
  return describeField((e.parentSchema as { description?: string } | undefined)?.description);
}

function describeField(description: string | undefined): string | undefined {
  if (!description) return undefined;
  const first = description.split(/(?<=\.)\s/)[0] ?? description;
  return first.length > 160 ? `${first.slice(0, 157)}…` : first;
}

function decodePointer(s: string): string | number {
  const t = s.replace(/~1/g, '/').replace(/~0/g, '~');
  return /^\d+$/.test(t) ? Number(t) : t;
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let v: unknown = root;
  for (const k of path) v = v == null ? undefined : (v as Record<string | number, unknown>)[k];
  return v;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array (${JSON.stringify(v).slice(0, 40)})`;
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'number' && !Number.isFinite(v)) return `number ${String(v)}`;
  if (typeof v === 'bigint') return `bigint ${String(v)}n`;
  return `${typeof v} ${JSON.stringify(v)}`;
}
