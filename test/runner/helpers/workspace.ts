// Test helper: a throwaway trtforge checkout (generated/<model>/ from the fixture plan, a fake HF
// model dir, fake NVIDIA checkouts, a private store) plus the environment that puts the
// stand-in tools (test/stand-ins/bin) first on PATH.
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plan } from '@trtforge/spec';
import { freePort, type RunOptions } from '@trtforge/runner';
import { makeBackendCheckout, makeServerCheckout, makeTensorrtLlmCheckout } from '../../stand-ins/fixtures/make-checkouts.mjs';
import { makeHfModel } from '../../stand-ins/fixtures/make-hf-model.mjs';

export const MODEL = 'qwen2.5-0.5b';
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const STAND_INS = join(REPO_ROOT, 'test/stand-ins');
export const FIXTURE = join(REPO_ROOT, 'test/runner/fixtures', MODEL);
export const SECRET = 'hf_SECRET_value_never_logged_42';

export interface Workspace {
  model: string;
  root: string;
  planPath: string;
  modelDir: string;
  store: string;
  stateDir: string;
  checkouts: { tensorrtllm: string; backend: string; server: string };
  ports: { http: number; grpc: number; metrics: number; openai: number };
  env: Record<string, string | undefined>;
  plan(): Plan;
  editPlan(edit: (plan: Plan) => void): void;
  runOptions(extra?: Partial<RunOptions>): RunOptions;
  cleanup(): void;
}

/** The runner's: a port nothing listens on now (tests never use fixed ports). */
export { freePort } from '@trtforge/runner';

/** Gives every directory under `dir` its write bit back (what `chmod -R u+w` does for a read-only store). */
function writableTree(dir: string): void {
  if (!existsSync(dir) || !lstatSync(dir).isDirectory()) return;
  chmodSync(dir, 0o755);
  for (const d of readdirSync(dir, { withFileTypes: true })) if (d.isDirectory()) writableTree(join(dir, d.name));
}

/** Points every serve mode of the fixture plan at free ports (never fixed ports in tests). */
export function usePorts(plan: Plan, ports: Workspace['ports']): void {
  const replace = (text: string): string =>
    text.replace(/:8000\b|=8000\b|^8000$/g, (m) => m.replace('8000', String(ports.http)))
      .replace(/([=:])8001\b/g, `$1${ports.grpc}`)
      .replace(/([=:])8002\b/g, `$1${ports.metrics}`)
      .replace(/:9000\b|^9000$/g, (m) => m.replace('9000', String(ports.openai)));
  for (const step of Object.values(plan.serve.modes)) {
    step.argv = step.argv.map(replace);
    step.endpoints = step.endpoints.map((e) => ({ ...e, url: replace(e.url) }));
    const map: Record<number, number> = { 8000: ports.http, 8001: ports.grpc, 8002: ports.metrics, 9000: ports.openai };
    step.ready = { ...step.ready, port: map[step.ready.port] ?? step.ready.port };
    step.ports = Object.fromEntries(Object.entries(step.ports).map(([k, v]) => [k, map[v as number] ?? v]));
  }
  for (const step of Object.values(plan.bench ?? {})) step.argv = step.argv.map(replace);
}

/**
 * config.json facts of the weights behind the generated multi-GPU plans (from the models' Hugging
 * Face config.json), so the fake weights split the way the plan's tp needs: the runner checks
 * heads / KV heads against tp before converting.
 */
const GENERATED_HF_CONFIGS: Record<string, Record<string, unknown>> = {
  // Qwen/Qwen2.5-32B-Instruct
  'qwen2.5-32b-tp4': { hidden_size: 5120, intermediate_size: 27648, num_hidden_layers: 64, num_attention_heads: 40, num_key_value_heads: 8, vocab_size: 152064 },
  // google/gemma-2-9b-it
  'gemma-2-9b-it': { architectures: ['Gemma2ForCausalLM'], model_type: 'gemma2', hidden_size: 3584, num_attention_heads: 16, num_key_value_heads: 8, vocab_size: 256000, max_position_embeddings: 8192 },
  // mistralai/Mistral-7B-Instruct-v0.3
  'mistral-7b-instruct-v0.3': { architectures: ['MistralForCausalLM'], model_type: 'mistral', hidden_size: 4096, intermediate_size: 14336, num_attention_heads: 32, num_key_value_heads: 8, vocab_size: 32768 },
  // meta-llama/Llama-3.3-70B-Instruct
  'llama-3.3-70b-tp4': { architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 8192, intermediate_size: 28672, num_attention_heads: 64, num_key_value_heads: 8, vocab_size: 128256, max_position_embeddings: 131072 },
};

