// `trtforge import` round trips: every example's generated/<m>/triton_model_repo, and NVIDIA's own
// filled examples from the release docs (fill_template.py invocations, filled here the way the tool
// fills them), are imported, compiled back, and compared field by field with what went in.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { argvLeaves, boolParameters, compileSpecs, configLeaves, importRepository, MODEL_NAMES, renderSpecSource, type ImportInput, type TritonModelName } from '@trtforge/compiler';
import type { Plan } from '@trtforge/spec';
import { parsePbtxt, type PlainMessage } from '@trtforge/pbtxt';
import { REFERENCE, requireShared, ROOT } from '../helpers/paths.js';
import { TempRepo } from '../helpers/temp-repo.js';
import { fillTemplateText, parseSubstitutions } from './fill-template.js';

const repo = new TempRepo();
afterAll(() => repo.dispose());

/**
 * A config's fields for comparison. fill_template.py leaves a parameter it was not given as its
 * literal `${name}`; trtforge leaves it out (the backend default applies, see
 * packages/compiler/src/emit/fill-template.ts) — both mean "unset", so such parameters are dropped.
 */
const BOOLS = boolParameters('0.17.0');
function fields(message: PlainMessage): Record<string, string> {
  return Object.fromEntries([...configLeaves(message, BOOLS)].filter(([path, value]) => !(path.startsWith('parameters.') && /^\$\{[_a-zA-Z0-9]+\}$/.test(value))));
}

/** Imports `configs`, writes models/<name>/ in a throwaway repository, compiles it with the real loader, and returns both sides' fields. */
function roundTrip(name: string, configs: Record<TritonModelName, string>, engineConfig?: unknown, more: Partial<ImportInput> = {}) {
  const imported = importRepository({ name, configs, ...(engineConfig ? { engineConfig } : {}), ...more });
  const dir = join(repo.dir, 'models', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.ts'), renderSpecSource(imported.spec, `test fixture ${name}`, imported.unexpressed));
  for (const f of ['package.json', 'turbo.json']) writeFileSync(join(dir, f), readFileSync(join(ROOT, 'models/qwen2.5-0.5b', f), 'utf8').replaceAll('qwen2.5-0.5b', name));
  const [compiled] = compileSpecs([join(dir, 'model.ts')], { root: repo.dir, cwd: repo.dir, cacheDir: false });
  const errors = compiled!.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.map((d) => `${d.code} ${d.path}: ${d.message}`)).toEqual([]);
  const pairs = MODEL_NAMES.map((m) => ({
    model: m,
    original: fields(parsePbtxt(configs[m], { source: `${name}/${m}` })),
    compiled: fields(parsePbtxt(compiled!.files![`triton_model_repo/${m}/config.pbtxt`]!)),
  }));
  return { imported, pairs, plan: JSON.parse(compiled!.files!['plan.json']!) as Plan };
}

/** Every field that differs after the round trip must be one the import listed (`<model>: <field> is …`). */
function expectOnlyListed(pairs: ReturnType<typeof roundTrip>['pairs'], unexpressed: readonly string[]): void {
  const unlisted: string[] = [];
  for (const p of pairs) {
    for (const path of new Set([...Object.keys(p.original), ...Object.keys(p.compiled)])) {
      if (p.original[path] !== p.compiled[path] && !unexpressed.some((u) => u.startsWith(`${p.model}: ${path} is `))) unlisted.push(`${p.model}: ${path}`);
    }
  }
  expect(unlisted).toEqual([]);
}

/** TensorRT-LLM's QuantConfig fields and defaults, as the engine's config.json holds them (pretrained_config.quantization). */
const QUANT_CONFIG = (JSON.parse(readFileSync(join(ROOT, 'packages/compiler/data/trtllm-0.17.0/quant-config.json'), 'utf8')) as { fields: Record<string, unknown> }).fields;

/**
 * The engine's config.json as trtllm-build writes it for a plan (test/stand-ins/trtllm-build.mjs:
 * build_config = the parsed flags, pretrained_config = the checkpoint's config with its mapping and
 * quantization — every QuantConfig field, as TensorRT-LLM's to_dict() dumps it; quant_algo and
 * kv_cache_quant_algo as the plan's precision names them, group_size = the AWQ block size).
 */
