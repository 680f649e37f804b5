import { existsSync } from 'node:fs';
import { readdir, readFile, stat, statfs } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { downloadArgv, formatArgv, type Plan, type PlanStep } from '@trtforge/spec';
import type { RunContext } from './context.js';
import { RunnerError } from './errors.js';
import { probe } from './process/run-process.js';
import { computeCapabilityOf } from './probe/gpu.js';
import { estimateMemory, type HfModelConfig } from './probe/memory-estimate.js';
import { createProbes, type Probes } from './probe/probes.js';
import { which } from './probe/which.js';
import { ContainerCliRuntime } from './runtime/container-cli.js';
import type { RuntimeOptions } from './runtime/options.js';
import { resolveRuntime } from './runtime/resolve.js';
import type { ContainerRuntime, RuntimeName } from './runtime/types.js';
import { resolveSource, type SourceName } from './sources/checkout.js';
import { Store } from './store/store.js';

export type CheckStatus = 'ok' | 'fail' | 'warn' | 'skip';

export interface DoctorCheck {
  name: string;
  status: CheckStatus;
  /** What was found (or exactly what is missing). */
  detail: string;
  /** How to fix it, for fail/warn. */
  fix?: string;
}

export interface DoctorReport {
  ok: boolean;
  model?: string;
  runtime?: RuntimeName;
  checks: DoctorCheck[];
}

export interface DoctorOptions {
  env: Record<string, string | undefined>;
  /** A resolved runtime, or the name to resolve (auto included). */
  runtime: ContainerRuntime | RuntimeName | 'auto';
  runtimeOverrides?: Partial<RuntimeOptions>;
  storeRoot: string;
  /** With a model: image, model dir, sources and the plan's GPU ids are checked too. */
  plan?: Plan;
  inputs?: RunContext['inputs'];
  sources?: Partial<Record<SourceName, string>>;
  probes?: Probes;
  /** Whether GPU checks are failures (build, serve) or only informative. Default true. */
  needsGpu?: boolean;
}

const GiB = 1024 ** 3;
const CDI_DIRS = ['/etc/cdi', '/var/run/cdi'];

async function cdiSpecsFor(kind: string): Promise<string[]> {
  const found: string[] = [];
  for (const dir of CDI_DIRS) {
    let names: string[] = [];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => /\.(ya?ml|json)$/.test(n))) {
      const text = await readFile(join(dir, name), 'utf8').catch(() => '');
      if (new RegExp(`kind["']?\\s*:\\s*["']?${kind.replace(/[./]/g, '\\$&')}`).test(text)) found.push(join(dir, name));
    }
  }
  return found;
}

/** The programs a step runs: argv[0], plus the program mpirun launches (`mpirun [opts] -n N prog …`). */
function programsOf(argv: string[]): string[] {
  if (argv[0] !== 'mpirun') return [argv[0]!];
  const launched = argv.findIndex((arg, i) => i > 0 && !arg.startsWith('-') && !/^\d+$/.test(arg) && arg !== ':');
  return launched > 0 ? ['mpirun', argv[launched]!] : ['mpirun'];
}

/** What `local` needs on PATH: every program the plan's steps (and the selected server) start. */
function toolsOf(plan: Plan | undefined): string[] {
  if (!plan) return ['python3', 'trtllm-build', 'tritonserver'];
  const steps: PlanStep[] = [plan.steps.convert, plan.steps.build, plan.serve.modes[plan.serve.selected]];
  return [...new Set(steps.flatMap((s) => programsOf(s.argv)))];
}

