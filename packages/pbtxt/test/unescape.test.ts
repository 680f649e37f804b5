import { describe, expect, it } from 'vitest';
import { unescapeToBytes } from '../src/text-escape.js';

// Escapes as protobuf's CUnescape (strutil.cc) reads them: \a \b \f \n \r \t \v \\ \' \" \?,
// octal with 1–3 digits, \x with 1–2 hex digits, \u with 4 and \U with 8 hex digits.

class EscapeError extends Error {
  constructor(readonly offset: number, reason: string) {
    super(reason);
  }
}
const fail = (offset: number, reason: string): never => {
  throw new EscapeError(offset, reason);
};
const bytes = (body: string) => [...unescapeToBytes(body, fail)];
const text = (body: string) => new TextDecoder().decode(unescapeToBytes(body, fail));
const error = (body: string) => {
  try {
    unescapeToBytes(body, fail);
  } catch (e) {
    if (e instanceof EscapeError) return { offset: e.offset, reason: e.message };
    throw e;
  }
  return undefined;
};

describe('unescapeToBytes', () => {
  it('copies plain text as UTF-8 around escapes', () => {
    expect(text('')).toBe('');
    expect(text('ab é')).toBe('ab é');
    expect(bytes('é\\n')).toEqual([0xc3, 0xa9, 0x0a]);
  });

  it('named escapes', () => {
    expect(bytes('\\a\\b\\f\\n\\r\\t\\v\\\\\\\'\\"\\?')).toEqual([7, 8, 12, 10, 13, 9, 11, 0x5c, 0x27, 0x22, 0x3f]);
  });

  it('octal escapes take at most three digits', () => {
    expect(bytes('\\0')).toEqual([0]);
    expect(bytes('\\12')).toEqual([0o12]);
    expect(bytes('\\123')).toEqual([0o123]);
    expect(bytes('\\1234')).toEqual([0o123, 0x34]);
    expect(bytes('\\18')).toEqual([1, 0x38]);
    expect(bytes('\\377')).toEqual([0xff]);
    expect(bytes('\\302\\205')).toEqual([0xc2, 0x85]);
  });

  it('an octal escape above 255 is an error at the backslash', () => {
    expect(error('ab\\400')).toEqual({ offset: 2, reason: 'octal escape \\400 is larger than a byte' });
  });

  it('hex escapes take one or two digits, \\x or \\X', () => {
    expect(bytes('\\x7')).toEqual([7]);
    expect(bytes('\\x41')).toEqual([0x41]);
    expect(bytes('\\X4a')).toEqual([0x4a]);
    expect(bytes('\\xFFf')).toEqual([0xff, 0x66]);
    expect(error('a\\xg')).toEqual({ offset: 1, reason: '\\x escape needs hex digits' });
    expect(error('\\xg1')).toEqual({ offset: 0, reason: '\\x escape needs hex digits' });
  });

  it('\\u and \\U escapes become UTF-8, surrogate pairs combined', () => {
    expect(text('\\u00e9')).toBe('é');
    expect(text('\\u0041B')).toBe('AB');
    expect(text('\\U0001F600')).toBe('😀');
    expect(text('\\ud83d\\ude00')).toBe('😀');
    expect(text('\\uD800\\uDC00')).toBe('\u{10000}');
    expect(text('\\udbff\\udfff')).toBe('\u{10ffff}');
    expect(text('\\ud7ff')).toBe('\ud7ff');
    expect(text('\\ue000')).toBe('\ue000');
    expect(text('\\U0010FFFF')).toBe('\u{10ffff}');
  });

  it('bad \\u escapes are errors at the backslash', () => {
    expect(error('x\\u12')).toEqual({ offset: 1, reason: '\\u escape needs 4 hex digits' });
    expect(error('\\U1234567')).toEqual({ offset: 0, reason: '\\U escape needs 8 hex digits' });
    expect(error('\\u12g4')).toEqual({ offset: 0, reason: '\\u escape needs 4 hex digits' });
    expect(error('\\ud800')).toEqual({ offset: 0, reason: 'unpaired surrogate in \\u escape' });
    expect(error('\\ud800x\\udc00')).toEqual({ offset: 0, reason: 'unpaired surrogate in \\u escape' });
    expect(error('\\udbff\\u0041')).toEqual({ offset: 0, reason: 'unpaired surrogate in \\u escape' });
    expect(error('\\udc00')).toEqual({ offset: 0, reason: 'invalid code point U+DC00 in escape' });
    expect(error('\\udfff')).toEqual({ offset: 0, reason: 'invalid code point U+DFFF in escape' });
    expect(error('\\U00110000')).toEqual({ offset: 0, reason: 'invalid code point U+00110000 in escape' });
  });

  it('an unknown escape, or a lone backslash at the end, is an error', () => {
    expect(error('ab\\q')).toEqual({ offset: 2, reason: 'unknown escape sequence \\q' });
    expect(error('ab\\')).toEqual({ offset: 2, reason: 'unknown escape sequence \\' });
  });
});
