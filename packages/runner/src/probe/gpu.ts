import { probe } from '../process/probe.js';
import { which } from './which.js';

export interface GpuInfo {
  index: number;
  name: string;
  computeCap: string;
  memoryMiB: number | undefined;
}

export type GpuQuery = { ok: true; gpus: GpuInfo[] } | { ok: false; reason: string };

/**
 * Asks nvidia-smi on the host for every GPU's compute capability: engines are tied to the GPU
 * architecture ("engine plan file is generated on an incompatible device"), so it is part of the
 * build key.
 */
export async function queryGpus(env: Record<string, string | undefined>, holdFrom?: Promise<void>): Promise<GpuQuery> {
  if (!which('nvidia-smi', env)) return { ok: false, reason: 'nvidia-smi not found on PATH (no NVIDIA driver on this host)' };
  const result = await probe('nvidia-smi', ['--query-gpu=index,name,compute_cap,memory.total', '--format=csv,noheader,nounits'], env, 30_000, holdFrom);
  if (!result.ok) {
    const message = (result.stdout + result.stderr).trim().split('\n')[0] || 'nvidia-smi failed';
    return { ok: false, reason: message };
  }
  const gpus = result.stdout
    .split('\n')
    .map((line) => line.split(',').map((f) => f.trim()))
    .filter((fields) => fields.length >= 3 && fields[0] !== '')
    .map(([index, name, cap, memory]) => ({ index: Number(index), name: name!, computeCap: cap!, memoryMiB: memory ? Number(memory) : undefined }));
  if (gpus.length === 0) return { ok: false, reason: 'nvidia-smi lists no GPUs' };
  return { ok: true, gpus };
}

interface StartedQuery {
  env: Record<string, string | undefined>;
  query: Promise<GpuQuery>;
  /** Lets the query keep the process alive: until it is taken, a run that fails first exits at once. */
  hold: () => void;
}

/**
 * Where a started query waits to be taken: on globalThis, not in this module, because two copies of
 * this module run in one bundled CLI process. The CLI's start-up file (packages/cli/scripts/bundle.mjs,
 * startup.cjs) starts the query before anything else loads; the runner's copy takes it.
 */
const STARTED = Symbol.for('@trtforge/runner/started-gpu-query');
const slot = globalThis as { [STARTED]?: StartedQuery };

/**
 * Starts queryGpus(env) now, for the next run context with the same `env` object to use
 * (createProbes): `trtforge serve` and `build` call this as the process starts, so nvidia-smi
 * (tens to hundreds of ms on a real host) runs while the CLI and the runner load instead of after.
 * Same command, same environment, asked a few hundred ms earlier: nothing about the answer changes.
 */
export function startGpuQuery(env: Record<string, string | undefined>): void {
  if (slot[STARTED]) return;
  let hold!: () => void;
  const taken = new Promise<void>((resolve) => (hold = resolve));
  slot[STARTED] = { env, query: queryGpus(env, taken), hold };
}

/** The query startGpuQuery started for this very `env`, handed out once; undefined otherwise. */
export function takeStartedGpuQuery(env: Record<string, string | undefined>): Promise<GpuQuery> | undefined {
  const started = slot[STARTED];
  if (started?.env !== env) return undefined;
  delete slot[STARTED];
  started.hold();
  return started.query;
}

/** The compute capability shared by `ids`; mixed architectures cannot share one engine. */
export function computeCapabilityOf(gpus: GpuInfo[], ids: number[]): { ok: true; computeCap: string } | { ok: false; reason: string } {
  const missing = ids.filter((id) => !gpus.some((g) => g.index === id));
  if (missing.length > 0) return { ok: false, reason: `GPU id${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not present (this host has ${gpus.map((g) => g.index).join(', ')})` };
  const caps = [...new Set(ids.map((id) => gpus.find((g) => g.index === id)!.computeCap))];
  if (caps.length > 1) return { ok: false, reason: `GPUs ${ids.join(', ')} have different compute capabilities (${caps.join(', ')}); one engine cannot run on both` };
  return { ok: true, computeCap: caps[0]! };
}