async function checkRuntime(options: DoctorOptions): Promise<{ check: DoctorCheck; runtime?: ContainerRuntime }> {
  let runtime: ContainerRuntime;
  try {
    runtime = typeof options.runtime === 'string' ? await resolveRuntime(options.runtime, { env: options.env, ...(options.runtimeOverrides ? { overrides: options.runtimeOverrides } : {}) }) : options.runtime;
  } catch (error) {
    return { check: { name: 'runtime', status: 'fail', detail: (error as Error).message, fix: (error as RunnerError).hint ?? 'install docker or podman' } };
  }
  if (runtime instanceof ContainerCliRuntime) {
    const binary = runtime.options.binary;
    if (!which(binary, options.env)) return { check: { name: 'runtime', status: 'fail', detail: `${binary} not found on PATH`, fix: `install ${runtime.name}, or pick another with --runtime` }, runtime };
    const [file, ...args] = runtime.command('version', '--format', '{{.Server.Version}}');
    const result = await probe(file!, args, options.env, 15_000);
    if (!result.ok) {
      const why = (result.stderr || result.stdout).trim().split('\n')[0] ?? '';
      return { check: { name: 'runtime', status: 'fail', detail: `${binary} does not answer: ${why}`, fix: runtime.name === 'docker' ? 'start the daemon (sudo systemctl start docker), or use --runtime podman' : 'check `podman info`' }, runtime };
    }
    return { check: { name: 'runtime', status: 'ok', detail: `${runtime.name} ${result.stdout.trim()}` }, runtime };
  }
  const missing = toolsOf(options.plan).filter((tool) => !which(tool, options.env));
  if (missing.length > 0) {
    return {
      check: { name: 'runtime', status: 'fail', detail: `local: not found on PATH: ${missing.join(', ')}`, fix: `run trtforge inside ${options.plan?.image ?? 'the NGC tritonserver trtllm image'}, or use --runtime docker|podman` },
      runtime,
    };
  }
  return { check: { name: 'runtime', status: 'ok', detail: `local (${toolsOf(options.plan).join(', ')} on PATH)` }, runtime };
}

async function checkNvidiaSupport(runtime: ContainerRuntime | undefined, env: DoctorOptions['env']): Promise<DoctorCheck> {
  const name = 'NVIDIA container support';
  if (!runtime) return { name, status: 'skip', detail: 'no runtime' };
  if (runtime.runsOnHost) return { name, status: 'skip', detail: 'not needed for local' };
  const cdi = await cdiSpecsFor('nvidia.com/gpu');
  if (runtime.name === 'podman') {
    if (cdi.length > 0) return { name, status: 'ok', detail: `CDI spec ${cdi.join(', ')}` };
    return { name, status: 'fail', detail: `no CDI spec for nvidia.com/gpu in ${CDI_DIRS.join(' or ')}`, fix: 'install nvidia-container-toolkit, then: sudo nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml' };
  }
  const cli = runtime as ContainerCliRuntime;
  const [file, ...args] = cli.command('info', '--format', '{{json .Runtimes}}');
  const info = await probe(file!, args, env, 15_000);
  const hooks = ['nvidia-container-runtime-hook', 'nvidia-ctk', 'nvidia-container-cli'].filter((t) => which(t, env));
  if (info.ok && info.stdout.includes('nvidia')) return { name, status: 'ok', detail: 'docker has the nvidia runtime' };
  if (hooks.length > 0) return { name, status: 'ok', detail: `NVIDIA container toolkit (${hooks.join(', ')})` };
  return {
    name,
    status: 'fail',
    detail: 'docker has no nvidia runtime and the NVIDIA container toolkit is not installed (--gpus would fail)',
    fix: 'install nvidia-container-toolkit, then: sudo nvidia-ctk runtime configure --runtime=docker && sudo systemctl restart docker',
  };
}

async function checkGpus(probes: Probes, plan: Plan | undefined, needsGpu: boolean): Promise<DoctorCheck> {
  const name = 'GPUs';
  const query = await probes.gpus();
  const failing: CheckStatus = needsGpu ? 'fail' : 'warn';
  if (!query.ok) return { name, status: failing, detail: query.reason, fix: 'build and serve need an NVIDIA GPU and driver (nvidia-smi); use --dry-run to see the commands without one' };
  const summary = [...new Set(query.gpus.map((g) => `${g.name} (compute ${g.computeCap})`))].join(', ');
  if (!plan) return { name, status: 'ok', detail: `${query.gpus.length} × ${summary}` };
  const { tp, pp, worldSize, gpuIds } = plan.parallelism;
  const need = `tp ${tp} × pp ${pp} = ${worldSize} GPU${worldSize > 1 ? 's' : ''} (ids ${gpuIds.join(', ')})`;
  if (gpuIds.length < worldSize) return { name, status: 'fail', detail: `the plan lists ${gpuIds.length} GPU ids for world size ${worldSize}`, fix: 'recompile: parallelism.gpuIds must have tp×pp entries' };
  const cap = computeCapabilityOf(query.gpus, gpuIds);
  if (!cap.ok) return { name, status: 'fail', detail: `${cap.reason}; the plan needs ${need}`, fix: `set parallelism.gpuIds in ${plan.spec} to ids this host has (${query.gpus.map((g) => g.index).join(', ')})` };
  return { name, status: 'ok', detail: `${query.gpus.length} × ${summary}; plan needs ${need}, compute ${cap.computeCap}` };
}

