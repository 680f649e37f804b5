import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServeModeName } from '@trtforge/spec';
import type { RunContext } from '../context.js';
import { probe } from '../process/probe.js';
import { which } from '../probe/which.js';
import { sha256 } from '../store/hash.js';
import { readManifest } from '../store/manifest.js';
import type { BenchGpu, BenchRunManifest } from './manifest.js';

/** This package's version: the trtforge that ran the benchmark (dist/bench-runs/ → package.json). */
// Through the package's exports, not a path relative to this file: this code also runs joined into the CLI's bundle.
export const RUNNER_VERSION: string = (createRequire(import.meta.url)('@trtforge/runner/package.json') as { version: string }).version;

/**
 * The GPUs the deployment runs on as nvidia-smi names them (name, driver version): two runs on an
 * A10G and an H100 are not comparable, and a driver upgrade is worth seeing next to a change.
 */
export async function gpuIdentity(env: Record<string, string | undefined>, ids: number[]): Promise<BenchRunManifest['gpu']> {
  if (!which('nvidia-smi', env)) return { available: false, reason: 'nvidia-smi not found on PATH' };
  const result = await probe('nvidia-smi', ['--query-gpu=index,name,driver_version', '--format=csv,noheader,nounits'], env, 30_000);
  if (!result.ok) return { available: false, reason: (result.stdout + result.stderr).trim().split('\n')[0] || 'nvidia-smi failed' };
  const devices: BenchGpu[] = result.stdout
    .split('\n')
    .map((line) => line.split(',').map((f) => f.trim()))
    .filter((f) => f.length >= 3 && f[0] !== '')
    .map(([index, name, driver]) => ({ index: Number(index), name: name!, driver: driver! }))
    .filter((gpu) => ids.includes(gpu.index));
  return devices.length > 0 ? { available: true, devices } : { available: false, reason: `nvidia-smi lists none of GPU ${ids.join(', ')}` };
}

/** The spec's text and the compiled plan, hashed: the same hash means the same deployment was asked for. */
export async function specIdentity(ctx: RunContext): Promise<BenchRunManifest['spec']> {
  const specText = await readFile(join(ctx.root, ctx.plan.spec), 'utf8').catch(() => undefined);
  const planText = await readFile(join(ctx.generatedDir, 'plan.json'), 'utf8');
  return {
    path: ctx.plan.spec,
    sha256: specText === undefined ? null : sha256(specText),
    planSha256: sha256(planText),
    generator: ctx.plan.generator,
    versions: { ...ctx.plan.versions },
  };
}

/** The engine this checkout serves: the key its last build recorded (the serve step links that entry). */
export async function engineIdentity(ctx: RunContext): Promise<BenchRunManifest['engine']> {
  const build = await readManifest(ctx.stateDir, 'build');
  return { key: build?.key ?? null };
}

/** Serve mode and image of the server that was measured. */
export async function serveIdentity(ctx: RunContext, mode: ServeModeName): Promise<BenchRunManifest['serve']> {
  const step = ctx.plan.serve.modes[mode];
  const image = await ctx.probes.image(step.image);
  return { mode, model: step.model, image: step.image, imageId: image.id };
}
