import { existsSync } from 'node:fs';
import { RunnerError } from '../errors.js';
import { probe } from '../process/probe.js';
import { which } from '../probe/which.js';
import type { ContainerCliRuntime } from './container-cli.js';
import { createDockerRuntime } from './docker.js';
import { LocalRuntime } from './local.js';
import { runtimeOptionsFromEnv, type RuntimeOptions } from './options.js';
import { createPodmanRuntime } from './podman.js';
import type { ContainerRuntime, RuntimeName } from './types.js';

export const RUNTIME_NAMES: readonly RuntimeName[] = ['docker', 'podman', 'local'];

export function parseRuntimeName(value: string): RuntimeName | 'auto' {
  if (value === 'auto' || (RUNTIME_NAMES as readonly string[]).includes(value)) return value as RuntimeName | 'auto';
  throw new RunnerError('runtime-unknown', `unknown runtime "${value}": expected one of auto, ${RUNTIME_NAMES.join(', ')}`);
}

export interface ResolveRuntimeOptions {
  env: Record<string, string | undefined>;
  /** Overrides on top of the TRTFORGE_* environment (docker/podman only). */
  overrides?: Partial<RuntimeOptions>;
}

/** Builds the runtime named `name`, without checking that it works (that is `doctor`'s job). */
export function createRuntime(name: RuntimeName, options: ResolveRuntimeOptions): ContainerRuntime {
  if (name === 'local') return new LocalRuntime(options.env);
  const runtimeOptions = { ...runtimeOptionsFromEnv(name, options.env), ...options.overrides };
  return name === 'docker' ? createDockerRuntime(runtimeOptions, options.env) : createPodmanRuntime(runtimeOptions, options.env);
}

/** Inside an NGC container (or any container) that already has TRT-LLM, `local` is the runtime. */
function insideToolContainer(env: Record<string, string | undefined>): boolean {
  const inContainer = existsSync('/.dockerenv') || existsSync('/run/.containerenv');
  return inContainer && which('trtllm-build', env) !== undefined;
}

async function serverAnswers(runtime: ContainerCliRuntime, env: Record<string, string | undefined>): Promise<boolean> {
  if (!which(runtime.options.binary, env)) return false;
  // `version` fails fast when the docker daemon is down; podman answers without a daemon.
  const [file, ...args] = runtime.command('version', '--format', '{{.Server.Version}}');
  return (await probe(file!, args, env, 10_000)).ok;
}

/**
 * `auto` picks, in order: `local` inside a TRT-LLM container, docker if its daemon answers,
 * podman if it answers, `local` if trtllm-build is on PATH. Nothing usable → a RunnerError that
 * the CLI turns into a doctor report.
 */
export async function resolveRuntime(name: RuntimeName | 'auto', options: ResolveRuntimeOptions): Promise<ContainerRuntime> {
  if (name !== 'auto') return createRuntime(name, options);
  if (insideToolContainer(options.env)) return createRuntime('local', options);
  for (const candidate of ['docker', 'podman'] as const) {
    const runtime = createRuntime(candidate, options) as ContainerCliRuntime;
    if (await serverAnswers(runtime, options.env)) return runtime;
  }
  if (which('trtllm-build', options.env)) return createRuntime('local', options);
  throw new RunnerError('no-runtime', 'no container runtime found: docker (daemon not answering), podman and a local trtllm-build are all unavailable', {
    hint: 'install docker or podman with the NVIDIA container toolkit, or pass --runtime local inside the NGC container; `trtforge doctor` lists what is missing',
  });
}