async function checkImage(runtime: ContainerRuntime | undefined, probes: Probes, plan: Plan): Promise<DoctorCheck> {
  const name = 'image';
  if (!runtime) return { name, status: 'skip', detail: 'no runtime' };
  if (runtime.runsOnHost) return { name, status: 'skip', detail: `local: assuming this environment is ${plan.image}` };
  const identity = await probes.image(plan.image);
  if (identity.id) return { name, status: 'ok', detail: `${plan.image} present (${identity.id.slice(0, 19)})` };
  const pull = runtime instanceof ContainerCliRuntime ? runtime.command('pull', plan.image).join(' ') : `${runtime.name} pull ${plan.image}`;
  return { name, status: 'fail', detail: `${plan.image} is not present locally`, fix: pull };
}

async function weightBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) if (name.endsWith('.safetensors')) total += (await stat(join(dir, name))).size;
  return total;
}

async function checkDisk(storeRoot: string, inputs: DoctorOptions['inputs']): Promise<DoctorCheck> {
  const name = 'disk';
  let dir = storeRoot;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  const fs = await statfs(dir);
  const free = fs.bavail * fs.bsize;
  // A checkpoint and an engine are each about the size of the weights; keep a margin for both plus temp space.
  const needed = inputs ? Math.max(1 * GiB, 3 * (await weightBytes(inputs.modelDir))) : 1 * GiB;
  const detail = `${(free / GiB).toFixed(1)} GiB free at ${storeRoot} (needs ≈ ${(needed / GiB).toFixed(1)} GiB)`;
  if (free < needed) return { name, status: 'fail', detail, fix: 'free space, or point the store elsewhere with --store / TRTFORGE_STORE' };
  return { name, status: 'ok', detail };
}

async function checkModelDir(inputs: NonNullable<DoctorOptions['inputs']>): Promise<DoctorCheck> {
  const name = 'model dir';
  const fix = `download the model: ${formatArgv(downloadArgv(inputs, inputs.modelDir))}`;
  const list = async (dir: string): Promise<string[] | undefined> => readdir(dir).catch(() => undefined);
  const files = await list(inputs.modelDir);
  if (!files) return { name, status: 'fail', detail: `${inputs.modelDir} does not exist`, fix };
  const tokenizerFiles = inputs.tokenizerDir === inputs.modelDir ? files : await list(inputs.tokenizerDir);
  const missing: string[] = [];
  if (!files.includes('config.json')) missing.push('config.json');
  const weights = files.filter((f) => f.endsWith('.safetensors'));
  if (weights.length === 0) missing.push('*.safetensors');
  if (!tokenizerFiles) missing.push(`tokenizer dir ${inputs.tokenizerDir}`);
  else if (!tokenizerFiles.includes('tokenizer.json') && !tokenizerFiles.includes('tokenizer.model') && !(tokenizerFiles.includes('vocab.json') && tokenizerFiles.includes('merges.txt'))) {
    missing.push(`tokenizer files (tokenizer.json, tokenizer.model or vocab.json+merges.txt) in ${inputs.tokenizerDir}`);
  }
  if (missing.length > 0) return { name, status: 'fail', detail: `${inputs.modelDir}: missing ${missing.join(', ')}`, fix };
  return { name, status: 'ok', detail: `${inputs.modelDir}: config.json, ${weights.length} *.safetensors (${((await weightBytes(inputs.modelDir)) / GiB).toFixed(2)} GiB), tokenizer` };
}

