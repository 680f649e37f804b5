import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '@trtforge/spec';
import { loadBackendData } from '@trtforge/compiler';
import { REFERENCE, ROOT } from '../helpers/paths.js';
import { compileInline } from '../lints/compile-inline.js';
import { makeHfModel } from '../stand-ins/fixtures/make-hf-model.mjs';

/**
 * data/trtllm-0.17.0/quantize.json against itself and against the generated plans: every spec
 * field it maps is a real quantize.py option with the right kind, every value the spec type allows
 * is one of that option's choices, it says where each fact was read, and the argv of every
 * precision — the committed example and a matrix — passes quantize.py's argparse table and the
 * stand-in quantize.py.
 */
type ArgOption = { flag: string; type: string; choices: Array<string | number> | null; default: unknown };
const DATA = JSON.parse(readFileSync(`${ROOT}packages/compiler/data/trtllm-0.17.0/quantize.json`, 'utf8')) as {
  provenance: { repo: string; tag: string; commit: string; exact: boolean; read: Array<{ path: string; commit: string; exact: boolean; what: string }> };
  options: Record<string, { flag: string; kind: string; formats?: string[]; omitWhen?: unknown }>;
  inputs: Record<string, { flag: string }>;
  formats: Record<string, { qformat: string; families: Record<string, { supported: boolean; evidence: string }> }>;
  kvCacheDtypes: Record<string, unknown>;
  prequantized: { modelopt: { formats: Record<string, { flags: string[] }>; kvCacheDtypes: Record<string, { flags: string[] }> } };
  argparse: { options: ArgOption[] };
};
const ARGS = new Map(DATA.argparse.options.map((o) => [o.flag, o]));
const BUILD = new Map((JSON.parse(readFileSync(`${REFERENCE}trtllm-0.17/trtllm-build.json`, 'utf8')) as { options: ArgOption[] }).options.map((o) => [o.flag, o]));

/** Splits an argv into [flag, values[]] pairs and checks each against an argparse table. */
function checkAgainst(table: Map<string, ArgOption>, argv: string[]): void {
  const pairs: Array<[string, string[]]> = [];
  for (const tok of argv) {
    if (tok.startsWith('--')) pairs.push([tok, []]);
    else pairs.at(-1)?.[1].push(tok);
  }
  for (const [flag, values] of pairs) {
    const opt = table.get(flag);
    expect(opt, `${flag} is not an option of the real tool`).toBeDefined();
    if (opt!.type.startsWith('bool')) expect(values, flag).toEqual([]);
    else expect(values.length, `${flag} takes one value`).toBe(1);
    if (opt!.type === 'int') for (const v of values) expect(v, flag).toMatch(/^-?\d+$/);
    if (opt!.choices) for (const v of values) expect(opt!.choices.map(String), flag).toContain(v);
  }
}

describe('quantize.json', () => {
  it('records where it was read: repository, tag, the pinned commit, exactness, and a commit per file', () => {
    expect(DATA.provenance).toMatchObject({ repo: 'NVIDIA/TensorRT-LLM', tag: 'v0.17.0', commit: expect.stringMatching(/^[0-9a-f]{40}$/), exact: false });
    expect(DATA.provenance.read.length).toBeGreaterThan(0);
    for (const r of DATA.provenance.read) {
      expect(r.commit, r.path).toMatch(/^([0-9a-f]{40}|unknown .+)$/);
      expect(typeof r.exact, r.path).toBe('boolean');
      expect(r.what.length, r.path).toBeGreaterThan(20);
    }
  });

  it.each(Object.entries({ ...DATA.options, ...DATA.inputs }))('%s is a real quantize.py option', (_path, { flag }) => {
    expect(ARGS.get(flag), flag).toBeDefined();
  });

  it('value options are typed, and the spec defaults are quantize.py\'s own (an omitted flag means the same)', () => {
    for (const [path, spec] of Object.entries(DATA.options)) {
      const opt = ARGS.get(spec.flag)!;
      expect(opt.type.startsWith('bool'), path).toBe(spec.kind === 'flag');
      const ours = path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], DEFAULTS);
      if (ours !== undefined && spec.omitWhen === undefined) expect(ours, `${path} default`).toEqual(opt.default);
    }
  });

  it('every format, KV dtype and dtype the spec type allows is one of quantize.py\'s choices', () => {
    for (const f of Object.values(DATA.formats)) expect(ARGS.get('--qformat')!.choices).toContain(f.qformat);
    for (const kv of Object.keys(DATA.kvCacheDtypes)) expect(ARGS.get('--kv_cache_dtype')!.choices).toContain(kv);
    for (const dtype of ['auto', 'float16', 'bfloat16', 'float32']) expect(ARGS.get('--dtype')!.choices).toContain(dtype);
  });

  it('names evidence for every family × format it decides', () => {
    for (const [format, f] of Object.entries(DATA.formats)) {
      for (const [family, s] of Object.entries(f.families)) expect(s.evidence.length, `${format} × ${family}`).toBeGreaterThan(10);
    }
  });

  it('loads only for releases whose data directory has it (a spec on one release pays for no other)', () => {
    expect(loadBackendData('0.17.0').version).toBe('0.17.0');
    expect(existsSync(`${ROOT}packages/compiler/data/trtllm-0.17.0/quantize.json`)).toBe(true);
  });
});

