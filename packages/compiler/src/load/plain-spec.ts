import type { LocationData } from './locations.js';

/**
 * A spec written as plain data, read without TypeScript: exactly
 *
 *     import { defineModel } from '@trtforge/spec';
 *     export default defineModel({ ...object literal of literals... });
 *
 * with comments anywhere between tokens. Values are object and array literals, strings, numbers
 * (optionally negated), true, false and null; keys are identifiers or strings. For such a file
 * TypeScript has nothing to check but whether the literal fits ModelSpec — which the JSON Schema,
 * generated from the same types, decides too — so a spec that is read here and passes the schema
 * needs no type-check (load-specs.ts). Anything outside this deliberately small subset (an
 * expression, a spread, a second statement, a duplicate key, an escape other than the common ones,
 * a `@ts-` directive, …) returns undefined and the spec is type-checked as before; the subset only
 * holds syntax TypeScript itself accepts without error in strict mode, with the value a JavaScript
 * engine would give it.
 */
export interface PlainSpec {
  value: Record<string, unknown>;
  /** The same field locations LocationMap.fromSourceFile finds in TypeScript's tree. */
  locations: LocationData;
}

/** Deeper nesting than this is left to the evaluator (which refuses beyond 32 levels). */
const MAX_DEPTH = 24;

export function parsePlainSpec(source: string): PlainSpec | undefined {
  // TypeScript breaks lines at U+2028/U+2029 too; leaving them out keeps line counting trivial.
  if (/[\u2028\u2029]/.test(source)) return undefined;
  try {
    return new PlainReader(source).file();
  } catch (err) {
    if (err instanceof NotPlain) return undefined;
    throw err;
  }
}

class NotPlain extends Error {}

