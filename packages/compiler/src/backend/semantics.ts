import type { ResolvedModelSpec } from '../resolve/resolved.js';
import type { Provenance } from './release-catalogue.js';
import { dataFileExists, readDataJson } from './release-files.js';

/** What parameter-semantics.json says about one tensorrt_llm parameter (read from the backend sources). */
export interface ParameterSemantics {
  /** The Triton models that read it (tensorrt_llm, tensorrt_llm_bls, …). */
  models?: string[];
  /** Where the template puts it: `parameter` for a config.pbtxt `parameters` entry. */
  position?: string;
  default?: unknown;
  constraints?: string | null;
  /** Values the backend accepts (enum parameters). */
  choices?: unknown[];
  evidence?: string;
  /** The tag this entry was read at (a later release may carry an earlier entry over; its provenance says how). */
  readAt?: string;
}

const cache = new Map<string, SemanticsFile>();

/**
 * The backend's own default for a parameter the spec leaves unset: rules report the *effective*
 * behaviour (what the backend does), not just what the spec says.
 */
export function backendDefault(version: string, parameter: string): unknown {
  return parameterSemantics(version)[parameter]?.default;
}

/** The KV pool's share of free GPU memory the deployment gets: the spec's, else the backend's default. */
export function effectiveKvFraction(spec: ResolvedModelSpec, version: string): { value: number; fromSpec: boolean } {
  const set = spec.triton.kvCache?.freeGpuMemFraction;
  return set !== undefined ? { value: set, fromSpec: true } : { value: Number(backendDefault(version, 'kv_cache_free_gpu_mem_fraction') ?? 0.9), fromSpec: false };
}

/** The batch scheduler policy in effect: the spec's, else the backend's default. */
export function effectiveSchedulerPolicy(spec: ResolvedModelSpec, version: string): string {
  return spec.triton.batchSchedulerPolicy ?? String(backendDefault(version, 'batch_scheduler_policy') ?? 'guaranteed_no_evict');
}

interface SemanticsFile {
  provenance?: Provenance;
  parameters: Record<string, ParameterSemantics>;
}

function semanticsFile(version: string): SemanticsFile {
  let hit = cache.get(version);
  if (!hit) {
    const file = `tensorrtllm_backend-${version}/parameter-semantics.json`;
    hit = dataFileExists(file) ? readDataJson<SemanticsFile>(file) : { parameters: {} };
    cache.set(version, hit);
  }
  return hit;
}

/** parameter-semantics.json of a release, by parameter (empty when the release has none). */
export function parameterSemantics(version: string): Record<string, ParameterSemantics> {
  return semanticsFile(version).parameters;
}

/** Where a release's parameter-semantics.json was read. */
export function semanticsProvenance(version: string): Provenance | undefined {
  return semanticsFile(version).provenance;
}
