import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BackendVersion } from '@trtforge/spec';

/** How a spec field becomes a command-line flag. */
export interface FlagSpec {
  flag: string;
  /** value: `--flag v`; flag: bare switch when true; enable-disable: `--flag enable|disable`; list: `--flag a b`. */
  kind: 'value' | 'flag' | 'enable-disable' | 'list';
  /** false: the flag does not change the step's output (workers, logging), so it stays out of the cache key. */
  keyed?: boolean;
}

export interface FlagTable {
  tool: string;
  script?: string;
  options: Record<string, FlagSpec>;
}

/** The five inflight_batcher_llm models, in the order Triton loads them in the ensemble. */
export const MODEL_NAMES = ['preprocessing', 'tensorrt_llm', 'postprocessing', 'ensemble', 'tensorrt_llm_bls'] as const;
export type TritonModelName = (typeof MODEL_NAMES)[number];

/** A resolved-spec path, or one that some models take only when another field is set. */
export type ParameterSource = string | { path: string; onlyIf?: Partial<Record<TritonModelName, string>> };

export interface BackendVersions {
  tensorrtllm: string;
  triton: string;
  images: string[];
  sources: Record<'tensorrtllm' | 'backend' | 'server', { repo: string; ref: string }>;
}

/** Everything version-specific the compiler knows about one tensorrtllm_backend release: data, not `if`s. */
export interface BackendData {
  version: BackendVersion;
  versions: BackendVersions;
  /** config.pbtxt templates as objects; `{ $placeholder: name }` marks a typed placeholder. */
  templates: Record<TritonModelName, Record<string, unknown>>;
  /** Placeholder → resolved-spec path that fills it. */
  parameters: Record<string, ParameterSource>;
  buildFlags: FlagTable;
  convertFlags: Record<string, FlagTable>;
}

const dataDir = fileURLToPath(new URL('../../data/', import.meta.url));
const cache = new Map<string, BackendData>();

function readJson<T>(rel: string): T {
  return JSON.parse(readFileSync(dataDir + rel, 'utf8')) as T;
}

export function supportedBackendVersions(): string[] {
  return Object.keys(readJson<{ backends: Record<string, unknown> }>('versions.json').backends);
}

/** Loads (once per process) the data for a backend release. */
export function loadBackendData(version: BackendVersion): BackendData {
  const hit = cache.get(version);
  if (hit) return hit;
  const versions = readJson<{ backends: Record<string, BackendVersions> }>('versions.json').backends[version];
  if (!versions) throw new Error(`no data for tensorrtllm_backend ${version}; supported: ${supportedBackendVersions().join(', ')}`);
  const trtllm = `trtllm-${version}`;
  const backend = `tensorrtllm_backend-${version}`;
  const data: BackendData = {
    version,
    versions,
    templates: readJson<{ models: BackendData['templates'] }>(`${backend}/templates.json`).models,
    parameters: readJson<{ parameters: Record<string, ParameterSource> }>(`${backend}/parameters.json`).parameters,
    buildFlags: readJson<FlagTable>(`${trtllm}/trtllm-build.json`),
    convertFlags: { qwen: readJson<FlagTable>(`${trtllm}/convert_checkpoint.qwen.json`), llama: readJson<FlagTable>(`${trtllm}/convert_checkpoint.llama.json`) },
  };
  cache.set(version, data);
  return data;
}