const gib = (bytes: number): string => `${(bytes / GiB).toFixed(1)} GiB`;

/**
 * Weights and KV cache per GPU, estimated from the HF config, the weight files and the GPUs'
 * memory (`estimateMemory`): fails when the weights cannot fit, warns when the KV pool holds fewer
 * full-length requests than the server batches (they then wait under guaranteed_no_evict).
 */
async function checkMemory(probes: Probes, plan: Plan, inputs: NonNullable<DoctorOptions['inputs']>): Promise<DoctorCheck> {
  const name = 'GPU memory';
  if (!plan.sizing) return { name, status: 'skip', detail: 'plan has no sizing (recompile)' };
  const query = await probes.gpus();
  const memories = query.ok ? plan.parallelism.gpuIds.map((id) => query.gpus.find((g) => g.index === id)?.memoryMiB) : [];
  if (memories.length === 0 || memories.some((m) => m === undefined)) return { name, status: 'skip', detail: 'GPU memory unknown (see GPUs)' };
  let hf: HfModelConfig;
  try {
    hf = JSON.parse(await readFile(join(inputs.modelDir, 'config.json'), 'utf8')) as HfModelConfig;
  } catch {
    return { name, status: 'skip', detail: `no readable ${join(inputs.modelDir, 'config.json')} (see model dir)` };
  }
  const { tp, pp } = plan.parallelism;
  const gpuBytes = Math.min(...(memories as number[])) * 1024 ** 2;
  const estimate = estimateMemory({ hf, weightFileBytes: await weightBytes(inputs.modelDir), sizing: plan.sizing, tp, pp, gpuBytes });
  if (!estimate) return { name, status: 'skip', detail: 'config.json lacks num_hidden_layers / num_attention_heads / hidden_size' };
  const { maxBatchSize, schedulerPolicy } = plan.sizing;
  const load = `weights ≈ ${gib(estimate.weightsPerGpu)} + runtime ≈ ${gib(estimate.overhead)} per GPU of ${gib(gpuBytes)}`;
  if (estimate.kvPool <= 0 || estimate.kvTokens === 0) {
    return { name, status: 'fail', detail: `${load}: nothing left for the KV cache (rough estimate)`, fix: 'shard over more GPUs (parallelism.tp), quantize the weights (convert.useWeightOnly), or use a GPU with more memory' };
  }
  const pool = `KV pool ≈ ${gib(estimate.kvPool)} = ${estimate.kvTokens.toLocaleString('en-US')} tokens (${(estimate.kvBytesPerToken / 1024).toFixed(0)} KiB each)`;
  const fits = `≈ ${estimate.fullRequests} full-length request${estimate.fullRequests === 1 ? '' : 's'} of ${estimate.seqLen} tokens at once`;
  const detail = `${load}; ${pool}; ${fits} (rough estimate)`;
  if (estimate.fullRequests < maxBatchSize && schedulerPolicy === 'guaranteed_no_evict') {
    return {
      name,
      status: 'warn',
      detail: `${detail} — fewer than the ${maxBatchSize} the server batches; under guaranteed_no_evict the others wait for KV blocks`,
      fix: 'shorten context.maxOutputTokens / maxInputTokens, raise triton.kvCache.freeGpuMemFraction, add GPUs (parallelism.tp), or accept the queueing',
    };
  }
  return { name, status: 'ok', detail };
}

