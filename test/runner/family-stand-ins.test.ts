import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '@trtforge/spec';
import { makeTensorrtLlmCheckout } from '../stand-ins/fixtures/make-checkouts.mjs';
import { makeHfModel } from '../stand-ins/fixtures/make-hf-model.mjs';
import { REPO_ROOT, STAND_INS } from './helpers/workspace.js';

/**
 * The stand-in converter plays each family's examples/<dir>/convert_checkpoint.py with that
 * family's argparse table (compiler data): every committed plan's convert argv is accepted by
 * its family's stand-in, another family's flags are argparse errors, and weights of another
 * family are refused the way the real scripts refuse them.
 */
let dir: string;
const run = (script: string, args: string[]) => {
  const r = spawnSync('python3', [script, ...args], { env: { ...process.env, PATH: `${join(STAND_INS, 'bin')}:${process.env.PATH}` }, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const script = (family: string) => join(dir, 'trt', `examples/${family}/convert_checkpoint.py`);

/** config.json facts of each family's weights (from the models' Hugging Face config.json). */
const WEIGHTS: Record<string, Record<string, unknown>> = {
  qwen: {},
  llama: { architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 8192, num_attention_heads: 64, num_key_value_heads: 8, vocab_size: 128256 },
  mistral: { architectures: ['MistralForCausalLM'], model_type: 'mistral', hidden_size: 4096, num_attention_heads: 32, num_key_value_heads: 8, vocab_size: 32768 },
  gemma: { architectures: ['Gemma2ForCausalLM'], model_type: 'gemma2', hidden_size: 3584, num_attention_heads: 16, num_key_value_heads: 8, vocab_size: 256000 },
  phi: { architectures: ['Phi3ForCausalLM'], model_type: 'phi3', hidden_size: 3072, num_attention_heads: 32, num_key_value_heads: 32, vocab_size: 32064 },
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trtforge-family-standins-'));
  makeTensorrtLlmCheckout(join(dir, 'trt'));
  for (const [name, config] of Object.entries(WEIGHTS)) makeHfModel(join(dir, 'hf', name), { config });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('every committed plan\'s convert argv runs on its family\'s stand-in converter', () => {
  const plans = readdirSync(join(REPO_ROOT, 'generated')).map((m) => JSON.parse(readFileSync(join(REPO_ROOT, 'generated', m, 'plan.json'), 'utf8')) as Plan);
  // (a quantized spec's checkpoint comes from quantize.py: test/compile/quantize-tables.test.ts runs those)
  it.each(plans.filter((p) => p.steps.convert.id !== 'quantize').map((p) => [p.model, p] as const))('%s', (model, plan) => {
    const weights = model.startsWith('mistral') ? 'mistral' : plan.family!.name;
    const out = join(dir, 'out', model);
    // Container paths → this host's: the weights and an output directory.
    const argv = plan.steps.convert.argv.slice(2).map((a) => (a === plan.steps.convert.mounts[0]!.target ? join(dir, 'hf', weights) : a === plan.steps.convert.outputDir ? out : a));
    const r = run(script(plan.family!.name), argv);
    expect(r.code, r.err).toBe(0);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect(config.mapping.world_size).toBe(plan.parallelism.worldSize);
    expect(readdirSync(out).filter((f) => f.endsWith('.safetensors'))).toHaveLength(plan.parallelism.worldSize);
  });
});

describe('each family\'s converter has its own option table', () => {
  it.each([
    ['llama', ['--model_dir', 'x', '--world-size', '2'], 'unrecognized arguments: --world-size 2'],
    ['llama', ['--model_dir', 'x', '--dtype', 'auto'], "argument --dtype: invalid choice: 'auto' (choose from 'float32', 'bfloat16', 'float16')"],
    ['gemma', ['--model-dir', 'x', '--output-model-dir', 'y', '--tp_size', '2'], 'unrecognized arguments: --tp_size 2'],
    ['gemma', ['--model-dir', 'x'], 'the following arguments are required: --output-model-dir'],
    ['phi', ['--model_dir', 'x', '--smoothquant', '0.5'], 'unrecognized arguments: --smoothquant 0.5'],
    ['phi', ['--model_dir', 'x', '--use_weight_only', '--weight_only_precision', 'int4_gptq'], "argument --weight_only_precision: invalid choice: 'int4_gptq' (choose from 'int8', 'int4')"],
  ])('%s %j → argparse error, exit 2', (family, args, message) => {
    const r = run(script(family), args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`convert_checkpoint.py: error: ${message}`);
  });

  it('refuses weights of another family, like the real scripts', () => {
    const r = run(script('phi'), ['--model_dir', join(dir, 'hf', 'llama'), '--output_dir', join(dir, 'out', 'phi-on-llama')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Unsupported model type: llama (LlamaForCausalLM)');
  });

  it('phi refuses pipeline parallelism, as its script asserts', () => {
    const r = run(script('phi'), ['--model_dir', join(dir, 'hf', 'phi'), '--output_dir', join(dir, 'out', 'phi-pp'), '--pp_size', '2']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Pipeline parallelism is not supported.');
  });

  it('plays the release of its checkout (tensorrt_llm/version.py): 0.19.0 has tables, 0.12.0 has none', () => {
    for (const [version, code] of [['0.19.0', 0], ['0.12.0', 1]] as const) {
      const root = join(dir, `trt-${version}`);
      makeTensorrtLlmCheckout(root);
      mkdirSync(join(root, 'tensorrt_llm'), { recursive: true });
      writeFileSync(join(root, 'tensorrt_llm', 'version.py'), `__version__ = "${version}"\n`);
      const r = run(join(root, 'examples/llama/convert_checkpoint.py'), ['--model_dir', join(dir, 'hf', 'llama'), '--output_dir', join(dir, 'out', `llama-${version}`)]);
      expect(r.code, r.err).toBe(code);
      if (code === 1) expect(r.err).toContain('stand-in: no converter table for family llama at 0.12.0');
    }
  });
});