const IDENTIFIER = /[A-Za-z_$][A-Za-z0-9_$]*/y;
const NUMBER = /(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?(?![A-Za-z0-9_$.])/y;
const ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', n: '\n', r: '\r', t: '\t' };

class PlainReader {
  private pos = 0;
  private readonly fields: LocationData['fields'] = [];
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) this.lineStarts.push(i + 1);
    }
  }

  file(): PlainSpec {
    this.keyword('import');
    this.punct('{');
    this.keyword('defineModel');
    this.punct('}');
    this.keyword('from');
    this.trivia();
    if (this.string() !== '@trtforge/spec') throw new NotPlain();
    this.statementEnd(true);
    this.keyword('export');
    this.keyword('default');
    this.keyword('defineModel');
    this.punct('(');
    this.trivia();
    const rootStart = this.pos;
    if (this.text[this.pos] !== '{') throw new NotPlain();
    const value = this.value([], 0) as Record<string, unknown>;
    this.punct(')');
    this.statementEnd(false);
    this.trivia();
    if (this.pos !== this.text.length) throw new NotPlain();
    return { value, locations: { root: this.location(rootStart), fields: this.fields } };
  }

  /** `;`, or (for a statement followed by another) a line break before the next token, as ASI allows. */
  private statementEnd(more: boolean): void {
    const before = this.pos;
    this.trivia();
    if (this.text[this.pos] === ';') {
      this.pos++;
      return;
    }
    if (more && !/[\n\r]/.test(this.text.slice(before, this.pos))) throw new NotPlain();
  }

  private value(path: Array<string | number>, depth: number): unknown {
    this.trivia();
    if (depth > MAX_DEPTH) throw new NotPlain();
    const c = this.text[this.pos];
    if (c === '{') return this.object(path, depth);
    if (c === '[') return this.array(path, depth);
    if (c === "'" || c === '"') return this.string();
    if (c === '-') {
      this.pos++;
      return -this.number();
    }
    if (c !== undefined && c >= '0' && c <= '9') return this.number();
    const word = this.identifier();
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    throw new NotPlain();
  }

  private object(path: Array<string | number>, depth: number): Record<string, unknown> {
    this.pos++; // {
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    for (;;) {
      this.trivia();
      if (this.text[this.pos] === '}') break;
      const start = this.pos;
      const { key, written } = this.key();
      // A repeated key is an error in strict TypeScript; `__proto__` sets the prototype instead of a field.
      if (seen.has(key) || key === '__proto__') throw new NotPlain();
      seen.add(key);
      this.punct(':');
      const childPath = [...path, written];
      const field = this.open(childPath, start);
      out[key] = this.value(childPath, depth + 1);
      field.end = this.pos;
      this.trivia();
      if (this.text[this.pos] === ',') this.pos++;
      else if (this.text[this.pos] !== '}') throw new NotPlain();
    }
    this.pos++; // }
    return out;
  }

  private array(path: Array<string | number>, depth: number): unknown[] {
    this.pos++; // [
    const out: unknown[] = [];
    for (;;) {
      this.trivia();
      if (this.text[this.pos] === ']') break;
      const childPath = [...path, out.length];
      const field = this.open(childPath, this.pos);
      out.push(this.value(childPath, depth + 1));
      field.end = this.pos;
      this.trivia();
      if (this.text[this.pos] === ',') this.pos++;
      else if (this.text[this.pos] !== ']') throw new NotPlain();
    }
    this.pos++; // ]
    return out;
  }

  /** Records a field where LocationMap does: its start, line and column now, its end once read. */
  private open(path: Array<string | number>, start: number): LocationData['fields'][number] {
    const field = { path: path.join('.'), ...this.location(start), start, end: start };
    this.fields.push(field);
    return field;
  }

  /** A key as the object has it, and as LocationMap writes it (the source text without its quotes). */
  private key(): { key: string; written: string } {
    const c = this.text[this.pos];
    if (c === "'" || c === '"') {
      const start = this.pos;
      const key = this.string();
      const raw = this.text.slice(start + 1, this.pos - 1);
      if (raw.includes('\\')) throw new NotPlain();
      return { key, written: raw };
    }
    const key = this.identifier();
    return { key, written: key };
  }

  private string(): string {
    const quote = this.text[this.pos];
    if (quote !== "'" && quote !== '"') throw new NotPlain();
    let out = '';
    for (let i = this.pos + 1; i < this.text.length; i++) {
      const c = this.text[i]!;
      if (c === quote) {
        this.pos = i + 1;
        return out;
      }
      if (c === '\n' || c === '\r') break;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.text[++i];
      if (e !== undefined && e in ESCAPES) out += ESCAPES[e];
      else if (e === 'u' && /^[0-9A-Fa-f]{4}$/.test(this.text.slice(i + 1, i + 5))) {
        out += String.fromCharCode(parseInt(this.text.slice(i + 1, i + 5), 16));
        i += 4;
      } else break;
    }
    throw new NotPlain();
  }

  private number(): number {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (!m) throw new NotPlain();
    this.pos += m[0].length;
    return Number(m[0]);
  }

  private identifier(): string {
    IDENTIFIER.lastIndex = this.pos;
    const m = IDENTIFIER.exec(this.text);
    // An identifier running on into a non-ASCII letter or escape is one this reader does not know.
    if (!m || /[^\x00-\x7f]|\\/.test(this.text[this.pos + m[0].length] ?? '')) throw new NotPlain();
    this.pos += m[0].length;
    return m[0];
  }

  private keyword(word: string): void {
    this.trivia();
    if (this.identifier() !== word) throw new NotPlain();
  }

  private punct(c: string): void {
    this.trivia();
    if (this.text[this.pos] !== c) throw new NotPlain();
    this.pos++;
  }

  /** Spaces, tabs, line breaks and comments; a comment that could be a directive (`@ts-…`, `///`, `#!`) ends the fast path. */
  private trivia(): void {
    const t = this.text;
    for (;;) {
      const c = t[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.pos++;
      else if (c === '/' && t[this.pos + 1] === '/') {
        const end = t.slice(this.pos).search(/[\n\r]/);
        const comment = end < 0 ? t.slice(this.pos) : t.slice(this.pos, this.pos + end);
        if (comment.startsWith('///') || comment.includes('@ts-')) throw new NotPlain();
        this.pos += comment.length;
      } else if (c === '/' && t[this.pos + 1] === '*') {
        const end = t.indexOf('*/', this.pos + 2);
        if (end < 0 || t.slice(this.pos, end).includes('@ts-')) throw new NotPlain();
        this.pos = end + 2;
      } else return;
    }
  }

  /** 1-based line and UTF-16 column, as TypeScript's getLineAndCharacterOfPosition counts them. */
  private location(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo]! + 1 };
  }
}
