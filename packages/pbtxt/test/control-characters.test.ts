// Control characters in string values: the written config.pbtxt must show every one as an escape
// (a raw U+0085 NEXT LINE or U+009B CSI in a config is invisible in review and can rewrite a
// terminal), and still mean the same string to protoc. "Control character" is Unicode's own
// general category Cc (C0, DEL and C1), not the writer's list.
import { describe, expect, it } from 'vitest';
import { canonicalize, parsePbtxt, writePbtxt } from '../src/index.js';
import { decodeWire, protocEncode } from './helpers.js';

const CONTROLS = Array.from({ length: 0x100 }, (_, cp) => String.fromCodePoint(cp)).filter((ch) => /\p{Cc}/u.test(ch));
const config = (value: string) => ({ name: 'm', parameters: { [`key${value}`]: { string_value: `a${value}b` } } });
/** The written text minus the line breaks that separate fields (the only raw control characters allowed). */
const body = (text: string) => text.replace(/\n/g, '');

describe('control characters in strings are written as escapes', () => {
  it('Unicode Cc covers C0, DEL and C1 (65 characters)', () => {
    expect(CONTROLS).toHaveLength(65);
    expect(CONTROLS).toEqual(expect.arrayContaining(['\u0000', '\u001f', '\u007f', '\u0080', '\u0085', '\u009b', '\u009f']));
  });

  it.each(CONTROLS.map((ch) => [`U+${ch.codePointAt(0)!.toString(16).padStart(4, '0').toUpperCase()}`, ch] as const))('%s: no raw control character in the output; it reads back the same', (_, ch) => {
    const text = writePbtxt(config(ch));
    expect([...body(text)].filter((c) => /\p{Cc}/u.test(c)).map((c) => c.codePointAt(0))).toEqual([]);
    expect(canonicalize(parsePbtxt(text))).toEqual(canonicalize(config(ch)));
  });

  it('protoc decodes all of them, escaped, to the original string', () => {
    const all = CONTROLS.join('');
    const result = protocEncode(writePbtxt(config(all)));
    expect(result.stderr).toBe('');
    expect(canonicalize(decodeWire(result.wire))).toEqual(canonicalize(config(all)));
  });
});
