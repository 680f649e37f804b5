import type { BackendVersion } from '@trtforge/spec';
import type { Provenance } from './release-catalogue.js';
import { readDataJson } from './release-files.js';

/** Where NVIDIA enforces a limit: the upstream file, the commit it was read at and the check itself. */
export interface LimitSource {
  repo: string;
  file: string;
  commit?: string;
  line?: number;
  check: string;
}

/** An upper bound on one field, optionally only when other fields have given values. */
export interface RangeLimit {
  path: string;
  max: number;
  when?: Record<string, unknown>;
  what: string;
  source: LimitSource;
}

/** data/trtllm-<version>/limits.json: the limits the NVIDIA stack of one release enforces. */
export interface StackLimits {
  provenance?: Provenance;
  ranges: RangeLimit[];
  tokensPerBlock: { powerOfTwo: boolean; source: LimitSource };
  kvBlockTable: { max: number; what: string; source: LimitSource };
}

const cache = new Map<string, StackLimits>();

/** Loads (once per process) the limits of a backend release's TensorRT-LLM and Triton. */
export function loadLimits(version: BackendVersion): StackLimits {
  const hit = cache.get(version);
  if (hit) return hit;
  const limits = readDataJson<StackLimits>(`trtllm-${version}/limits.json`);
  cache.set(version, limits);
  return limits;
}

/** `tensorrt_llm/builder.py@008b2b8d` or `protobuf/model_config.proto:2007`: short enough for a message. */
export function cite(source: LimitSource): string {
  if (source.line !== undefined) return `${source.file}:${source.line}`;
  return source.commit ? `${source.file}@${source.commit.slice(0, 8)}` : source.file;
}
