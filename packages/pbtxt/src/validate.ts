// Strict check of a plain JS config object against the schema. Used by the writer and by
// canonicalize(), because protobufjs' own fromObject() silently drops unknown fields and
// coerces wrong types, which is exactly what a config compiler must not do.
import type { Enum, Field, Type } from 'protobufjs';
import { PbtxtError } from './errors.js';
import { fieldPath, indexPath, keyPath } from './path.js';
import { FLOAT32_MAX, intRangeProblem, intToJs, is64Bit, intRange } from './scalars.js';
import { enumOf, fieldNames, mapKeyType, messageTypeOf, ownField } from './schema.js';
import { hint } from './suggest.js';

/** A plain JS message: field name → value, as the writer accepts and the reader returns. */
export type PlainMessage = Record<string, unknown>;

/**
 * Check `value` against `type` and return a normalized copy: fields in declaration order,
 * `undefined`/`null` fields dropped, integers as numbers (or decimal strings beyond 2^53),
 * map keys in their canonical spelling. Throws PbtxtError at the first problem.
 */
export function checkMessage(type: Type, value: unknown, path: string): PlainMessage {
  if (!isPlainObject(value)) throw fail(path, `expected a ${typeLabel(type)} message object, got ${describe(value)}`);
  rejectPlaceholder(value, path);
  for (const key of Object.keys(value)) {
    if (!ownField(type, key)) {
      throw fail(fieldPath(path, key), `unknown field "${key}" in ${typeLabel(type)}; ${hint(key, fieldNames(type), 'fields')}`);
    }
  }
  const out: PlainMessage = {};
  const oneofs = new Map<string, string>();
  for (const field of type.fieldsArray) {
    const v = value[field.name];
    if (v === undefined || v === null) continue;
    const group = field.partOf;
    if (group) {
      const other = oneofs.get(group.name);
      if (other) throw fail(fieldPath(path, field.name), `"${field.name}" and "${other}" are both set, but only one member of oneof "${group.name}" may be`);
      oneofs.set(group.name, field.name);
    }
    setOwn(out, field.name, checkField(field, v, fieldPath(path, field.name)));
  }
  return out;
}

function checkField(field: Field, value: unknown, path: string): unknown {
  if (field.map) return checkMap(field, value, path);
  if (!field.repeated) return checkSingle(field, value, path);
  if (!Array.isArray(value)) throw fail(path, `expected an array for repeated field "${field.name}", got ${describe(value)}`);
  return value.map((el: unknown, i) => {
    if (el === undefined || el === null) throw fail(indexPath(path, i), `repeated field elements must not be ${String(el)}`);
    return checkSingle(field, el, indexPath(path, i));
  });
}

/** One value of a field (or of a map's value type): message, enum or scalar. */
function checkSingle(field: Field, value: unknown, path: string): unknown {
  if (isPlainObject(value)) rejectPlaceholder(value, path);
  const message = messageTypeOf(field);
  if (message) return checkMessage(message, value, path);
  const en = enumOf(field);
  if (en) return checkEnum(en, value, path);
  return checkScalar(field.type, value, path);
}

function checkMap(field: Field, value: unknown, path: string): PlainMessage {
  if (!isPlainObject(value)) throw fail(path, `expected a plain object keyed by map key for map field "${field.name}", got ${describe(value)}`);
  const keyType = mapKeyType(field) ?? 'string';
  const out: PlainMessage = {};
  for (const [key, v] of Object.entries(value)) {
    const keyIsString = keyType === 'string';
    const entryPath = keyPath(path, key, keyIsString);
    const canonicalKey = checkMapKey(keyType, key, entryPath);
    if (Object.hasOwn(out, canonicalKey)) throw fail(entryPath, `map key ${canonicalKey} given twice (as different spellings)`);
    if (v === undefined || v === null) continue;
    setOwn(out, canonicalKey, checkSingle(field, v, entryPath));
  }
  return out;
}