async function checkSources(options: DoctorOptions, plan: Plan): Promise<DoctorCheck> {
  const name = 'NVIDIA sources';
  const store = new Store(options.storeRoot);
  const needed = new Set<SourceName>(['backend']);
  for (const step of [plan.steps.convert, plan.steps.build, plan.serve.modes[plan.serve.selected]]) for (const m of step.mounts) if (m.source.kind === 'source') needed.add(m.source.name);
  const lines: string[] = [];
  const clones: string[] = [];
  for (const source of [...needed].sort()) {
    try {
      const checkout = await resolveSource(source, plan.sources[source], { store, env: options.env, dryRun: true, lockStaleMs: 30_000, ...(options.sources?.[source] ? { userPath: options.sources[source] } : {}) });
      if (checkout.origin === 'dry-run') clones.push(`${source} (${plan.sources[source].repo} ${checkout.ref})`);
      else lines.push(`${source} ${checkout.origin === 'user' ? checkout.path : `cached ${checkout.ref}`}`);
    } catch (error) {
      return { name, status: 'fail', detail: (error as Error).message, fix: (error as RunnerError).hint ?? '' };
    }
  }
  if (clones.length > 0) {
    const git = which('git', options.env);
    return { name, status: git ? 'warn' : 'fail', detail: `will clone on first use: ${clones.join(', ')}${git ? '' : ' — but git is not installed'}`, fix: 'needs network; or pass --src-<name> <checkout>' };
  }
  return { name, status: 'ok', detail: lines.join('; ') };
}

/** Every check, each with what is missing and how to fix it. */
export async function doctor(options: DoctorOptions): Promise<DoctorReport> {
  const { check: runtimeCheck, runtime } = await checkRuntime(options);
  const probes = options.probes ?? (runtime ? createProbes(runtime, options.env) : undefined);
  const checks: DoctorCheck[] = [runtimeCheck, await checkNvidiaSupport(runtime, options.env)];
  checks.push(probes ? await checkGpus(probes, options.plan, options.needsGpu ?? true) : { name: 'GPUs', status: 'skip', detail: 'no runtime' });
  if (options.plan && probes) checks.push(await checkImage(runtimeCheck.status === 'ok' ? runtime : undefined, probes, options.plan));
  checks.push(await checkDisk(options.storeRoot, options.inputs));
  if (options.plan && options.inputs) checks.push(await checkModelDir(options.inputs));
  if (options.plan && options.inputs && probes) checks.push(await checkMemory(probes, options.plan, options.inputs));
  if (options.plan) checks.push(await checkSources(options, options.plan));
  return {
    ok: checks.every((c) => c.status !== 'fail'),
    ...(options.plan ? { model: options.plan.model } : {}),
    ...(runtime ? { runtime: runtime.name } : {}),
    checks,
  };
}

const MARK: Record<CheckStatus, string> = { ok: '✓', fail: '✗', warn: '!', skip: '-' };

export function formatDoctorReport(report: DoctorReport, paint: Partial<Record<CheckStatus, (s: string) => string>> = {}): string[] {
  const width = Math.max(...report.checks.map((c) => c.name.length));
  const lines = [`trtforge doctor${report.model ? ` ${report.model}` : ''}${report.runtime ? ` (runtime: ${report.runtime})` : ''}`];
  for (const check of report.checks) {
    const mark = (paint[check.status] ?? ((s: string) => s))(MARK[check.status]);
    lines.push(`  ${mark} ${check.name.padEnd(width)}  ${check.detail}`);
    if (check.fix && (check.status === 'fail' || check.status === 'warn')) lines.push(`    ${' '.repeat(width)}  fix: ${check.fix}`);
  }
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  lines.push(failed === 0 ? 'all checks passed' : `${failed} check${failed > 1 ? 's' : ''} failed`);
  return lines;
}

/**
 * Fails fast, before any hashing or container start, with the doctor's full report when this
 * host cannot run `what` (no runtime, no GPU, image missing, model dir incomplete…).
 */
export async function preflight(ctx: RunContext, what: string, options: { needsGpu: boolean }): Promise<DoctorReport> {
  const report = await doctor({
    env: ctx.env,
    runtime: ctx.runtime,
    storeRoot: ctx.store.root,
    plan: ctx.plan,
    inputs: ctx.inputs,
    probes: ctx.probes,
    needsGpu: options.needsGpu,
    sources: ctx.sourceOverrides,
  });
  if (!report.ok) {
    throw new RunnerError('doctor', `cannot ${what} on this host: ${report.checks.filter((c) => c.status === 'fail').map((c) => c.name).join(', ')}`, {
      details: formatDoctorReport(report),
    });
  }
  return report;
}
