import { describe, expect, it } from 'vitest';
import { writePbtxt } from '../src/index.js';
import { formatFloat, intRange, intRangeProblem, intToJs, is64Bit, isFloatType } from '../src/scalars.js';
import { escapeBytes, escapeString } from '../src/text-escape.js';
import { sortMapKeys } from '../src/writer.js';

// Expected spellings follow protobuf's CEscape (strutil.cc): \" \\ \n \r \t as named escapes,
// other control bytes as three-digit octal; text_format prints floats' specials as inf / -inf / nan.

describe('escapeString: control characters become octal escapes of their UTF-8 bytes', () => {
  it('C0 controls other than \\n \\r \\t', () => {
    expect(escapeString('\u0000')).toBe('\\000');
    expect(escapeString('\u0001\u0007\u000b\u001b\u001f')).toBe('\\001\\007\\013\\033\\037');
  });

  it('DEL and every C1 control (U+0080–U+009F, two UTF-8 bytes each)', () => {
    expect(escapeString('\u007f')).toBe('\\177');
    expect(escapeString('\u0080')).toBe('\\302\\200');
    expect(escapeString('\u0085')).toBe('\\302\\205');
    expect(escapeString('\u009b')).toBe('\\302\\233');
    expect(escapeString('\u009f')).toBe('\\302\\237');
  });

  it('the printable neighbours of the control ranges stay as they are', () => {
    expect(escapeString(' ~\u00a0\u00ff')).toBe(' ~\u00a0\u00ff');
  });

  it('quote, backslash, newline, carriage return and tab use the named escapes', () => {
    expect(escapeString('"\\\n\r\t')).toBe('\\"\\\\\\n\\r\\t');
  });

  it('keeps printable UTF-8 (accents, CJK, astral plane) and ASCII untouched, between escapes', () => {
    expect(escapeString('a\u0085é漢😀\u0001z')).toBe('a\\302\\205é漢😀\\001z');
    expect(escapeString('')).toBe('');
  });
});

describe('escapeBytes: printable ASCII as is, every other byte octal', () => {
  it('escapes by byte value', () => {
    const bytes = Uint8Array.from([0x00, 0x01, 0x1f, 0x20, 0x41, 0x7e, 0x7f, 0x80, 0xc3, 0xff]);
    expect(escapeBytes(bytes)).toBe('\\000\\001\\037 A~\\177\\200\\303\\377');
  });

  it('uses the named escapes for quote, backslash, newline, carriage return and tab', () => {
    expect(escapeBytes(Uint8Array.from([0x22, 0x5c, 0x0a, 0x0d, 0x09]))).toBe('\\"\\\\\\n\\r\\t');
  });
});

describe('writePbtxt: escaping reaches the file', () => {
  it('string fields, repeated strings and string map keys are escaped', () => {
    const text = writePbtxt({
      name: 'a\u0085b',
      input: [{ name: 'x', data_type: 'TYPE_STRING', dims: [1] }],
      parameters: { 'k"\u0090': { string_value: 'v\u0080' } },
      model_operations: { op_library_filename: ['x\u009fy', 'plain'] },
    });
    expect(text).toContain('name: "a\\302\\205b"\n');
    expect(text).toContain('  key: "k\\"\\302\\220"\n');
    expect(text).toContain('    string_value: "v\\302\\200"\n');
    expect(text).toContain('  op_library_filename: [ "x\\302\\237y", "plain" ]\n');
  });
});

describe('writePbtxt: layout', () => {
  it('header lines split on \\n and \\r\\n; an empty header adds nothing', () => {
    expect(writePbtxt({ name: 'm' }, { header: ['one\r\ntwo\nthree'] })).toBe('# one\n# two\n# three\n\nname: "m"\n');
    expect(writePbtxt({ name: 'm' }, { header: [] })).toBe('name: "m"\n');
    expect(writePbtxt({ name: 'm' }, {})).toBe('name: "m"\n');
  });

  it('repeated messages: comma after every element but the last, empty ones as {}', () => {
    const text = writePbtxt({ instance_group: [{ count: 1 }, {}, { count: 3, kind: 'KIND_GPU', gpus: [0, 1] }] });
    expect(text).toBe(
      [
        'instance_group [',
        '  {',
        '    count: 1',
        '  },',
        '  {},',
        '  {',
        '    kind: KIND_GPU',
        '    count: 3',
        '    gpus: [ 0, 1 ]',
        '  }',
        ']',
        '',
      ].join('\n'),
    );
  });

  it('nested messages indent two spaces per level and close at their own level', () => {
    const text = writePbtxt({ optimization: { cuda: { graphs: true, busy_wait_events: false } } });
    expect(text).toBe('optimization {\n  cuda {\n    graphs: true\n    busy_wait_events: false\n  }\n}\n');
  });

  it('integer map keys are written bare and ordered numerically, past 2^53', () => {
    const text = writePbtxt({
      dynamic_batching: { priority_queue_policy: { '18446744073709551615': {}, '10': { max_queue_size: 2 }, '9': {} } },
    });
    const keys = [...text.matchAll(/key: (\S+)/g)].map((m) => m[1]);
    expect(keys).toEqual(['9', '10', '18446744073709551615']);
    expect(text).toContain('  priority_queue_policy {\n    key: 10\n    value {\n      max_queue_size: 2\n    }\n  }\n');
  });

  it('zero values, floats and enums keep their own spelling', () => {
    const text = writePbtxt({ max_batch_size: 0, model_warmup: [{ name: 'w', batch_size: 1, count: 0 }] });
    expect(text).toContain('max_batch_size: 0\n');
    const floats = writePbtxt({ response_cache: { enable: true } });
    expect(floats).toBe('response_cache {\n  enable: true\n}\n');
  });

  it('writes another message type when asked (typeName)', () => {
    const text = writePbtxt({ name: 'x', data_type: 'TYPE_FP32', dims: [-1, 4] }, { typeName: 'inference.ModelInput' });
    expect(text).toBe('name: "x"\ndata_type: TYPE_FP32\ndims: [ -1, 4 ]\n');
  });
});

