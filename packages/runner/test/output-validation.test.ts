import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServeStep } from '@trtforge/spec';
import { checkpointValidator, engineValidator } from '../src/steps/validate-output.js';
import { checkRepository, stringParameters } from '../src/repository-check.js';

// The layouts below are TRT-LLM's own: convert_checkpoint.py writes config.json (with `mapping`)
// and rank<N>.safetensors; trtllm-build writes config.json (with `pretrained_config.mapping`) and
// rank<N>.engine. Every rank's file must be there, not only rank 0's.

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trtforge-validate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function output(files: Record<string, string>): string {
  const out = join(dir, 'out');
  mkdirSync(out, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(out, name), text);
  return out;
}

const ranks = (n: number, ext: string) => Object.fromEntries(Array.from({ length: n }, (_, r) => [`rank${r}.${ext}`, 'x']));
const checkpointConfig = (mapping: object) => JSON.stringify({ architecture: 'QWenForCausalLM', mapping });
const engineConfig = (mapping: object) => JSON.stringify({ version: '0.17.0', pretrained_config: { mapping } });

describe('checkpoint and engine validators', () => {
  it('accept a complete output for every world size', async () => {
    for (const world of [1, 2, 4, 8]) {
      const cp = output({ 'config.json': checkpointConfig({ world_size: world, tp_size: world, pp_size: 1 }), ...ranks(world, 'safetensors') });
      expect(await checkpointValidator(world)(cp)).toBeUndefined();
      rmSync(cp, { recursive: true });
      const engine = output({ 'config.json': engineConfig({ world_size: world }), ...ranks(world, 'engine') });
      expect(await engineValidator(world)(engine)).toBeUndefined();
      rmSync(engine, { recursive: true });
    }
  });

  it('reject an output missing the last rank, or any rank but 0', async () => {
    const files = { 'config.json': engineConfig({ world_size: 4 }), ...ranks(4, 'engine') };
    delete files['rank3.engine'];
    expect(await engineValidator(4)(output(files))).toBe('rank3.engine is missing or empty');
    rmSync(join(dir, 'out'), { recursive: true });
    const cp = { 'config.json': checkpointConfig({ world_size: 2 }), ...ranks(2, 'safetensors') };
    delete cp['rank1.safetensors'];
    expect(await checkpointValidator(2)(output(cp))).toBe('rank1.safetensors is missing or empty');
  });

  it('reject an empty rank file and a directory in a rank file’s place', async () => {
    const out = output({ 'config.json': engineConfig({ world_size: 2 }), 'rank0.engine': 'x', 'rank1.engine': '' });
    expect(await engineValidator(2)(out)).toBe('rank1.engine is missing or empty');
    rmSync(join(out, 'rank1.engine'));
    mkdirSync(join(out, 'rank1.engine'));
    expect(await engineValidator(2)(out)).toBe('rank1.engine is missing or empty');
  });

  it('the checkpoint wants .safetensors, the engine .engine', async () => {
    const out = output({ 'config.json': '{}', ...ranks(1, 'engine') });
    expect(await checkpointValidator(1)(out)).toBe('rank0.safetensors is missing or empty');
    expect(await engineValidator(1)(out)).toBeUndefined();
  });

  it('reject a missing or unparsable config.json', async () => {
    expect(await engineValidator(1)(output(ranks(1, 'engine')))).toBe('config.json is missing or not JSON');
    writeFileSync(join(dir, 'out', 'config.json'), '{ not json');
    expect(await engineValidator(1)(join(dir, 'out'))).toBe('config.json is missing or not JSON');
  });

  it('reject a config that declares another world size (world_size, or tp_size × pp_size)', async () => {
    const cp = output({ 'config.json': checkpointConfig({ world_size: 2 }), ...ranks(4, 'safetensors') });
    expect(await checkpointValidator(4)(cp)).toBe('config.json declares world size 2, the plan needs 4');
    writeFileSync(join(cp, 'config.json'), checkpointConfig({ tp_size: 2, pp_size: 2 }));
    expect(await checkpointValidator(4)(cp)).toBeUndefined();
    expect(await checkpointValidator(2)(cp)).toBe('config.json declares world size 4, the plan needs 2');
    writeFileSync(join(cp, 'config.json'), checkpointConfig({ pp_size: 3 }));
    expect(await checkpointValidator(4)(cp)).toBe('config.json declares world size 3, the plan needs 4');
    writeFileSync(join(cp, 'config.json'), checkpointConfig({ tp_size: 4 }));
    expect(await checkpointValidator(4)(cp)).toBeUndefined();
    writeFileSync(join(cp, 'config.json'), checkpointConfig({}));
    expect(await checkpointValidator(2)(cp)).toBe('config.json declares world size 1, the plan needs 2');
    const engine = join(dir, 'engine');
    mkdirSync(engine);
    for (const [name, text] of Object.entries({ 'config.json': engineConfig({ world_size: 8 }), ...ranks(2, 'engine') })) writeFileSync(join(engine, name), text);
    expect(await engineValidator(2)(engine)).toBe('config.json declares world size 8, the plan needs 2');
  });
});

const step = { mode: 'triton' } as ServeStep;
const seen = { engine: ['/trtforge/engine'], tokenizer: ['/trtforge/tokenizer/'] };

