// `trtforge import` end to end: a filled repository (and an engine dir) in, models/<name>/ out,
// compiling back to the same configs; bad input is one clear line and writes nothing.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeHfModel } from '../stand-ins/fixtures/make-hf-model.mjs';
import { ROOT } from '../helpers/paths.js';
import { TempRepo } from '../helpers/temp-repo.js';

let repo: TempRepo | undefined;
afterEach(() => repo?.dispose());

const EXAMPLE = 'qwen2.5-0.5b';

function withRepository(r: TempRepo): string {
  const dir = join(r.dir, 'incoming', 'model_repo');
  cpSync(join(ROOT, 'generated', EXAMPLE, 'triton_model_repo'), dir, { recursive: true });
  return dir;
}

describe('trtforge import', () => {
  it('writes models/<name>/ that compiles to the same five configs, listing what it cannot express', () => {
    repo = new TempRepo();
    withRepository(repo);
    const engine = join(repo.dir, 'incoming', 'engine');
    mkdirSync(engine, { recursive: true });
    // The engine config.json layout of trtllm-build (build_config with plugin_config, checkpoint mapping).
    writeFileSync(join(engine, 'config.json'), JSON.stringify({
      version: '0.17.0.post1',
      pretrained_config: { architecture: 'Qwen2ForCausalLM', dtype: 'float16', mapping: { world_size: 1, tp_size: 1, pp_size: 1 },
        quantization: { quant_algo: 'FP8', kv_cache_quant_algo: 'FP8', group_size: 128, smoothquant_val: 0.5, clamp_val: null, use_meta_recipe: false, has_zero_point: false, pre_quant_scale: false, exclude_modules: null } },
      build_config: { max_batch_size: 20, max_input_len: 10240, max_seq_len: 16384, max_num_tokens: 16384, kv_cache_type: 'PAGED', some_future_knob: 3,
        plugin_config: { gemm_plugin: 'float16', use_paged_context_fmha: true, remove_input_padding: true } },
    }));
    const r = repo.trtforge('import', 'incoming/model_repo', '--engine', 'incoming/engine', '--name', 'imported');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓ models/imported/ (model.ts, package.json, turbo.json)');
    expect(r.stdout).toContain('source.modelDir: a model repository does not say where the Hugging Face weights are');
    expect(r.stdout).toContain('engine build_config keys with no trtllm-build flag in trtforge\'s v0.17.0 table (the rebuilt engine takes trtllm-build\'s defaults for them): some_future_knob');
    const spec = readFileSync(join(repo.dir, 'models/imported/model.ts'), 'utf8');
    expect(spec).toContain(' *   - engine build_config keys with no trtllm-build flag');
    expect(spec).toContain('Imported by `trtforge import` from incoming/model_repo');
    // The engine's precision is written back; how it was calibrated, which the engine does not record, is listed.
    expect(spec).toMatch(/quantization: \{\n    format: 'fp8',\n    kvCacheDtype: 'fp8',\n    calibDataset: '\/data\/cnn_dailymail',\n  \}/);
    expect(r.stdout).toContain('quantization.calibDataset: an engine does not record the dataset its checkpoint was calibrated on');
    expect(repo.trtforge('compile', 'imported').code).toBe(0);
    for (const m of ['ensemble', 'preprocessing', 'tensorrt_llm', 'postprocessing', 'tensorrt_llm_bls']) {
      const body = (f: string) => readFileSync(f, 'utf8').replace(/^#.*\n/gm, '');
      expect(body(join(repo.dir, 'generated/imported/triton_model_repo', m, 'config.pbtxt')), m).toBe(body(join(ROOT, 'generated', EXAMPLE, 'triton_model_repo', m, 'config.pbtxt')));
    }
    const plan = JSON.parse(readFileSync(join(repo.dir, 'generated/imported/plan.json'), 'utf8')) as { steps: { build: { argv: string[] } }; precision?: unknown };
    const original = JSON.parse(readFileSync(join(ROOT, 'generated', EXAMPLE, 'plan.json'), 'utf8')) as { steps: { build: { argv: string[] } } };
    expect(plan.steps.build.argv).toEqual(original.steps.build.argv);
    expect(plan.precision).toMatchObject({ format: 'fp8', kvCacheDtype: 'fp8', quantAlgo: 'FP8', kvCacheQuantAlgo: 'FP8' });
  }, 240_000); // import, then a compile that type-checks, on a busy machine

  it('--model-dir: the family from its config.json, and a ModelOpt checkpoint (hf_quant_config.json) loaded as it is', () => {
    repo = new TempRepo();
    withRepository(repo);
    const hf = makeHfModel(join(repo.dir, 'incoming', 'Llama-3.1-8B-Instruct-FP8'), { config: { architectures: ['LlamaForCausalLM'], model_type: 'llama' } });
    writeFileSync(join(hf, 'hf_quant_config.json'), JSON.stringify({ producer: { name: 'modelopt', version: '0.23.0' }, quantization: { quant_algo: 'FP8', kv_cache_quant_algo: 'FP8' } }));
    const r = repo.trtforge('import', 'incoming/model_repo', '--model-dir', 'incoming/Llama-3.1-8B-Instruct-FP8', '--name', 'imported');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const spec = readFileSync(join(repo.dir, 'models/imported/model.ts'), 'utf8');
    expect(spec).toMatch(/source: \{\n    modelDir: 'incoming\/Llama-3\.1-8B-Instruct-FP8',\n    family: 'llama',\n    checkpoint: 'modelopt',\n  \}/);
    expect(spec).toMatch(/quantization: \{\n    format: 'fp8',\n    kvCacheDtype: 'fp8',\n  \}/);
    expect(r.stdout).not.toMatch(/source\.family:|quantization:/);
    expect(repo.trtforge('compile', 'imported').code).toBe(0);
    const plan = JSON.parse(readFileSync(join(repo.dir, 'generated/imported/plan.json'), 'utf8')) as { precision?: { from: string } };
    expect(plan.precision?.from).toBe('checkpoint');
    // An unreadable marker file: one clear line, nothing written.
    writeFileSync(join(hf, 'hf_quant_config.json'), '{ nope');
    const bad = repo.trtforge('import', 'incoming/model_repo', '--model-dir', 'incoming/Llama-3.1-8B-Instruct-FP8', '--name', 'other');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error --model-dir incoming\/Llama-3\.1-8B-Instruct-FP8: cannot read hf_quant_config\.json as JSON/);
    expect(existsSync(join(repo.dir, 'models/other'))).toBe(false);
  }, 240_000); // three trtforge processes, one compile that type-checks

  it('bad input: one clear line, exit 1, nothing written', () => {
    repo = new TempRepo();
    withRepository(repo);
    const missing = repo.trtforge('import', 'nowhere', '--name', 'x');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('error nowhere: no such directory\n');
    mkdirSync(join(repo.dir, 'empty'));
    const empty = repo.trtforge('import', 'empty', '--name', 'x');
    expect(empty.stderr).toMatch(/^error empty: no <model>\/config\.pbtxt of an inflight_batcher_llm repository/);
    mkdirSync(join(repo.dir, 'engine'));
    writeFileSync(join(repo.dir, 'engine/config.json'), '{ not json');
    const badEngine = repo.trtforge('import', 'incoming/model_repo', '--engine', 'engine', '--name', 'x');
    expect(badEngine.code).toBe(1);
    expect(badEngine.stderr).toMatch(/^error --engine engine: cannot read .*config\.json as JSON/);
    writeFileSync(join(repo.dir, 'incoming/model_repo/tensorrt_llm/config.pbtxt'), 'max_batch_size: "many"\n');
    const badConfig = repo.trtforge('import', 'incoming/model_repo', '--name', 'x');
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toMatch(/^error incoming\/model_repo: tensorrt_llm\/config\.pbtxt:/);
    expect(badConfig.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(repo.dir, 'models/x'))).toBe(false);
    repo.addModel('taken', '');
    expect(repo.trtforge('import', 'incoming/model_repo', '--name', 'taken').stderr).toContain('models/taken/ already exists');
  }, 240_000); // six trtforge processes
});