function engineConfigOf(plan: Plan): unknown {
  const flags = Object.fromEntries([...argvLeaves(plan.steps.build.argv)].filter(([k]) => k.startsWith('--')).map(([k, v]) => [k.slice(2), v]));
  const { checkpoint_dir: _c, output_dir: _o, ...buildConfig } = flags;
  const awqBlockSize = (plan.steps.convert.cacheKey?.quantize as { awqBlockSize?: number } | undefined)?.awqBlockSize;
  const quantization = {
    ...QUANT_CONFIG,
    quant_algo: plan.precision?.quantAlgo ?? null,
    kv_cache_quant_algo: plan.precision?.kvCacheQuantAlgo ?? null,
    ...(awqBlockSize !== undefined ? { group_size: awqBlockSize } : {}),
  };
  return { version: plan.versions.tensorrtllm, pretrained_config: { mapping: { tp_size: plan.parallelism.tp, pp_size: plan.parallelism.pp, world_size: plan.parallelism.worldSize }, quantization }, build_config: buildConfig };
}

/** The precision a plan builds: what an engine's config.json records of it (nothing of calibration). */
const precisionOf = (plan: Plan) => plan.precision && {
  format: plan.precision.format,
  kvCacheDtype: plan.precision.kvCacheDtype,
  quantAlgo: plan.precision.quantAlgo,
  kvCacheQuantAlgo: plan.precision.kvCacheQuantAlgo,
  awqBlockSize: (plan.steps.convert.cacheKey?.quantize as { awqBlockSize?: number } | undefined)?.awqBlockSize,
};

/**
 * What an engine cannot tell about a quantized checkpoint: how it was calibrated, and — for a format a
 * ModelOpt checkpoint can also hold (quantize.json `prequantized`) — whether it was calibrated at all.
 */
const QUANTIZE = JSON.parse(readFileSync(join(ROOT, 'packages/compiler/data/trtllm-0.17.0/quantize.json'), 'utf8')) as { prequantized: { modelopt: { formats: Record<string, unknown> } } };
const calibrationLines = (format: string) => [
  /^quantization\.calibDataset: an engine does not record/,
  /^quantization\.calibSize, calibMaxSeqLength, seed: an engine does not record/,
  ...(format in QUANTIZE.prequantized.modelopt.formats ? [/^source\.checkpoint: an engine does not record/] : []),
];

