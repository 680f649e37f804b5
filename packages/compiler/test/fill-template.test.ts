import { describe, expect, it } from 'vitest';
import { fillTemplate, formatParameter } from '../src/emit/fill-template.js';

// Small hand-written templates in the shape of packages/compiler/data/…/templates.json: typed
// placeholders are `{ $placeholder: name }`, text placeholders are `${name}` inside strings.
const values = (entries: Record<string, unknown>) => new Map(Object.entries(entries));
const typed = (name: string) => ({ $placeholder: name });
const param = (text: string) => ({ string_value: text });

describe('fillTemplate: typed placeholders', () => {
  it('receive the typed value itself, not its text', () => {
    const { config, missing } = fillTemplate('tensorrt_llm', { max_batch_size: typed('n'), name: 'tensorrt_llm' }, values({ n: 8 }));
    expect(config).toEqual({ max_batch_size: 8, name: 'tensorrt_llm' });
    expect(missing).toEqual([]);
  });

  it('without a value are reported as missing, named by model and placeholder', () => {
    const { missing } = fillTemplate('ensemble', { max_batch_size: typed('triton_max_batch_size') }, values({}));
    expect(missing).toEqual(['ensemble: ${triton_max_batch_size}']);
  });

  it('inside lists and nested messages are filled too', () => {
    const template = { input: [{ name: 'x', dims: [typed('d')] }], dynamic_batching: { max_queue_delay_microseconds: typed('q') } };
    const { config } = fillTemplate('tensorrt_llm', template, values({ d: -1, q: 100 }));
    expect(config).toEqual({ input: [{ name: 'x', dims: [-1] }], dynamic_batching: { max_queue_delay_microseconds: 100 } });
  });

  it('leaves non-placeholder values alone: numbers, booleans, null, and objects whose $placeholder is not a name', () => {
    const template = { a: 1, b: false, c: null, d: { $placeholder: 3 } };
    expect(fillTemplate('ensemble', template, values({})).config).toEqual({ a: 1, b: false, c: null, d: { $placeholder: 3 } });
  });
});

describe('fillTemplate: placeholders inside strings', () => {
  it('are replaced by the formatted value, several per string', () => {
    const { config } = fillTemplate('preprocessing', { s: '${a}/x/${b}-${c}' }, values({ a: 'dir', b: true, c: 3 }));
    expect(config).toEqual({ s: 'dir/x/true-3' });
  });

  it('a string that only looks like a placeholder (name starting with a digit, no braces) stays as written', () => {
    const { config, missing } = fillTemplate('preprocessing', { s: '${9lives} $a {b}' }, values({ a: 'x' }));
    expect(config).toEqual({ s: '${9lives} $a {b}' });
    expect(missing).toEqual([]);
  });

  it('outside parameters, an unfilled one drops the field and is reported missing', () => {
    const { config, missing } = fillTemplate('postprocessing', { name: 'postprocessing', backend: '${triton_backend}' }, values({}));
    expect(config).toEqual({ name: 'postprocessing' });
    expect(missing).toEqual(['postprocessing: ${triton_backend}']);
  });

  it('an unfilled one inside a list element is reported missing', () => {
    const { missing } = fillTemplate('postprocessing', { dims: ['${a}'] }, values({}));
    expect(missing).toEqual(['postprocessing: ${a}']);
  });
});

describe('fillTemplate: parameters', () => {
  it('an entry whose value is filled keeps it as backend text (lists comma-separated, booleans lower-case)', () => {
    const template = {
      parameters: {
        gpu_device_ids: param('${ids}'),
        exclude_input_in_output: param('${flag}'),
        max_tokens_in_paged_kv_cache: param('${tokens}'),
      },
    };
    const { config, missing } = fillTemplate('tensorrt_llm', template, values({ ids: [0, 1, 2], flag: false, tokens: 4096 }));
    expect(config).toEqual({
      parameters: {
        gpu_device_ids: { string_value: '0,1,2' },
        exclude_input_in_output: { string_value: 'false' },
        max_tokens_in_paged_kv_cache: { string_value: '4096' },
      },
    });
    expect(missing).toEqual([]);
  });

  it('an entry whose value stays unfilled is left out, and is not reported missing (the backend default applies)', () => {
    const template = { parameters: { kept: param('${a}'), dropped: param('${b}'), literal: param('fixed') } };
    const { config, missing } = fillTemplate('tensorrt_llm', template, values({ a: 'x' }));
    expect(config).toEqual({ parameters: { kept: { string_value: 'x' }, literal: { string_value: 'fixed' } } });
    expect(missing).toEqual([]);
  });

  it('an entry is left out when the unfilled placeholder sits deeper (nested message, or a list)', () => {
    const template = {
      parameters: {
        nested: { outer: { string_value: '${gone}' }, other: 'y' },
        listed: { values: ['a', '${gone}'] },
        whole: { values: ['a', 'b'] },
      },
    };
    const { config } = fillTemplate('tensorrt_llm', template, values({}));
    expect(config).toEqual({ parameters: { whole: { values: ['a', 'b'] } } });
  });

  it('an unfilled value inside a nested parameters entry voids the entry, not only the field', () => {
    const template = { parameters: { entry: { a: '${set}', b: { c: '${unset}' } } } };
    expect(fillTemplate('tensorrt_llm', template, values({ set: 1 })).config).toEqual({ parameters: {} });
  });

  it('a field that is named parameters but holds a list is an ordinary field', () => {
    const template = { parameters: [param('${a}'), param('b')] };
    const { config, missing } = fillTemplate('ensemble', template, values({}));
    expect(config).toEqual({ parameters: [{}, { string_value: 'b' }] });
    expect(missing).toEqual(['ensemble: ${a}']);
  });

  it('a field that is named parameters but holds text is an ordinary field', () => {
    expect(fillTemplate('ensemble', { parameters: 'p${a}' }, values({ a: 1 })).config).toEqual({ parameters: 'p1' });
  });

  it('parameters nested under another message are treated as parameters too', () => {
    const template = { optimization: { parameters: { k: param('${a}'), j: param('${b}') } } };
    expect(fillTemplate('ensemble', template, values({ b: 2 })).config).toEqual({ optimization: { parameters: { j: { string_value: '2' } } } });
  });

  it('does not modify the template', () => {
    const template = { parameters: { k: param('${a}') }, n: typed('n') };
    const copy = structuredClone(template);
    fillTemplate('ensemble', template, values({ a: 1, n: 2 }));
    expect(template).toEqual(copy);
  });
});

describe('formatParameter: the text the backend parses', () => {
  it('joins lists with commas, recursively', () => {
    expect(formatParameter([0, 1])).toBe('0,1');
    expect(formatParameter(['a', ['b', 'c']])).toBe('a,b,c');
    expect(formatParameter([])).toBe('');
  });

  it('spells booleans lower-case and everything else with String()', () => {
    expect(formatParameter(true)).toBe('true');
    expect(formatParameter(false)).toBe('false');
    expect(formatParameter([true, false])).toBe('true,false');
    expect(formatParameter(0.5)).toBe('0.5');
    expect(formatParameter('top_k')).toBe('top_k');
  });
});
