// Differential tests against the reference implementation: what writePbtxt emits must be
// valid text format for protoc and mean the same thing to it.
import { describe, expect, it } from 'vitest';
import { canonicalize, writePbtxt } from '../src/index.js';
import { decodeWire, protocEncode, protocPath } from './helpers.js';

const CONFIGS: Record<string, object> = {
  minimal: { name: 'm', backend: 'python' },
  'empty message and 64-bit extremes': {
    name: 'm',
    dynamic_batching: {
      max_queue_delay_microseconds: '18446744073709551615',
      priority_queue_policy: { '18446744073709551615': {}, '1': { timeout_action: 'DELAY', default_timeout_microseconds: 5 } },
      default_queue_policy: {},
    },
  },
  'escaped and UTF-8 strings in maps': {
    name: 'ünï "quoted" \\ back\tslash\n',
    parameters: { 'k\u0001': { string_value: 'é✓😀\u007f\u0085' }, '': { string_value: '' } },
    metric_tags: { b: 'B', a: 'A' },
  },
  'floats and specials': {
    model_metrics: { metric_control: [{ histogram_options: { buckets: [0.1, 1e-7, 1e21, -2.5, Infinity, -Infinity, -0] } }] },
    optimization: { cuda: { graphs: true, graph_spec: [{ batch_size: 4, input: { x: { dim: [1, -1] } } }] } },
  },
  'tensorrt_llm-like': {
    name: 'tensorrt_llm',
    backend: 'tensorrtllm',
    max_batch_size: 64,
    model_transaction_policy: { decoupled: true },
    dynamic_batching: { preferred_batch_size: [64], max_queue_delay_microseconds: 0, default_queue_policy: { max_queue_size: 0 } },
    input: [
      { name: 'input_ids', data_type: 'TYPE_INT32', dims: [-1], allow_ragged_batch: true },
      { name: 'input_lengths', data_type: 'TYPE_INT32', dims: [1], reshape: { shape: [] } },
    ],
    output: [{ name: 'output_ids', data_type: 'TYPE_INT32', dims: [-1, -1] }],
    instance_group: [{ count: 1, kind: 'KIND_CPU' }],
    parameters: { gpt_model_path: { string_value: '/models/engine' }, max_beam_width: { string_value: '1' } },
  },
  ensemble: {
    name: 'ensemble',
    platform: 'ensemble',
    ensemble_scheduling: {
      step: [
        { model_name: 'preprocessing', model_version: -1, input_map: { QUERY: 'text_input' }, output_map: { INPUT_ID: '_ids' } },
        { model_name: 'tensorrt_llm', model_version: -1, input_map: { input_ids: '_ids' }, output_map: { output_ids: 'out' } },
      ],
    },
  },
};

describe('protoc', () => {
  it('is installed (CI installs protobuf-compiler; missing protoc fails rather than skips)', () => {
    expect(protocPath()).toMatch(/protoc$/);
  });

  it.each(Object.entries(CONFIGS))('accepts the written %s config and decodes it to the same meaning', (_, config) => {
    const result = protocEncode(writePbtxt(config, { header: ['test'] }));
    expect(result.stderr).toBe('');
    expect(result.ok).toBe(true);
    expect(canonicalize(decodeWire(result.wire))).toEqual(canonicalize(config));
  });

  it('rejects a config with an unknown field (so the checks above can fail)', () => {
    const result = protocEncode(`${writePbtxt({ name: 'm' })}bogus_field: 1\n`);
    expect(result.ok).toBe(false);
    expect(result.stderr).toContain('Message type "inference.ModelConfig" has no field named "bogus_field"');
  });

  it('rejects repeated messages without commas, which is why the writer puts them in', () => {
    expect(protocEncode('input [ { name: "a" } { name: "b" } ]').ok).toBe(false);
    expect(protocEncode('input [ { name: "a" }, { name: "b" } ]').ok).toBe(true);
  });
});
