import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers/paths.js';
import { copyRepository } from '../helpers/repo-copy.js';

const STACK_TRACE = /^\s+at .+[:(]/m;

function run(cwd: string, file: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(file, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const trtforge = (cwd: string, ...args: string[]) => run(cwd, process.execPath, [CLI, ...args]);
const npm = (cwd: string, ...args: string[]) => run(cwd, 'npm', [...args, '--offline', '--ignore-scripts', '--no-audit', '--no-fund']);

describe('trtforge new <name> [--model-dir <hf dir>]', () => {
  let repo: string;
  let hf: string;
  beforeAll(() => {
    repo = copyRepository('trtforge-new-');
    hf = join(repo, 'hf', 'Qwen2-7B');
    mkdirSync(hf, { recursive: true });
    writeFileSync(join(hf, 'config.json'), JSON.stringify({ architectures: ['Qwen2ForCausalLM'], model_type: 'qwen2' }));
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('scaffolds models/<name>/ in the shape of models/qwen2.5-0.5b, with the family from config.json and free ports', () => {
    const result = trtforge(repo, 'new', 'my-qwen', '--model-dir', hf);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('family qwen (config.json model_type "qwen2")');
    const rename = (text: string) => text.replaceAll('qwen2.5-0.5b', 'my-qwen');
    const seed = JSON.parse(rename(readFileSync(join(ROOT, 'models/qwen2.5-0.5b/package.json'), 'utf8')));
    const made = JSON.parse(readFileSync(join(repo, 'models/my-qwen/package.json'), 'utf8'));
    expect({ ...made, description: '' }).toEqual({ ...seed, description: '' });
    expect(JSON.parse(readFileSync(join(repo, 'models/my-qwen/turbo.json'), 'utf8'))).toEqual(JSON.parse(rename(readFileSync(join(ROOT, 'models/qwen2.5-0.5b/turbo.json'), 'utf8'))));
    const model = readFileSync(join(repo, 'models/my-qwen/model.ts'), 'utf8');
    expect(model).toContain("name: 'my-qwen'");
    expect(model).toContain("modelDir: 'hf/Qwen2-7B'"); // inside the repository: relative to its root
    expect(model).toContain("family: 'qwen'");
    expect(model).toContain('ports: { http: 8010, grpc: 8011, metrics: 8012, openai: 9010 }');
  });

  it('the lockfile is exactly what npm writes, and npm ci accepts it', () => {
    const ours = readFileSync(join(repo, 'package-lock.json'), 'utf8');
    expect(ours).not.toBe(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
    const ci = npm(repo, 'ci', '--dry-run');
    expect(ci.code, ci.stderr).toBe(0);
    const install = npm(repo, 'install', '--package-lock-only');
    expect(install.code, install.stderr).toBe(0);
    expect(readFileSync(join(repo, 'package-lock.json'), 'utf8')).toBe(ours);
    expect(existsSync(join(repo, 'node_modules/my-qwen/model.ts'))).toBe(true);
  });

  it('the new spec compiles without a warning', () => {
    const result = trtforge(repo, 'compile', 'my-qwen');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(existsSync(join(repo, 'generated/my-qwen/plan.json'))).toBe(true);
  });

  it.each([
    [['new', 'qwen2.5-0.5b'], /^error models\/qwen2\.5-0\.5b\/ already exists/],
    [['new', 'My_Model'], /^error invalid model name "My_Model"/],
    [['new', '-x'], /^error: unknown option '-x'/],
    [['new', 'node_modules'], /^error invalid model name "node_modules"/],
    [['new', 'turbo'], /^error "turbo" is already a package in this repository's node_modules/],
    [['new', 'other', '--model-dir', 'nowhere'], /^error --model-dir .*nowhere: no config\.json there/],
  ])('refuses %j with one clear line and writes nothing', (args, message) => {
    const before = { models: readdirSync(join(repo, 'models')), lock: readFileSync(join(repo, 'package-lock.json'), 'utf8') };
    const result = trtforge(repo, ...args);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect({ models: readdirSync(join(repo, 'models')), lock: readFileSync(join(repo, 'package-lock.json'), 'utf8') }).toEqual(before);
  });

  it.each([
    ['Llama 3.x', { architectures: ['LlamaForCausalLM'], model_type: 'llama' }, 'llama'],
    ['Mistral (converted by the Llama converter)', { architectures: ['MistralForCausalLM'], model_type: 'mistral' }, 'llama'],
    ['Mixtral', { architectures: ['MixtralForCausalLM'], model_type: 'mixtral' }, 'llama'],
    ['Gemma 2', { architectures: ['Gemma2ForCausalLM'], model_type: 'gemma2' }, 'gemma'],
    ['Phi-3', { architectures: ['Phi3ForCausalLM'], model_type: 'phi3' }, 'phi'],
  ])('fills the family of %s weights in from config.json', (what, config, family) => {
    const name = `fam-${family}-${what.length}`;
    const dir = join(repo, 'hf', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    const result = trtforge(repo, 'new', name, '--model-dir', dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`family ${family} (config.json model_type "${config.model_type}")`);
    expect(readFileSync(join(repo, `models/${name}/model.ts`), 'utf8')).toContain(`family: '${family}'`);
  });

  it('refuses a model type without a converter table', () => {
    const gpt2 = join(repo, 'hf', 'gpt2');
    mkdirSync(gpt2, { recursive: true });
    writeFileSync(join(gpt2, 'config.json'), '{"model_type":"gpt2","architectures":["GPT2LMHeadModel"]}');
    const result = trtforge(repo, 'new', 'my-gpt2', '--model-dir', gpt2);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/model_type "gpt2" \(GPT2LMHeadModel\) has no converter table in trtforge for TensorRT-LLM 0\.17\.0 \(supported model types: gemma, gemma2, llama, mistral, mixtral, phi, phi3, phi3small, phi3_v, phimoe, qwen, qwen2, qwen2_moe\)/);
    expect(existsSync(join(repo, 'models/my-gpt2'))).toBe(false);
  });
});