describe('the committed example', () => {
  const plan = JSON.parse(readFileSync(`${ROOT}generated/llama-3.1-8b-fp8/plan.json`, 'utf8'));
  it('quantizes with quantize.py and builds with trtllm-build, every flag real and every value valid', () => {
    expect(plan.steps.convert.id).toBe('quantize');
    expect(plan.steps.convert.argv.slice(0, 2)).toEqual(['python3', '/trtforge/src/TensorRT-LLM/examples/quantization/quantize.py']);
    checkAgainst(ARGS, plan.steps.convert.argv.slice(2));
    checkAgainst(BUILD, plan.steps.build.argv.slice(1));
    expect(plan.steps.build.argv).toEqual(expect.arrayContaining(['--use_fp8_context_fmha', 'enable']));
    expect(plan.sources.tensorrtllm.paths).toEqual(['examples/quantization/quantize.py']);
    expect(plan.precision).toMatchObject({ format: 'fp8', kvCacheDtype: 'fp8', quantAlgo: 'FP8', kvCacheQuantAlgo: 'FP8', from: 'quantize' });
    expect(plan.sizing).toMatchObject({ weightBytes: 1, kvBytes: 1 });
  });
});

describe('a precision matrix compiles to argv that quantize.py\'s table and the stand-in accept', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trtforge-quantize-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const hf = makeHfModel(join(dir, 'hf'));
  mkdirSync(join(dir, 'calib'));
  writeFileSync(join(dir, 'calib', 'train.jsonl'), '{"text": "calibration"}\n');
  // The stand-in python3 runs only scripts that declare themselves stand-ins (as the fake checkouts do).
  const script = join(dir, 'quantize.py');
  writeFileSync(script, '# trtforge-standin: quantize\n');
  const cases = {
    'fp8-kv-fp8-tp2-pp2': { family: 'llama', quantization: { format: 'fp8', kvCacheDtype: 'fp8', calibSize: 64 }, parallelism: { tp: 2, pp: 2 } },
    'fp8-kv-auto': { family: 'qwen', quantization: { format: 'fp8' } },
    'awq-kv-int8-block64': { family: 'qwen', quantization: { format: 'int4_awq', kvCacheDtype: 'int8', awqBlockSize: 64, calibSize: 16 } },
    'awq-kv-fp8-tp2': { family: 'llama', quantization: { format: 'int4_awq', kvCacheDtype: 'fp8', calibSize: 32 }, parallelism: { tp: 2 } },
  } as const;
  const results = compileInline(Object.fromEntries(Object.entries(cases).map(([name, c]) => [name, {
    source: { modelDir: '/models/m', family: c.family },
    ...('parallelism' in c ? { parallelism: c.parallelism } : {}),
    convert: { dtype: 'bfloat16' },
    quantization: { ...c.quantization, calibDataset: '/data/calib' },
    triton: { excludeInputInOutput: true },
  }])));

  it.each(Object.keys(cases))('%s', (name) => {
    const result = results[name]!;
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const plan = JSON.parse(result.files!['plan.json']!);
    const argv: string[] = plan.steps.convert.argv;
    checkAgainst(ARGS, argv.slice(2));
    checkAgainst(BUILD, plan.steps.build.argv.slice(1));
    // The stand-in parses with quantize.py's argparse table and writes the checkpoint layout.
    const out = join(dir, 'out', name);
    const local = argv.slice(2).map((a) => (a === '/trtforge/hf' ? hf : a === '/trtforge/out' ? out : a.startsWith('/trtforge/calib/') ? join(dir, 'calib') : a));
    const run = spawnSync(process.execPath, [join(ROOT, 'test/stand-ins/run.mjs'), 'python3', script, ...local], { encoding: 'utf8', env: { ...process.env, HF_HUB_OFFLINE: '1' } });
    expect(run.status, run.stderr).toBe(0);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    const q = cases[name as keyof typeof cases].quantization as { format: string; kvCacheDtype?: string };
    expect(config.quantization.quant_algo).toBe(q.format === 'fp8' ? 'FP8' : 'W4A16_AWQ');
    expect(config.quantization.kv_cache_quant_algo).toBe(q.kvCacheDtype === undefined ? null : q.kvCacheDtype.toUpperCase());
    const world = plan.parallelism.worldSize as number;
    for (let rank = 0; rank < world; rank++) expect(existsSync(join(out, `rank${rank}.safetensors`)), `rank${rank}`).toBe(true);
  });

  it.each([
    [['--qformat', 'fp16'], 2, "argument --qformat: invalid choice: 'fp16'"],
    [['--qformat', 'fp8', '--kv_cache_dtype', 'auto'], 2, "argument --kv_cache_dtype: invalid choice: 'auto'"],
    [['--qformat', 'fp8', '--calib_size', '1.5'], 2, "argument --calib_size: invalid int value: '1.5'"],
    [['--qformat', 'fp8', '--calib_dataset', 'cnn_dailymail'], 1, 'forbids the Hub'],
  ])('the stand-in refuses %j like quantize.py', (args, code, message) => {
    const base = ['--model_dir', hf, '--output_dir', join(dir, 'out', 'refused'), '--calib_dataset', join(dir, 'calib')];
    const run = spawnSync(process.execPath, [join(ROOT, 'test/stand-ins/run.mjs'), 'python3', script, ...base, ...args], { encoding: 'utf8', env: { ...process.env, HF_HUB_OFFLINE: '1' } });
    expect(run.status).toBe(code);
    expect(run.stderr).toContain(message);
  });
});