/** JS object keys are strings; integer and bool map keys must spell a value of the key type. */
function checkMapKey(keyType: string, key: string, path: string): string {
  if (keyType === 'string') return checkScalar('string', key, path) as string;
  if (keyType === 'bool') {
    if (key !== 'true' && key !== 'false') throw fail(path, `map key must be "true" or "false" for bool keys`);
    return key;
  }
  if (!/^(0|-?[1-9]\d*)$/.test(key)) throw fail(path, `map key "${key}" is not a decimal ${keyType}`);
  const problem = intRangeProblem(keyType, BigInt(key));
  if (problem) throw fail(path, `map key ${problem}`);
  return key;
}

function checkEnum(en: Enum, value: unknown, path: string): string {
  const names = Object.keys(en.values);
  if (typeof value !== 'string') throw fail(path, `expected an enum ${en.name} value name (string), got ${describe(value)}; valid names: ${names.join(', ')}`);
  if (!Object.hasOwn(en.values, value)) throw fail(path, `"${value}" is not a value of enum ${en.name}; ${hint(value, names, 'names')}`);
  return value;
}

/** Check one scalar. Exported for the reader's map-key handling and for tests. */
export function checkScalar(type: string, value: unknown, path: string): unknown {
  if (intRange(type)) return checkInt(type, value, path);
  switch (type) {
    case 'bool':
      if (typeof value !== 'boolean') throw fail(path, `expected a boolean for bool, got ${describe(value)}`);
      return value;
    case 'string':
      if (typeof value !== 'string') throw fail(path, `expected a string, got ${describe(value)}`);
      if (/\p{Cs}/u.test(value)) throw fail(path, 'string contains a lone UTF-16 surrogate and cannot be encoded as UTF-8');
      return value;
    case 'bytes':
      if (!(value instanceof Uint8Array)) throw fail(path, `expected a Uint8Array for bytes, got ${describe(value)}`);
      return value;
    case 'float':
    case 'double':
      if (typeof value !== 'number') throw fail(path, `expected a number for ${type}, got ${describe(value)}`);
      if (type === 'float' && Number.isFinite(value) && Math.abs(value) > FLOAT32_MAX) throw fail(path, `${value} is out of range for float`);
      return value;
    default:
      throw fail(path, `unsupported scalar type ${type}`);
  }
}

function checkInt(type: string, value: unknown, path: string): number | string {
  let big: bigint;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw fail(path, `expected an integer for ${type}, got ${value}`);
    if (!Number.isSafeInteger(value)) throw fail(path, `${value} is beyond 2^53 and may have lost precision; pass a bigint or a decimal string`);
    big = BigInt(value);
  } else if (is64Bit(type) && typeof value === 'bigint') {
    big = value;
  } else if (is64Bit(type) && typeof value === 'string' && /^-?\d+$/.test(value)) {
    big = BigInt(value);
  } else {
    const accepted = is64Bit(type) ? 'an integer number, bigint or decimal string' : 'an integer number';
    throw fail(path, `expected ${accepted} for ${type}, got ${describe(value)}`);
  }
  const problem = intRangeProblem(type, big);
  if (problem) throw fail(path, problem);
  return intToJs(big);
}

/** `{ $placeholder: 'x' }` is how parsePbtxt(..., { placeholders: 'keep' }) marks `${x}`. */
function rejectPlaceholder(value: Record<string, unknown>, path: string): void {
  if (Object.hasOwn(value, '$placeholder')) {
    throw fail(path, `unfilled template placeholder \${${String(value.$placeholder)}}`);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Assign without tripping over keys like `__proto__` (map keys are user data). */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

export function typeLabel(type: Type): string {
  return type.fullName.replace(/^\./, '');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (value instanceof Uint8Array) return 'a Uint8Array';
  if (typeof value === 'object') return isPlainObject(value) ? 'an object' : `a ${value.constructor?.name ?? 'non-plain'} object`;
  return typeof value;
}

function fail(path: string, reason: string): PbtxtError {
  return new PbtxtError(reason, { path });
}