describe('import → compile reproduces every example\'s model repository', () => {
  const examples = readdirSync(join(ROOT, 'generated'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  const quantized = (name: string) => (JSON.parse(readFileSync(join(ROOT, 'generated', name, 'plan.json'), 'utf8')) as Plan).precision !== undefined;
  it('a quantized example is among them', () => expect(examples.filter(quantized).length).toBeGreaterThan(0));
  it('there are examples to round-trip', () => expect(examples.length).toBeGreaterThan(0));
  for (const example of examples) {
    it(example, () => {
      const configs = Object.fromEntries(MODEL_NAMES.map((m) => [m, readFileSync(join(ROOT, 'generated', example, 'triton_model_repo', m, 'config.pbtxt'), 'utf8')])) as Record<TritonModelName, string>;
      const original = JSON.parse(readFileSync(join(ROOT, 'generated', example, 'plan.json'), 'utf8')) as Plan;
      const { imported, pairs, plan } = roundTrip(`rt-${example}`, configs, engineConfigOf(original));
      // The engine's config.json names the TensorRT-LLM that built it: that release's templates and tables are read.
      expect(imported.backendVersion).toBe(original.versions.backend);
      for (const p of pairs) expect(p.compiled, p.model).toEqual(p.original);
      // The engine's settings come back too: the same trtllm-build flags.
      expect(argvLeaves(plan.steps.build.argv)).toEqual(argvLeaves(original.steps.build.argv));
      // The engine's precision comes back: the same quantization format, KV cache dtype and AWQ block size.
      expect(precisionOf(plan)).toEqual(precisionOf(original));
      // What a repository cannot say (where the weights are) is listed, and for a quantized engine how its
      // checkpoint was calibrated; nothing about the configs is.
      const rest = imported.unexpressed.filter((u) => !/^source\.(modelDir|family):/.test(u));
      const calibration = original.precision ? calibrationLines(original.precision.format) : [];
      expect(rest.map((u) => calibration.findIndex((line) => line.test(u)))).toEqual(calibration.map((_l, i) => i));
    }, 240_000); // a cold type-check, on a busy machine
  }
});

/**
 * The class of quantized engines, on one example's repository and engine (qwen2.5-0.5b: a family every
 * quantize.py format supports) with pretrained_config.quantization as TensorRT-LLM writes it.
 */
describe('import → compile carries a quantized engine\'s precision, or lists what it cannot', () => {
  const BASE = 'qwen2.5-0.5b';
  const configs = (base: string = BASE) => Object.fromEntries(MODEL_NAMES.map((m) => [m, readFileSync(join(ROOT, 'generated', base, 'triton_model_repo', m, 'config.pbtxt'), 'utf8')])) as Record<TritonModelName, string>;
  const planOf = (base: string) => JSON.parse(readFileSync(join(ROOT, 'generated', base, 'plan.json'), 'utf8')) as Plan;
  const original = planOf(BASE);
  const engine = (quantization: Record<string, unknown>, plan: Plan = original) => {
    const config = engineConfigOf(plan) as { pretrained_config: { quantization: Record<string, unknown> } };
    config.pretrained_config.quantization = { ...QUANT_CONFIG, ...quantization };
    return config;
  };
  const cases = [
    { name: 'fp8 weights', quantization: { quant_algo: 'FP8' }, precision: { format: 'fp8', kvCacheDtype: 'auto', quantAlgo: 'FP8', kvCacheQuantAlgo: null, awqBlockSize: undefined }, flags: [['--qformat', 'fp8']], absent: ['--kv_cache_dtype', '--awq_block_size'] },
    { name: 'fp8 weights + fp8 KV cache', quantization: { quant_algo: 'FP8', kv_cache_quant_algo: 'FP8' }, precision: { format: 'fp8', kvCacheDtype: 'fp8', quantAlgo: 'FP8', kvCacheQuantAlgo: 'FP8', awqBlockSize: undefined }, flags: [['--qformat', 'fp8'], ['--kv_cache_dtype', 'fp8']], absent: ['--awq_block_size'] },
    { name: 'int4-awq, group size 64', quantization: { quant_algo: 'W4A16_AWQ', group_size: 64, pre_quant_scale: true }, precision: { format: 'int4_awq', kvCacheDtype: 'auto', quantAlgo: 'W4A16_AWQ', kvCacheQuantAlgo: null, awqBlockSize: 64 }, flags: [['--qformat', 'int4_awq'], ['--awq_block_size', '64'], ['--calib_size', '32']], absent: ['--kv_cache_dtype'] },
    { name: 'int4-awq, group size 128 + int8 KV cache', quantization: { quant_algo: 'W4A16_AWQ', kv_cache_quant_algo: 'INT8', group_size: 128, pre_quant_scale: true }, precision: { format: 'int4_awq', kvCacheDtype: 'int8', quantAlgo: 'W4A16_AWQ', kvCacheQuantAlgo: 'INT8', awqBlockSize: 128 }, flags: [['--qformat', 'int4_awq'], ['--kv_cache_dtype', 'int8']], absent: [] },
  ] as const;
  for (const c of cases) {
    it(c.name, () => {
      const { imported, pairs, plan } = roundTrip(`q-${c.name.replace(/[^a-z0-9]+/g, '-')}`, configs(), engine(c.quantization));
      for (const p of pairs) expect(p.compiled, p.model).toEqual(p.original);
      expect(argvLeaves(plan.steps.build.argv)).toEqual(argvLeaves(original.steps.build.argv));
      expect(precisionOf(plan)).toEqual(c.precision);
      expect(plan.steps.convert.id).toBe('quantize');
      const argv = plan.steps.convert.argv;
      for (const [flag, value] of c.flags) expect(argv[argv.indexOf(flag) + 1], flag).toBe(value);
      for (const flag of c.absent) expect(argv, flag).not.toContain(flag);
      const rest = imported.unexpressed.filter((u) => !/^source\.(modelDir|family):/.test(u));
      const expected = calibrationLines(c.precision.format);
      expect(rest.filter((u) => !/^engine pretrained_config\.quantization also records/.test(u)).map((u) => expected.findIndex((line) => line.test(u)))).toEqual(expected.map((_l, i) => i));
      // An AWQ checkpoint's pre_quant_scale (not QuantConfig's default) has no spec field: said, not dropped.
      expect(rest.some((u) => u.startsWith('engine pretrained_config.quantization also records pre_quant_scale true'))).toBe('pre_quant_scale' in c.quantization);
    }, 240_000);
  }

  const convertCases = [
    { name: 'int8 weight-only (convert_checkpoint.py)', base: BASE, quantization: { quant_algo: 'W8A16' }, flags: [['--weight_only_precision', 'int8']], present: ['--use_weight_only'], listed: [] },
    { name: 'smoothquant per channel + per token (convert_checkpoint.py)', base: BASE, quantization: { quant_algo: 'W8A8_SQ_PER_CHANNEL_PER_TOKEN_PLUGIN', smoothquant_val: 0.8 }, flags: [['--smoothquant', '0.8']], present: ['--per_channel', '--per_token'], listed: [/^convert\.calibDataset: an engine does not record/] },
    // An INT8 KV cache rules out paged context FMHA (TRT121): on an example whose engine has it off.
    { name: 'int4 weight-only + int8 KV cache (convert_checkpoint.py)', base: 'mistral-7b-instruct-v0.3', quantization: { quant_algo: 'W4A16', kv_cache_quant_algo: 'INT8' }, flags: [['--weight_only_precision', 'int4']], present: ['--use_weight_only', '--int8_kv_cache'], listed: [/^convert\.calibDataset: an engine does not record/] },
  ] as const;
  for (const c of convertCases) {
    it(c.name, () => {
      const base = planOf(c.base);
      const { imported, pairs, plan } = roundTrip(`q-${c.name.replace(/[^a-z0-9]+/g, '-').replace(/-$/, '')}`, configs(c.base), engine(c.quantization, base));
      for (const p of pairs) expect(p.compiled, p.model).toEqual(p.original);
      expect(argvLeaves(plan.steps.build.argv)).toEqual(argvLeaves(base.steps.build.argv));
      expect(plan.precision).toBeUndefined();
      expect(plan.steps.convert.id).toBe('convert');
      const argv = plan.steps.convert.argv;
      for (const [flag, value] of c.flags) expect(argv[argv.indexOf(flag) + 1], flag).toBe(value);
      for (const flag of c.present) expect(argv, flag).toContain(flag);
      const rest = imported.unexpressed.filter((u) => !/^source\.(modelDir|family):/.test(u));
      expect(rest.map((u) => c.listed.findIndex((line) => line.test(u)))).toEqual(c.listed.map((_l, i) => i));
    }, 240_000);
  }

  // A ModelOpt checkpoint in source.modelDir (hf_quant_config.json) that holds the engine's precision: loaded as it is.
  const modelOpt = (quant_algo: string, kv_cache_quant_algo: string | null) => ({ producer: { name: 'modelopt' }, quantization: { quant_algo, kv_cache_quant_algo } });
  const markerReader = (content: unknown) => (name: string) => (name === 'hf_quant_config.json' ? content : undefined);
  it('fp8 + fp8 KV engine whose source.modelDir is the ModelOpt checkpoint: source.checkpoint modelopt, nothing calibrated', () => {
    const { imported, pairs, plan } = roundTrip('q-modelopt', configs(), engine({ quant_algo: 'FP8', kv_cache_quant_algo: 'FP8' }), { family: 'llama', readModelDirFile: markerReader(modelOpt('FP8', 'FP8')) });
    for (const p of pairs) expect(p.compiled, p.model).toEqual(p.original);
    expect(argvLeaves(plan.steps.build.argv)).toEqual(argvLeaves(original.steps.build.argv));
    expect(plan.precision).toMatchObject({ format: 'fp8', kvCacheDtype: 'fp8', quantAlgo: 'FP8', kvCacheQuantAlgo: 'FP8', from: 'checkpoint' });
    expect(plan.steps.convert.argv).toEqual(expect.arrayContaining(['--use_fp8', '--fp8_kv_cache']));
    expect(imported.unexpressed.filter((u) => !/^source\.modelDir:/.test(u))).toEqual([]);
  }, 240_000);

  it('a ModelOpt checkpoint that is not the engine\'s precision: said, and the engine\'s precision kept', () => {
    const { imported, plan } = roundTrip('q-modelopt-other', configs(), engine({ quant_algo: 'FP8' }), { family: 'llama', readModelDirFile: markerReader(modelOpt('FP8', 'FP8')) });
    expect(precisionOf(plan)).toMatchObject({ format: 'fp8', kvCacheDtype: 'auto', quantAlgo: 'FP8' });
    expect(plan.precision?.from).toBe('quantize');
    expect(imported.unexpressed.filter((u) => u.startsWith('source.checkpoint: source.modelDir holds a ModelOpt checkpoint (hf_quant_config.json: quant_algo "FP8", kv_cache_quant_algo "FP8") that is not the engine\'s precision'))).toHaveLength(1);
  }, 240_000);

  it('no engine, but source.modelDir is a ModelOpt checkpoint: its hf_quant_config.json gives the precision', () => {
    const { imported, plan } = roundTrip('q-modelopt-no-engine', configs(), undefined, { family: 'llama', readModelDirFile: markerReader(modelOpt('FP8', null)) });
    expect(plan.precision).toMatchObject({ format: 'fp8', kvCacheDtype: 'auto', quantAlgo: 'FP8', kvCacheQuantAlgo: null, from: 'checkpoint' });
    expect(imported.unexpressed.some((u) => u.startsWith('quantization:'))).toBe(false);
    const unloadable = roundTrip('q-modelopt-nvfp4', configs(), undefined, { family: 'llama', readModelDirFile: markerReader(modelOpt('NVFP4', null)) });
    expect(unloadable.plan.precision).toBeUndefined();
    expect(unloadable.imported.unexpressed.filter((u) => u.startsWith('quantization: source.modelDir holds a ModelOpt checkpoint (hf_quant_config.json: quant_algo "NVFP4"'))).toHaveLength(1);
  }, 240_000);

  it('an algorithm no spec field gives: listed, and no quantization section written (never a different precision)', () => {
    for (const quantization of [{ quant_algo: 'W8A8_SQ_PER_CHANNEL' }, { quant_algo: 'NVFP4', kv_cache_quant_algo: 'FP8' }, { quant_algo: null, kv_cache_quant_algo: 'FP8' }, { quant_algo: 'W8A16', kv_cache_quant_algo: 'FP8' }]) {
      const { imported, plan } = roundTrip('q-unknown', configs(), engine(quantization));
      expect(plan.precision, JSON.stringify(quantization)).toBeUndefined();
      expect(plan.steps.convert.id).toBe('convert');
      const line = imported.unexpressed.filter((u) => u.startsWith('engine pretrained_config.quantization ('));
      expect(line, JSON.stringify(quantization)).toHaveLength(1);
      expect(line[0]).toMatch(/cannot be expressed .*quantization\.format gives FP8 \(fp8\), W4A16_AWQ \(int4_awq\).*convert_checkpoint\.py gives W8A16 .*the rebuilt engine is unquantized/);
      rmSync(join(repo.dir, 'models', 'q-unknown'), { recursive: true });
    }
  }, 240_000);

  it('without the engine the precision is unknown, and said so', () => {
    const { imported, plan } = roundTrip('q-no-engine', configs());
    expect(plan.precision).toBeUndefined();
    expect(imported.unexpressed).toContain("quantization: no --engine given, and a model repository does not record the engine's precision (quant_algo, kv_cache_quant_algo), so it is unknown; imported without a quantization section, so the rebuilt engine is unquantized (16/32-bit weights, KV cache in convert.dtype) — pass --engine <engine dir> to read it from config.json's pretrained_config.quantization");
  }, 240_000);
});

interface DocExample { name: string; doc: string; lines: string; variables: Record<string, { value: string }>; fills: Record<TritonModelName, string> }
const fixture = JSON.parse(readFileSync(join(ROOT, 'test/golden/fixtures/nvidia-docs/v0.17.0.json'), 'utf8')) as { source: { tag: string; commit: string }; examples: DocExample[] };

describe(`import of NVIDIA's filled examples (tensorrtllm_backend ${fixture.source.tag} docs) → compile → the same configs`, () => {
  for (const ex of fixture.examples) {
    it(`${ex.doc}:${ex.lines}`, () => {
      requireShared();
      const expand = (arg: string) => arg.replace(/\$\{([A-Z_]+)\}/g, (_m, v: string) => ex.variables[v]!.value);
      const configs = Object.fromEntries(MODEL_NAMES.map((m) => {
        const template = readFileSync(join(REFERENCE, 'tensorrtllm_backend-v0.17.0/inflight_batcher_llm', m, 'config.pbtxt'), 'utf8');
        return [m, fillTemplateText(template, parseSubstitutions(expand(ex.fills[m])))];
      })) as Record<TritonModelName, string>;
      const { imported, pairs } = roundTrip(`nv-${ex.name}`, configs);
      expectOnlyListed(pairs, imported.unexpressed);
      expect(imported.unexpressed).toMatchSnapshot();
    }, 240_000);
  }
});
