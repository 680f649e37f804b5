// Reading one scalar value (string, number, bool, enum) from the token stream, checked
// against the field's type with the same rules as the writer.
import type { Enum } from 'protobufjs';
import { show, type Cursor } from './cursor.js';
import type { Token } from './lexer.js';
import { FLOAT32_MAX, intRange, intRangeProblem, intToJs, isFloatType } from './scalars.js';
import { hint } from './suggest.js';

const TRUE = new Set(['true', 'True', 't']);
const FALSE = new Set(['false', 'False', 'f']);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Read a value of scalar `type` (or of enum `en`); `path` is only for messages. */
export function readScalar(cur: Cursor, type: string, en: Enum | null, path: string): unknown {
  if (type === 'string' || type === 'bytes') return readString(cur, type, path);
  const minus = cur.isSymbol('-') ? cur.next(path) : undefined;
  const tok = cur.next(path);
  if (minus && tok.kind !== 'number' && tok.kind !== 'ident') throw cur.fail(tok, `expected a number after "-", got ${show(tok)}`, path);
  const negative = minus !== undefined;
  if (en) return readEnum(cur, en, tok, negative, path);
  if (type === 'bool') {
    if (!negative && (TRUE.has(tok.text) || tok.text === '1')) return true;
    if (!negative && (FALSE.has(tok.text) || tok.text === '0')) return false;
    throw cur.fail(tok, `expected true or false for bool, got ${show(tok)}`, path);
  }
  if (intRange(type)) {
    const big = parseInteger(tok);
    if (big === undefined) throw cur.fail(tok, `expected an integer for ${type}, got ${show(tok)}`, path);
    const value = negative ? -big : big;
    const problem = intRangeProblem(type, value);
    if (problem) throw cur.fail(minus ?? tok, problem, path);
    return intToJs(value);
  }
  if (isFloatType(type)) return readFloat(cur, type, tok, negative, path);
  throw cur.fail(tok, `unsupported scalar type ${type}`, path);
}

/** One or more adjacent string literals, concatenated (as in C and protoc). */
function readString(cur: Cursor, type: string, path: string): string | Uint8Array {
  const first = cur.next(path);
  if (first.kind !== 'string' || !first.bytes) throw cur.fail(first, `expected a quoted string for ${type}, got ${show(first)}`, path);
  const parts = [first.bytes];
  while (cur.peek().kind === 'string') parts.push(cur.next(path).bytes ?? new Uint8Array());
  const bytes = concat(parts);
  if (type === 'bytes') return bytes;
  try {
    return utf8.decode(bytes);
  } catch {
    throw cur.fail(first, 'string is not valid UTF-8 (use escapes only for UTF-8 sequences in string fields)', path);
  }
}

/** Enum values by name, or by number when the number names a declared value. */
function readEnum(cur: Cursor, en: Enum, tok: Token, negative: boolean, path: string): string {
  const names = Object.keys(en.values);
  if (tok.kind === 'ident' && !negative) {
    if (Object.hasOwn(en.values, tok.text)) return tok.text;
    throw cur.fail(tok, `"${tok.text}" is not a value of enum ${en.name}; ${hint(tok.text, names, 'names')}`, path);
  }
  const big = parseInteger(tok);
  const id = big === undefined ? undefined : Number(negative ? -big : big);
  const name = id === undefined ? undefined : en.valuesById[id];
  if (name !== undefined) return name;
  throw cur.fail(tok, `expected a value name of enum ${en.name}, got ${negative ? '-' : ''}${show(tok)}; valid names: ${names.join(', ')}`, path);
}

function readFloat(cur: Cursor, type: string, tok: Token, negative: boolean, path: string): number {
  let value: number;
  const word = tok.text.toLowerCase();
  if (tok.kind === 'ident' && (word === 'inf' || word === 'infinity')) value = Infinity;
  else if (tok.kind === 'ident' && word === 'nan') value = NaN;
  else if (tok.kind === 'number') value = Number(parseInteger(tok) ?? Number(tok.text.replace(/[fF]$/, '')));
  else throw cur.fail(tok, `expected a number for ${type}, got ${show(tok)}`, path);
  if (type === 'float' && Number.isFinite(value) && Math.abs(value) > FLOAT32_MAX) {
    throw cur.fail(tok, `${tok.text} is out of range for float`, path);
  }
  return negative ? -value : value;
}

/** Integer literal → bigint, honouring protoc's hex (`0x1F`) and octal (`017`) forms. */
function parseInteger(tok: Token): bigint | undefined {
  if (tok.kind !== 'number') return undefined;
  const t = tok.text;
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return BigInt(t);
  if (/^0[0-7]+$/.test(t)) return BigInt(`0o${t.slice(1)}`);
  if (/^(0|[1-9]\d*)$/.test(t)) return BigInt(t);
  return undefined;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
