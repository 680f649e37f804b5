import { describe, expect, it } from 'vitest';
import { argvLeaves } from '../src/diff/command-diff.js';
import { diffConfigs } from '../src/diff/config-diff.js';
import { flattenLeaves } from '../src/diff/flatten.js';
import { stepVerdicts } from '../src/diff/rerun.js';
import type { StepInputs } from '../src/diff/step-inputs.js';
import { readPlaceholders } from '../src/import/read-placeholders.js';
import { coerce } from '../src/import/spec-schema.js';

describe('argvLeaves: flags by name, not by position', () => {
  it('reads --flag value, --flag=value, bare flags, positionals and negative numbers', () => {
    expect([...argvLeaves(['tool', '--a', '1', '--b=2', '--c', '--d', '-5', 'pos'])]).toEqual([
      ['program', 'tool'], ['--a', '1'], ['--b', '2'], ['--c', '(set)'], ['--d', '-5'], ['#1', 'pos'],
    ]);
  });
  it('keeps every value of a repeated flag, and splits mpirun sections by rank', () => {
    expect(argvLeaves(['t', '--x', '1', '--x', '2']).get('--x')).toBe('1 2');
    const ranks = argvLeaves(['mpirun', '--allow-run-as-root', '-n', '1', 'srv', '--p=1', ':', '-n', '1', 'srv', '--p=2', ':']);
    expect(ranks.get('rank 0 --p')).toBe('1');
    expect(ranks.get('rank 1 --p')).toBe('2');
    expect(ranks.get('rank 1 mpirun -n')).toBe('1');
  });
});

describe('flattenLeaves / diffConfigs: semantic, not textual', () => {
  it('names tensors by name, drops empty repeated fields, keeps empty messages', () => {
    const leaves = flattenLeaves({ input: [{ name: 'b', dims: [1] }, { name: 'a', reshape: { shape: [] } }] });
    expect([...leaves]).toEqual([['input[b].name', 'b'], ['input[b].dims', '[1]'], ['input[a].name', 'a'], ['input[a].reshape', '{}']]);
  });
  it('ignores formatting and comments, reports parameters by key, and an unparseable file as such', () => {
    const a = { 'r/m/config.pbtxt': 'name: "m"\nmax_batch_size: 4\nparameters { key: "k" value: { string_value: "1" } }\n' };
    const b = { 'r/m/config.pbtxt': '# edited\nname:   "m"\nmax_batch_size: 4\nparameters: { key: "k", value: { string_value: "1" } }\n' };
    expect(diffConfigs(a, b)).toEqual([]);
    const c = { 'r/m/config.pbtxt': 'name: "m"\nmax_batch_size: 8\nparameters { key: "k" value: { string_value: "2" } }\n' };
    expect(diffConfigs(a, c)[0]!.changes).toEqual([
      { path: 'max_batch_size', before: '4', after: '8' },
      { path: 'parameters.k', before: '1', after: '2' },
    ]);
    expect(diffConfigs(a, { 'r/m/config.pbtxt': 'max_batch_size: {' })[0]!.changes.map((x) => x.path)).toContain('(unparseable)');
    expect(diffConfigs(undefined, a)[0]!.status).toBe('added');
  });
});

describe('stepVerdicts', () => {
  const inputs = (over: Partial<Record<keyof StepInputs, Record<string, unknown>>> = {}): StepInputs => ({
    convert: { image: 'i', weights: { modelDir: '/m' }, cacheKey: { argv: ['c', '--dtype', 'float16'] } },
    build: { image: 'i', gpu: { ids: [0] }, cacheKey: { argv: ['b', '--max_batch_size', '8'] } },
    repo: { configs: { 'x/config.pbtxt': 'a' } },
    serve: { selected: 'triton', process: { argv: ['s'] }, usesRepo: true, usesEngine: true },
    ...over,
  });
  const verdicts = (a: StepInputs, b: StepInputs) => Object.fromEntries(stepVerdicts(a, b).map((v) => [v.step, [v.verdict, ...v.because]]));

  it('a convert flag re-runs everything downstream, naming the flag', () => {
    const after = inputs({ convert: { image: 'i', weights: { modelDir: '/m' }, cacheKey: { argv: ['c', '--dtype', 'bfloat16'] } } });
    expect(verdicts(inputs(), after)).toEqual({
      convert: ['re-runs', 'cacheKey.argv.--dtype'], build: ['re-runs', 'convert (the checkpoint)'], repo: ['reused'], serve: ['re-runs', 'build (the engine)'],
    });
  });
  it('host-resolved inputs (another weights dir, other GPU ids) only may re-run, and so may what follows', () => {
    const after = inputs({ convert: { image: 'i', weights: { modelDir: '/other' }, cacheKey: { argv: ['c', '--dtype', 'float16'] } } });
    const v = verdicts(inputs(), after);
    expect(v.convert).toEqual(['may re-run', 'weights.modelDir']);
    expect(v.build).toEqual(['may re-run', 'convert (the checkpoint)']);
    expect(stepVerdicts(inputs(), after).find((s) => s.step === 'repo')!.localRuntime).toHaveLength(1);
  });
  it('a config edit re-assembles the repository and restarts the server, nothing else', () => {
    expect(verdicts(inputs(), inputs({ repo: { configs: { 'x/config.pbtxt': 'b' } } }))).toEqual({
      convert: ['reused'], build: ['reused'], repo: ['re-runs', 'configs.x/config.pbtxt'], serve: ['re-runs', 'repo (the model repository)'],
    });
  });
});

describe('import: templates read in reverse', () => {
  it('takes typed and in-string placeholders, skips unfilled ones, and lists what the template lacks', () => {
    const template = { max_batch_size: { $placeholder: 'b' }, parameters: { p: { string_value: '${x}' }, q: { string_value: '${y}' }, fixed: { string_value: 'no' } } };
    const filled = { max_batch_size: 8, parameters: { p: { string_value: '0.5' }, q: { string_value: '${y}' }, fixed: { string_value: 'yes' }, extra: { string_value: '1' } } };
    const read = readPlaceholders(template, filled);
    expect([...read.values]).toEqual([['b', [8]], ['x', ['0.5']]]);
    expect(read.unexplained.map((u) => u.path)).toEqual(['parameters.fixed.string_value', 'parameters.extra']);
  });
  it('coerces by the spec schema, and refuses values outside its bounds', () => {
    expect(coerce('triton.maxQueueSize', '64')).toBe(64);
    expect(coerce('triton.excludeInputInOutput', 'True')).toBe(true);
    expect(coerce('triton.kvCache.freeGpuMemFraction', '0.5')).toBe(0.5);
    expect(coerce('triton.kvCache.freeGpuMemFraction', '7')).toBeUndefined();
    expect(coerce('runtime.paths.tokenizerDir', 'relative/dir')).toBeUndefined();
    expect(coerce('no.such.field', '1')).toBeUndefined();
  });
});
