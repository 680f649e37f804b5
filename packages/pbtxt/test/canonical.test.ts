import { describe, expect, it } from 'vitest';
import { canonicalize, parsePbtxt, PbtxtError } from '../src/index.js';

describe('canonicalize', () => {
  it('equates configs that differ only in syntax: field order, list style, map order, number spelling', () => {
    // GIVEN two spellings of one config
    const a = parsePbtxt(`
      name: "m"
      input [ { name: "x" dims: [ 0x10, -1 ] } ]
      parameters { key: "b" value { string_value: "2" } }
      parameters { key: "a" value { string_value: "1" } }
      dynamic_batching { max_queue_delay_microseconds: 100 }`);
    const b = parsePbtxt(`
      dynamic_batching < max_queue_delay_microseconds: 0144 >
      parameters: [ { key: "a", value: { string_value: "1" } }, { key: "b", value: { string_value: "2" } } ]
      input { dims: 16 dims: -1 name: 'x' }
      name: "m"`);
    // THEN
    expect(canonicalize(a)).toEqual(canonicalize(b));
    expect(JSON.stringify(canonicalize(a))).toBe(JSON.stringify(canonicalize(b)));
  });

  it('drops proto3 default scalars and empty lists but keeps empty messages', () => {
    expect(canonicalize({ name: '', max_batch_size: 0, input: [], dynamic_batching: {}, instance_group: [{ kind: 'KIND_AUTO' }] })).toEqual({
      dynamic_batching: {},
      instance_group: [{}],
    });
  });

  it('normalizes 64-bit integers to decimal strings and enums to names', () => {
    expect(canonicalize({ input: [{ data_type: 'TYPE_FP16', dims: [1n, '2', 3] }] })).toEqual({
      input: [{ data_type: 'TYPE_FP16', dims: ['1', '2', '3'] }],
    });
  });

  it('is strict: unknown fields throw instead of being dropped like protobufjs fromObject would', () => {
    expect(() => canonicalize({ name: 'm', bogus: 1 })).toThrow(PbtxtError);
  });
});
