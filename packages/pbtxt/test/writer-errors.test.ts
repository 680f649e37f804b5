import { describe, expect, it } from 'vitest';
import { PbtxtError, writePbtxt } from '../src/index.js';

/** The PbtxtError thrown by `fn`, for asserting on its parts. */
function errorOf(fn: () => unknown): PbtxtError {
  try {
    fn();
  } catch (err) {
    if (err instanceof PbtxtError) return err;
    throw err;
  }
  throw new Error('expected a PbtxtError');
}

describe('writePbtxt rejects', () => {
  it('unknown fields, naming the path and suggesting close names', () => {
    const err = errorOf(() => writePbtxt({ name: 'm', max_batch_sise: 8 }));
    expect(err.path).toBe('ModelConfig.max_batch_sise');
    expect(err.message).toBe(
      'ModelConfig.max_batch_sise: unknown field "max_batch_sise" in inference.ModelConfig; did you mean "max_batch_size"?',
    );
  });

  it('unknown nested fields with the full message path', () => {
    const err = errorOf(() => writePbtxt({ dynamic_batching: { default_queue_policy: { max_queue_sizes: 1 } } }));
    expect(err.path).toBe('ModelConfig.dynamic_batching.default_queue_policy.max_queue_sizes');
    expect(err.message).toMatch(/in inference\.ModelQueuePolicy; did you mean "max_queue_size"\?$/);
  });

  it('lists all fields when nothing is close', () => {
    expect(() => writePbtxt({ model_transaction_policy: { zzzzzzzz: true } })).toThrow(/valid fields: decoupled$/);
  });

  it('wrong scalar types', () => {
    expect(() => writePbtxt({ name: 3 })).toThrow('ModelConfig.name: expected a string, got number 3');
    expect(() => writePbtxt({ model_transaction_policy: { decoupled: 'true' } })).toThrow(
      'ModelConfig.model_transaction_policy.decoupled: expected a boolean for bool, got string "true"',
    );
    expect(() => writePbtxt({ max_batch_size: '8' })).toThrow(/expected an integer number for int32, got string "8"/);
    expect(() => writePbtxt({ dynamic_batching: 'yes' })).toThrow(/expected a inference.ModelDynamicBatching message object/);
  });

  it('bad enum names, listing the valid ones', () => {
    const err = errorOf(() => writePbtxt({ input: [{ name: 'x', data_type: 'TYPE_FLOAT32' }] }));
    expect(err.path).toBe('ModelConfig.input[0].data_type');
    expect(err.message).toMatch(/"TYPE_FLOAT32" is not a value of enum DataType; did you mean "TYPE_FP32"/);
    expect(() => writePbtxt({ instance_group: [{ kind: 2 }] })).toThrow(/valid names: KIND_AUTO, KIND_GPU, KIND_CPU, KIND_MODEL/);
  });

  it('non-integers and out-of-range integers', () => {
    expect(() => writePbtxt({ max_batch_size: 1.5 })).toThrow('ModelConfig.max_batch_size: expected an integer for int32, got 1.5');
    expect(() => writePbtxt({ max_batch_size: 2 ** 31 })).toThrow(
      'ModelConfig.max_batch_size: 2147483648 is out of range for int32 [-2147483648, 2147483647]',
    );
    expect(() => writePbtxt({ dynamic_batching: { default_queue_policy: { max_queue_size: -1 } } })).toThrow(
      /-1 is out of range for uint32/,
    );
    expect(() => writePbtxt({ dynamic_batching: { max_queue_delay_microseconds: 2 ** 64 } })).toThrow(/beyond 2\^53/);
    expect(() => writePbtxt({ dynamic_batching: { max_queue_delay_microseconds: '18446744073709551616' } })).toThrow(
      /out of range for uint64/,
    );
  });

  it('non-arrays for repeated fields and non-objects for maps', () => {
    expect(() => writePbtxt({ input: { name: 'x' } })).toThrow('ModelConfig.input: expected an array for repeated field "input", got an object');
    expect(() => writePbtxt({ input: [{ dims: 3 }] })).toThrow('ModelConfig.input[0].dims: expected an array');
    expect(() => writePbtxt({ parameters: [['k', 'v']] })).toThrow(/expected a plain object keyed by map key/);
  });

  it('two members of one oneof, as protoc does', () => {
    expect(() => writePbtxt({ dynamic_batching: {}, sequence_batching: {} })).toThrow(
      /"sequence_batching" and "dynamic_batching" are both set, but only one member of oneof "scheduling_choice"/,
    );
  });

  it('unfilled template placeholders', () => {
    expect(() => writePbtxt({ max_batch_size: { $placeholder: 'triton_max_batch_size' } })).toThrow(
      'ModelConfig.max_batch_size: unfilled template placeholder ${triton_max_batch_size}',
    );
  });

  it('map keys that are not valid for the key type', () => {
    expect(() => writePbtxt({ dynamic_batching: { priority_queue_policy: { high: {} } } })).toThrow(
      'ModelConfig.dynamic_batching.priority_queue_policy[high]: map key "high" is not a decimal uint64',
    );
  });

  it('keys inherited from Object.prototype are not fields', () => {
    expect(() => writePbtxt(JSON.parse('{"constructor": 1}') as object)).toThrow(/unknown field "constructor"/);
  });
});
