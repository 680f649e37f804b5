// String literals of the protobuf text format: escaping for the writer, unescaping for the lexer.
// Escapes follow protobuf's CEscape/CUnescape (text_format.cc / strutil.cc).

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/**
 * Escape a JS string for a double-quoted literal. Printable UTF-8 text is kept as is (like
 * protoc's `Utf8SafeCEscape`), so names and paths stay readable; control characters
 * (C0, DEL, C1) become octal escapes of their UTF-8 bytes.
 */
export function escapeString(s: string): string {
  let out = '';
  for (const ch of s) {
    const simple = SIMPLE_ESCAPES[ch];
    if (simple !== undefined) out += simple;
    else if (isControl(ch.codePointAt(0) ?? 0)) out += octalBytes(new TextEncoder().encode(ch));
    else out += ch;
  }
  return out;
}

/** Escape raw bytes (for `bytes` fields): printable ASCII as is, everything else octal. */
export function escapeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    const simple = SIMPLE_ESCAPES[ch];
    if (simple !== undefined) out += simple;
    else if (b >= 0x20 && b < 0x7f) out += ch;
    else out += octalBytes([b]);
  }
  return out;
}

function isControl(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

function octalBytes(bytes: Iterable<number>): string {
  let out = '';
  for (const b of bytes) out += `\\${b.toString(8).padStart(3, '0')}`;
  return out;
}

const CHAR_ESCAPES: Readonly<Record<string, number>> = {
  a: 0x07, b: 0x08, f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09, v: 0x0b,
  '\\': 0x5c, "'": 0x27, '"': 0x22, '?': 0x3f,
};

/**
 * Decode the body of a string literal (without quotes) to bytes. Escapes can produce
 * arbitrary bytes (`\377`), so the result is bytes; string fields then decode it as UTF-8.
 * `fail(offset, reason)` reports a bad escape at an offset into `body` and must throw.
 */
export function unescapeToBytes(body: string, fail: (offset: number, reason: string) => never): Uint8Array {
  const out: number[] = [];
  const encoder = new TextEncoder();
  let i = 0;
  while (i < body.length) {
    // Copy the run of plain text up to the next backslash as UTF-8.
    const backslash = body.indexOf('\\', i);
    const end = backslash === -1 ? body.length : backslash;
    if (end > i) {
      for (const b of encoder.encode(body.slice(i, end))) out.push(b);
      i = end;
      continue;
    }
    const start = i;
    const e = body[i + 1] ?? '';
    i += 2;
    const simple = CHAR_ESCAPES[e];
    if (simple !== undefined) {
      out.push(simple);
    } else if (/[0-7]/.test(e)) {
      const digits = e + (/^[0-7]{0,2}/.exec(body.slice(i))?.[0] ?? '');
      i += digits.length - 1;
      const value = parseInt(digits, 8);
      if (value > 0xff) fail(start, `octal escape \\${digits} is larger than a byte`);
      out.push(value);
    } else if (e === 'x' || e === 'X') {
      const digits = /^[0-9a-fA-F]{1,2}/.exec(body.slice(i))?.[0];
      if (!digits) fail(start, '\\x escape needs hex digits');
      i += digits.length;
      out.push(parseInt(digits, 16));
    } else if (e === 'u' || e === 'U') {
      const [cpOut, next] = unicodeEscape(body, start, e === 'u' ? 4 : 8, fail);
      for (const b of encoder.encode(String.fromCodePoint(cpOut))) out.push(b);
      i = next;
    } else {
      fail(start, `unknown escape sequence \\${e}`);
    }
  }
  return Uint8Array.from(out);
}

/** `\uXXXX` (with a following `\uXXXX` low surrogate if needed) or `\UXXXXXXXX`. */
function unicodeEscape(
  body: string,
  start: number,
  width: number,
  fail: (offset: number, reason: string) => never,
): [number, number] {
  const hex = body.slice(start + 2, start + 2 + width);
  if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) fail(start, `\\${body[start + 1]} escape needs ${width} hex digits`);
  let cp = parseInt(hex, 16);
  let next = start + 2 + width;
  if (cp >= 0xd800 && cp <= 0xdbff) {
    const low = /^\\u([dD][c-fC-F][0-9a-fA-F]{2})/.exec(body.slice(next));
    if (!low?.[1]) fail(start, 'unpaired surrogate in \\u escape');
    cp = 0x10000 + ((cp - 0xd800) << 10) + (parseInt(low[1], 16) - 0xdc00);
    next += 6;
  } else if ((cp >= 0xdc00 && cp <= 0xdfff) || cp > 0x10ffff) {
    fail(start, `invalid code point U+${hex.toUpperCase()} in escape`);
  }
  return [cp, next];
}