describe('sortMapKeys', () => {
  it('string and bool keys by UTF-16 code units, independent of locale', () => {
    expect(sortMapKeys(['b', 'é', 'B', 'a', 'Z'], 'string')).toEqual(['B', 'Z', 'a', 'b', 'é']);
    expect(sortMapKeys(['true', 'false'], 'bool')).toEqual(['false', 'true']);
  });

  it('integer keys numerically, negatives first, beyond Number precision, equal keys kept', () => {
    expect(sortMapKeys(['10', '-3', '2', '9007199254740993', '9007199254740992'], 'int64')).toEqual(['-3', '2', '10', '9007199254740992', '9007199254740993']);
    expect(sortMapKeys(['1', '01'], 'uint64')).toEqual(['1', '01']);
    expect(sortMapKeys(['01', '1'], 'uint64')).toEqual(['01', '1']);
  });

  it('does not reorder the array it is given', () => {
    const keys = ['b', 'a'];
    sortMapKeys(keys, 'string');
    expect(keys).toEqual(['b', 'a']);
  });
});

describe('scalars', () => {
  it('formatFloat spells specials and negative zero as protobuf does', () => {
    expect([NaN, Infinity, -Infinity, -0, 0, 1.5, -2, 1e-7, 3e38].map(formatFloat)).toEqual(['nan', 'inf', '-inf', '-0', '0', '1.5', '-2', '1e-7', '3e+38']);
  });

  it('intRange gives inclusive bounds per integer type, nothing for other types', () => {
    expect(intRange('int32')).toEqual([-2147483648n, 2147483647n]);
    expect(intRange('sint32')).toEqual([-2147483648n, 2147483647n]);
    expect(intRange('sfixed32')).toEqual([-2147483648n, 2147483647n]);
    expect(intRange('uint32')).toEqual([0n, 4294967295n]);
    expect(intRange('fixed32')).toEqual([0n, 4294967295n]);
    expect(intRange('int64')).toEqual([-9223372036854775808n, 9223372036854775807n]);
    expect(intRange('sint64')).toEqual([-9223372036854775808n, 9223372036854775807n]);
    expect(intRange('sfixed64')).toEqual([-9223372036854775808n, 9223372036854775807n]);
    expect(intRange('uint64')).toEqual([0n, 18446744073709551615n]);
    expect(intRange('fixed64')).toEqual([0n, 18446744073709551615n]);
    expect(intRange('float')).toBeUndefined();
    expect(intRange('toString')).toBeUndefined();
  });

  it('intRangeProblem accepts both bounds and names the range when outside', () => {
    expect(intRangeProblem('int32', 2147483647n)).toBeUndefined();
    expect(intRangeProblem('int32', -2147483648n)).toBeUndefined();
    expect(intRangeProblem('int32', 2147483648n)).toBe('2147483648 is out of range for int32 [-2147483648, 2147483647]');
    expect(intRangeProblem('uint32', -1n)).toBe('-1 is out of range for uint32 [0, 4294967295]');
    expect(intRangeProblem('string', 10n ** 30n)).toBeUndefined();
  });

  it('intToJs: numbers while exact, decimal strings beyond', () => {
    expect(intToJs(9007199254740991n)).toBe(9007199254740991);
    expect(intToJs(-9007199254740991n)).toBe(-9007199254740991);
    expect(intToJs(9007199254740992n)).toBe('9007199254740992');
    expect(intToJs(-9007199254740993n)).toBe('-9007199254740993');
  });

  it('is64Bit and isFloatType', () => {
    expect(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64'].every(is64Bit)).toBe(true);
    expect(['int32', 'uint32', 'double', 'string'].some(is64Bit)).toBe(false);
    expect(isFloatType('float')).toBe(true);
    expect(isFloatType('double')).toBe(true);
    expect(isFloatType('int32')).toBe(false);
  });
});