function repository(models: Record<string, { config?: string; files?: string[] }>): string {
  const repo = join(dir, 'repo');
  mkdirSync(repo, { recursive: true });
  for (const [name, { config, files = [] }] of Object.entries(models)) {
    mkdirSync(join(repo, name), { recursive: true });
    if (config !== undefined) writeFileSync(join(repo, name, 'config.pbtxt'), config);
    for (const file of files) {
      mkdirSync(join(repo, name, file, '..'), { recursive: true });
      if (!file.endsWith('/')) writeFileSync(join(repo, name, file), '');
    }
  }
  return repo;
}

const param = (key: string, value: string) => `parameters {\n  key: "${key}"\n  value {\n    string_value: "${value}"\n  }\n}\n`;

describe('checkRepository: what Triton would trip over at load time', () => {
  it('a complete repository has no problems; files beside the model folders are ignored', async () => {
    const repo = repository({
      ensemble: { config: 'name: "ensemble"\nplatform: "ensemble"\n', files: ['1/'] },
      preprocessing: { config: `name: "preprocessing"\nbackend: "python"\n${param('tokenizer_dir', '/trtforge/tokenizer/x')}`, files: ['1/model.py'] },
      tensorrt_llm: { config: `backend: "tensorrtllm"\n${param('gpt_model_path', '/trtforge/engine')}${param('engine_dir', '/trtforge/engine/sub')}` },
    });
    mkdirSync(join(repo, 'ensemble', '1'), { recursive: true });
    writeFileSync(join(repo, 'README'), 'x');
    expect(await checkRepository(repo, step, seen)).toEqual([]);
  });

  it('an empty repository, a model without config.pbtxt', async () => {
    expect(await checkRepository(repository({}), step, seen)).toEqual(['the repository has no model directories']);
    rmSync(join(dir, 'repo'), { recursive: true });
    expect(await checkRepository(repository({ b: {}, a: {} }), step, seen)).toEqual(['a/config.pbtxt is missing', 'b/config.pbtxt is missing']);
  });

  it('unfilled ${…} placeholders, by line', async () => {
    const repo = repository({ m: { config: 'name: "m"\n\n  max_batch_size: ${triton_max_batch_size}\n' } });
    expect(await checkRepository(repo, step, seen)).toEqual(['m/config.pbtxt:3: unfilled placeholder max_batch_size: ${triton_max_batch_size}']);
  });

  it('a python model without 1/model.py, an ensemble without 1/', async () => {
    const repo = repository({ p: { config: '  backend: "python"\n' }, e: { config: 'platform: "ensemble"\n' } });
    expect(await checkRepository(repo, step, seen)).toEqual(['e/1/ is missing (Triton needs a version directory)', 'p/1/model.py is missing (python backend)']);
  });

  it('engine and tokenizer paths the serve step would not see, naming where it sees them', async () => {
    const repo = repository({
      t: { config: `${param('gpt_model_path', '/trtforge/engine2')}${param('engine_dir', '/elsewhere')}${param('tokenizer_dir', '/trtforge/tok')}` },
    });
    expect(await checkRepository(repo, step, seen)).toEqual([
      't/config.pbtxt gpt_model_path is "/trtforge/engine2" but the triton step sees the engine at /trtforge/engine',
      't/config.pbtxt engine_dir is "/elsewhere" but the triton step sees the engine at /trtforge/engine',
      't/config.pbtxt tokenizer_dir is "/trtforge/tok" but the triton step sees the tokenizer at /trtforge/tokenizer/',
    ]);
    expect(await checkRepository(repo, { mode: 'openai' } as ServeStep, { engine: [], tokenizer: [] })).toEqual([
      't/config.pbtxt gpt_model_path is "/trtforge/engine2" but the openai step sees the engine at (not mounted)',
      't/config.pbtxt engine_dir is "/elsewhere" but the openai step sees the engine at (not mounted)',
      't/config.pbtxt tokenizer_dir is "/trtforge/tok" but the openai step sees the tokenizer at (not mounted)',
    ]);
  });

  it('model.py must be in the version directory 1/, and every mount point is named', async () => {
    const repo = repository({ p: { config: `backend: "python"\n${param('engine_dir', '/c')}`, files: ['model.py'] } });
    expect(await checkRepository(repo, step, { engine: ['/a', '/b'], tokenizer: [] })).toEqual([
      'p/1/model.py is missing (python backend)',
      'p/config.pbtxt engine_dir is "/c" but the triton step sees the engine at /a, /b',
    ]);
  });

  it('a path equal to, or under, any of several mount points is fine; empty values are not checked', async () => {
    const repo = repository({ t: { config: `${param('gpt_model_path', '/b')}${param('engine_dir', '')}${param('tokenizer_dir', '/trtforge/tokenizer')}` } });
    expect(await checkRepository(repo, step, { engine: ['/a', '/b'], tokenizer: ['/trtforge/tokenizer'] })).toEqual([]);
  });
});

describe('stringParameters', () => {
  it('reads key → string_value pairs, with or without a colon after value', () => {
    const text = `${param('a', '1')}parameters { key: "b" value: { string_value: "two words" } }\nparameters { key: "c" value { string_value: "" } }\nkey: "x"`;
    expect([...stringParameters(text)]).toEqual([['a', '1'], ['b', 'two words'], ['c', '']]);
  });
});
