import { describe, expect, it } from 'vitest';
import { parsePbtxt } from '../src/index.js';

describe('parsePbtxt syntax', () => {
  it('reads comments, both quote kinds, escapes and adjacent string concatenation', () => {
    const text = [
      '# leading comment',
      'name: "a\\"b" \'c\\\'d\'  # trailing comment',
      "backend: 'x\\ty\\n\\101\\x42\\u00e9\\U0001F600\\303\\251'",
      'platform: "é✓"',
    ].join('\n');
    expect(parsePbtxt(text)).toEqual({ name: 'a"bc\'d', platform: 'é✓', backend: 'x\ty\nABé😀é' });
  });

  it('reads numbers: negative, hex, octal, floats with exponent and f suffix, inf/nan', () => {
    const text = `
      max_batch_size: 0x10
      input { dims: [ -1, 010, - 3, 0 ] }
      dynamic_batching { max_queue_delay_microseconds: 18446744073709551615 }
      model_metrics { metric_control { histogram_options { buckets: [ 1, 2.5, .5, 1e3, 1.5F, -inf, Infinity, nan ] } } }`;
    expect(parsePbtxt(text)).toEqual({
      max_batch_size: 16,
      input: [{ dims: [-1, 8, -3, 0] }],
      dynamic_batching: { max_queue_delay_microseconds: '18446744073709551615' },
      model_metrics: { metric_control: [{ histogram_options: { buckets: [1, 2.5, 0.5, 1000, 1.5, -Infinity, Infinity, NaN] } }] },
    });
  });

  it('accepts optional ":" before messages, <> delimiters and , or ; separators', () => {
    const text = 'model_transaction_policy: { decoupled: true }, dynamic_batching < preferred_batch_size: [ 4 ]; >; name: "m";';
    expect(parsePbtxt(text)).toEqual({
      name: 'm',
      dynamic_batching: { preferred_batch_size: [4] },
      model_transaction_policy: { decoupled: true },
    });
  });

  it('reads repeated fields as arrays whether written as a list or by repetition', () => {
    const text = 'input { name: "a" dims: 1 dims: 2 } input [ { name: "b" }, { name: "c" reshape: { shape: [ ] } } ] input [ ]';
    expect(parsePbtxt(text)).toEqual({
      input: [{ name: 'a', dims: [1, 2] }, { name: 'b' }, { name: 'c', reshape: { shape: [] } }],
    });
  });

  it('collects map entries into a plain object keyed by map key', () => {
    const text = `
      parameters { key: "b" value: { string_value: "2" } }
      parameters: { key: "a", value { string_value: "1" } }
      parameters [ { key: "__proto__" value {} } ]
      dynamic_batching { priority_queue_policy { key: 0x2 value { max_queue_size: 5 } } }
      model_repository_agents { agents { name: "a" parameters { key: "in" value: "out" } } }`;
    const parsed = parsePbtxt(text);
    expect(Object.keys(parsed.parameters as object)).toEqual(['b', 'a', '__proto__']);
    expect(parsed).toEqual({
      dynamic_batching: { priority_queue_policy: { '2': { max_queue_size: 5 } } },
      model_repository_agents: { agents: [{ name: 'a', parameters: { in: 'out' } }] },
      parameters: JSON.parse('{"b":{"string_value":"2"},"a":{"string_value":"1"},"__proto__":{}}'),
    });
  });

  it('reads bools in every spelling protoc accepts and enums by name or number', () => {
    const text = 'input { is_shape_tensor: True optional: t allow_ragged_batch: 1 data_type: 11 } input { data_type: TYPE_FP32 optional: False }';
    expect(parsePbtxt(text)).toEqual({
      input: [
        { data_type: 'TYPE_FP32', is_shape_tensor: true, allow_ragged_batch: true, optional: true },
        { data_type: 'TYPE_FP32', optional: false },
      ],
    });
  });

  it('returns fields in declaration order, whatever the text order', () => {
    expect(Object.keys(parsePbtxt('max_batch_size: 1 backend: "b" name: "n"'))).toEqual(['name', 'backend', 'max_batch_size']);
  });

  it('parses other message types with typeName', () => {
    expect(parsePbtxt('name: "x" dims: [ 2 ]', { typeName: 'inference.ModelOutput' })).toEqual({ name: 'x', dims: [2] });
  });
});

describe('parsePbtxt placeholders', () => {
  const template = 'max_batch_size: ${bs}\nbackend: "${backend}"\ninput [ { data_type: ${dt} dims: [ ${d}, -1 ] } ]\ndynamic_batching { default_queue_policy: ${policy} }';

  it('keep: bare ${name} in value positions become { $placeholder }, strings stay verbatim', () => {
    expect(parsePbtxt(template, { placeholders: 'keep' })).toEqual({
      backend: '${backend}',
      max_batch_size: { $placeholder: 'bs' },
      input: [{ data_type: { $placeholder: 'dt' }, dims: [{ $placeholder: 'd' }, -1] }],
      dynamic_batching: { default_queue_policy: { $placeholder: 'policy' } },
    });
  });

  it('error (default): the first bare ${name} fails with its line:col and field path', () => {
    expect(() => parsePbtxt(template, { source: 'config.pbtxt' })).toThrow(
      'config.pbtxt:1:17: ModelConfig.max_batch_size: unfilled template placeholder ${bs}',
    );
  });

  it('error mode allows ${...} inside strings and comments', () => {
    expect(parsePbtxt('# uses ${x}\nname: "${x}"')).toEqual({ name: '${x}' });
  });

  it('keep mode still rejects placeholders as field names and map keys', () => {
    expect(() => parsePbtxt('${f}: 1', { placeholders: 'keep' })).toThrow(/1:1: ModelConfig: template placeholder \$\{f\} cannot be used as a field name/);
    expect(() => parsePbtxt('parameters { key: ${k} }', { placeholders: 'keep' })).toThrow(/cannot be used as map keys/);
  });
});
