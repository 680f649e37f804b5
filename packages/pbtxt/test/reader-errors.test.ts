import { describe, expect, it } from 'vitest';
import { parsePbtxt, PbtxtError } from '../src/index.js';

describe('parsePbtxt rejects', () => {
  it('unknown fields with line:col, path and a suggestion', () => {
    const text = 'name: "m"\ninput [\n  {\n    nmae: "x"\n  }\n]\n';
    let err: unknown;
    try {
      parsePbtxt(text, { source: 'models/m/config.pbtxt' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PbtxtError);
    const e = err as PbtxtError;
    expect([e.line, e.column, e.path]).toEqual([4, 5, 'ModelConfig.input[0].nmae']);
    expect(e.message).toBe(
      'models/m/config.pbtxt:4:5: ModelConfig.input[0].nmae: unknown field "nmae" in inference.ModelInput; did you mean "name"?',
    );
  });

  it.each([
    ['max_batch_size: 1.0', '1:17: ModelConfig.max_batch_size: expected an integer for int32, got "1.0"'],
    ['max_batch_size: 2147483648', '1:17: ModelConfig.max_batch_size: 2147483648 is out of range for int32'],
    ['max_batch_size: "8"', '1:17: ModelConfig.max_batch_size: expected an integer for int32, got ""8""'],
    ['max_batch_size 8', '1:16: ModelConfig.max_batch_size: expected ":" after scalar field "max_batch_size"'],
    ['name: "a" name: "b"', '1:11: ModelConfig.name: non-repeated field "name" is specified more than once (first at 1:1)'],
    ['dynamic_batching {} sequence_batching {}', 'specified along with "dynamic_batching", another member of oneof "scheduling_choice"'],
    ['input { data_type: TYPE_FLOAT }', '1:20: ModelConfig.input[0].data_type: "TYPE_FLOAT" is not a value of enum DataType'],
    ['input { data_type: 99 }', 'expected a value name of enum DataType, got "99"'],
    ['model_transaction_policy { decoupled: yes }', 'expected true or false for bool, got "yes"'],
    ['name: [ "a" ]', 'field "name" is not repeated, so it cannot take a [ ... ] list'],
    ['input [ { name: "a" } { name: "b" } ]', '1:23: ModelConfig.input: expected "]" or "," in list, got "{"'],
    ['dynamic_batching { default_queue_policy { max_queue_size: -1 } }', '-1 is out of range for uint32'],
    ['dynamic_batching {', '1:19: ModelConfig.dynamic_batching: expected "}" to close the "{" opened at 1:18'],
    ['name: "abc', '1:7: unterminated string literal'],
    ['name: "\\q"', '1:8: unknown escape sequence \\q'],
    ['name: "\\377"', 'string is not valid UTF-8'],
    ['max_batch_size: 12ab', '1:17: invalid number "12a"'],
    ['name: @', "1:7: unexpected character \"@\""],
    ['parameters { key: "a" } parameters { key: "a" }', '1:38: ModelConfig.parameters["a"]: map key "a" is given more than once (first at 1:14)'],
    ['parameters { key: "a" colour: 1 }', 'unknown field "colour" in a map entry of "parameters"'],
    ['[ext.field]: 1', '1:1: ModelConfig: extension and Any fields ([name]) are not supported'],
    ['} name: "x"', '1:1: ModelConfig: expected a field name, got "}"'],
  ])('%s', (text, message) => {
    expect(() => parsePbtxt(text)).toThrow(message);
  });
});
