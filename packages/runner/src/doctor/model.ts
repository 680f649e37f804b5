import { existsSync } from 'node:fs';
import { readdir, stat, statfs } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { downloadArgv, formatArgv, type Plan } from '@trtforge/spec';
import type { RunnerError } from '../errors.js';
import type { Probes } from '../probe/probes.js';
import { which } from '../probe/which.js';
import { ContainerCliRuntime } from '../runtime/container-cli.js';
import type { ContainerRuntime } from '../runtime/types.js';
import { resolveSource, type SourceName } from '../sources/checkout.js';
import { Store } from '../store/store.js';
import { GiB, type DoctorCheck, type DoctorOptions } from './types.js';

// Model checks: the image, disk space, the weights and tokenizer, the pinned NVIDIA sources.

export async function checkImage(runtime: ContainerRuntime | undefined, probes: Probes, plan: Plan): Promise<DoctorCheck> {
  const name = 'image';
  if (!runtime) return { name, status: 'skip', detail: 'no runtime' };
  if (runtime.runsOnHost) return { name, status: 'skip', detail: `local: assuming this environment is ${plan.image}` };
  const identity = await probes.image(plan.image);
  if (identity.id) return { name, status: 'ok', detail: `${plan.image} present (${identity.id.slice(0, 19)})` };
  const pull = runtime instanceof ContainerCliRuntime ? runtime.command('pull', plan.image).join(' ') : `${runtime.name} pull ${plan.image}`;
  return { name, status: 'fail', detail: `${plan.image} is not present locally`, fix: pull };
}

/** Total size of the *.safetensors files in `dir` (0 when it cannot be read); the doctor reads it once. */
export async function weightBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) if (name.endsWith('.safetensors')) total += (await stat(join(dir, name))).size;
  return total;
}

export async function checkDisk(storeRoot: string, weights: number | undefined): Promise<DoctorCheck> {
  const name = 'disk';
  let dir = storeRoot;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  const fs = await statfs(dir);
  const free = fs.bavail * fs.bsize;
  // A checkpoint and an engine are each about the size of the weights; keep a margin for both plus temp space.
  const needed = Math.max(1 * GiB, 3 * (weights ?? 0));
  const detail = `${(free / GiB).toFixed(1)} GiB free at ${storeRoot} (needs ≈ ${(needed / GiB).toFixed(1)} GiB)`;
  if (free < needed) return { name, status: 'fail', detail, fix: 'free space, or point the store elsewhere with --store / TRTFORGE_STORE' };
  return { name, status: 'ok', detail };
}

export async function checkModelDir(inputs: NonNullable<DoctorOptions['inputs']>, weightTotal: number): Promise<DoctorCheck> {
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
  return { name, status: 'ok', detail: `${inputs.modelDir}: config.json, ${weights.length} *.safetensors (${(weightTotal / GiB).toFixed(2)} GiB), tokenizer` };
}

export async function checkSources(options: DoctorOptions, plan: Plan): Promise<DoctorCheck> {
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