/** The compiler's output for `model` in this repository (generated/<model>), when it exists. */
export function generatedPlanDir(model: string): string | undefined {
  const dir = join(REPO_ROOT, 'generated', model);
  return existsSync(join(dir, 'plan.json')) ? dir : undefined;
}

/**
 * @param options.generated  run a plan the compiler generated in this repository (generated/<name>)
 *                           instead of the hand-written fixture.
 */
export async function createWorkspace(options: { git?: boolean; generated?: string; hfConfig?: Record<string, unknown> } = {}): Promise<Workspace> {
  const model = options.generated ?? MODEL;
  const source = options.generated ? generatedPlanDir(options.generated) : FIXTURE;
  if (!source) throw new Error(`no generated/${model}/plan.json in ${REPO_ROOT}`);
  const root = mkdtempSync(join(tmpdir(), 'trtforge-runner-'));
  const generated = join(root, 'generated', model);
  mkdirSync(generated, { recursive: true });
  cpSync(source, generated, { recursive: true });
  mkdirSync(join(root, 'models', model), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{"private":true,"workspaces":["models/*"]}\n');
  writeFileSync(join(root, 'turbo.json'), '{}\n');
  const modelDir = makeHfModel(join(root, 'hf', 'model'), { config: options.hfConfig ?? GENERATED_HF_CONFIGS[model] ?? {} });
  const checkouts = {
    tensorrtllm: makeTensorrtLlmCheckout(join(root, 'src', 'TensorRT-LLM'), { git: options.git }),
    backend: makeBackendCheckout(join(root, 'src', 'tensorrtllm_backend'), { git: options.git }),
    server: makeServerCheckout(join(root, 'src', 'server'), { git: options.git }),
  };
  const ports = { http: await freePort(), grpc: await freePort(), metrics: await freePort(), openai: await freePort() };
  const planPath = join(generated, 'plan.json');
  const store = join(root, 'store');
  const plan = JSON.parse(readFileSync(planPath, 'utf8')) as Plan;
  plan.inputs.modelDir = 'hf/model'; // relative to the repository root, as a spec may write it
  plan.inputs.tokenizerDir = 'hf/model';
  usePorts(plan, ports);
  writeFileSync(planPath, `${JSON.stringify(plan, null, 2)}\n`);
  const env: Record<string, string | undefined> = {
    ...process.env,
    PATH: `${join(STAND_INS, 'bin')}:${process.env.PATH ?? ''}`,
    TRTFORGE_STORE: store,
    TRTFORGE_RUNTIME: 'local',
    TRTFORGE_SRC_TENSORRTLLM: checkouts.tensorrtllm,
    TRTFORGE_SRC_BACKEND: checkouts.backend,
    TRTFORGE_SRC_SERVER: checkouts.server,
    TRTFORGE_LOCK_STALE_MS: '2000',
    TRTFORGE_STOP_TIMEOUT: '3',
    HF_TOKEN: SECRET,
    // One stand-in GPU per id up to the highest the plan uses (ids 4..7 need 8 GPUs).
    TRTFORGE_STANDIN_GPUS: Array.from({ length: Math.max(...plan.parallelism.gpuIds) + 1 }, () => '8.6').join(','),
  };
  return {
    model,
    root,
    planPath,
    modelDir,
    store,
    stateDir: join(root, 'models', model, '.trtforge'),
    checkouts,
    ports,
    env,
    plan: () => JSON.parse(readFileSync(planPath, 'utf8')) as Plan,
    editPlan(edit) {
      const current = JSON.parse(readFileSync(planPath, 'utf8')) as Plan;
      edit(current);
      writeFileSync(planPath, `${JSON.stringify(current, null, 2)}\n`);
    },
    runOptions: (extra = {}) => ({ root, model, env, runtime: 'local', ...extra }),
    cleanup: () => {
      writableTree(store); // committed entries are read-only (0555 dirs): as non-root, rm needs the write bits back
      rmSync(root, { recursive: true, force: true });
    },
  };
}
