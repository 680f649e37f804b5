import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plan, PlanStep } from '@trtforge/spec';
import type { RunnerError } from '../errors.js';
import { probe } from '../process/probe.js';
import { computeCapabilityOf } from '../probe/gpu.js';
import type { Probes } from '../probe/probes.js';
import { which } from '../probe/which.js';
import { ContainerCliRuntime } from '../runtime/container-cli.js';
import { resolveRuntime } from '../runtime/resolve.js';
import type { ContainerRuntime } from '../runtime/types.js';
import type { CheckStatus, DoctorCheck, DoctorOptions } from './types.js';

// Host checks: container runtime, NVIDIA container support, GPUs against the plan's ids.

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

export async function checkRuntime(options: DoctorOptions): Promise<{ check: DoctorCheck; runtime?: ContainerRuntime }> {
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

export async function checkNvidiaSupport(runtime: ContainerRuntime | undefined, env: DoctorOptions['env']): Promise<DoctorCheck> {
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

export async function checkGpus(probes: Probes, plan: Plan | undefined, needsGpu: boolean): Promise<DoctorCheck> {
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
