// Tokenizer for the protobuf text format, plus `${name}` template placeholders.
import { PbtxtError } from './errors.js';
import { unescapeToBytes } from './text-escape.js';

export type TokenKind = 'ident' | 'number' | 'string' | 'symbol' | 'placeholder' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Source text; for placeholders the name inside `${...}`. */
  readonly text: string;
  /** Decoded bytes of a string literal. */
  readonly bytes?: Uint8Array;
  readonly line: number;
  readonly column: number;
}

// `.` and `/` only occur in `[ext.name]` / `[type.googleapis.com/T]` names, which the parser rejects politely.
const SYMBOLS = new Set(['{', '}', '<', '>', '[', ']', ':', ',', ';', '-', '.', '/']);
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
// Decimal/octal/hex integers and floats, with the optional `f` suffix protoc accepts.
const NUMBER = /(?:0[xX][0-9a-fA-F]+|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?[fF]?)/y;
const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/y;

/** Split `text` into tokens; `#` comments and whitespace are dropped. Ends with an `eof` token. */
export function tokenize(text: string, source?: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const fail = (at: number, reason: string): never => {
    throw new PbtxtError(reason, { path: '', line, column: at - lineStart + 1, ...(source ? { source } : {}) });
  };
  const push = (kind: TokenKind, start: number, end: number, extra: Partial<Token> = {}): void => {
    tokens.push({ kind, text: text.slice(start, end), line, column: start - lineStart + 1, ...extra });
    i = end;
  };
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (ch === '\n') {
      line++;
      lineStart = ++i;
    } else if (/\s/.test(ch)) {
      i++;
    } else if (ch === '#') {
      const eol = text.indexOf('\n', i);
      i = eol === -1 ? text.length : eol;
    } else if (ch === '"' || ch === "'") {
      const end = stringEnd(text, i, fail);
      const bytes = unescapeToBytes(text.slice(i + 1, end - 1), (off, reason) => fail(i + 1 + off, reason));
      push('string', i, end, { bytes });
    } else if (ch === '$') {
      const m = match(PLACEHOLDER, text, i);
      if (!m) fail(i, text[i + 1] === '{' ? 'malformed template placeholder (expected ${name})' : "unexpected character '$'");
      // The parser decides whether a placeholder is allowed (placeholders: 'keep') or an error.
      push('placeholder', i, i + (m?.[0].length ?? 0), { text: m?.[1] ?? '' });
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = match(NUMBER, text, i);
      const end = i + (m?.[0].length ?? 1);
      if (/[A-Za-z0-9_.]/.test(text[end] ?? '')) fail(i, `invalid number "${text.slice(i, end + 1)}"`);
      push('number', i, end);
    } else if (/[A-Za-z_]/.test(ch)) {
      push('ident', i, i + (match(IDENT, text, i)?.[0].length ?? 1));
    } else if (SYMBOLS.has(ch)) {
      push('symbol', i, i + 1);
    } else {
      fail(i, `unexpected character ${JSON.stringify(ch)}`);
    }
  }
  tokens.push({ kind: 'eof', text: '', line, column: i - lineStart + 1 });
  return tokens;
}

function match(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

/** Index just past the closing quote; literals may not span lines (as in protoc). */
function stringEnd(text: string, start: number, fail: (at: number, reason: string) => never): number {
  const quote = text[start];
  for (let j = start + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\' && text[j + 1] !== '\n') j++;
    else if (c === quote) return j + 1;
    else if (c === '\n') break;
  }
  return fail(start, 'unterminated string literal');
}
