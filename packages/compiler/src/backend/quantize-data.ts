import type { BackendVersion, QuantizationFormat } from '@trtforge/spec';
import type { FlagSpec } from './backend-data.js';
import { readOptionalDataJson } from './release-files.js';

/** A quantize.py flag: how a spec field becomes it, and when it applies. */
export interface QuantizeFlagSpec extends FlagSpec {
  /** Left out when the field has this value (`kvCacheDtype: 'auto'` = quantize.py's None). */
  omitWhen?: string | number | boolean;
  /** Only for these formats (`--awq_block_size` means nothing to fp8). */
  formats?: QuantizationFormat[];
}

export interface FamilySupport {
  supported: boolean;
  evidence: string;
}

export interface QuantFormatData {
  qformat: string;
  quantAlgo: string;
  /** Lowest GPU compute capability ("8.9") the format runs on; null when the sources state none. */
  minComputeCapability: string | null;
  minComputeCapabilityWhy: string;
  /** quantize.py calibrates with at most this many samples (null: no cap). */
  calibSizeMax: number | null;
  calibSizeMaxWhy?: string;
  awqBlockSizes?: number[];
  /** Bytes per weight of the quantized linear layers (the memory estimate). */
  weightBytes: number;
  /** trtforge family → whether TensorRT-LLM supports the format for it, and where that was read. */
  families: Record<string, FamilySupport>;
}

export interface KvCacheDtypeData {
  kvCacheQuantAlgo: string;
  minComputeCapability: string | null;
  /** Bytes per KV cache element. */
  bytes: number;
}

export interface PrequantizedData {
  /** The file a ModelOpt checkpoint carries beside config.json. */
  marker: string;
  formats: Partial<Record<QuantizationFormat, { quantAlgo: string; flags: string[] }>>;
  kvCacheDtypes: Partial<Record<string, { kvCacheQuantAlgo: string; flags: string[] }>>;
  families: string[];
  familiesWhy: string;
}

/** `data/trtllm-<release>/quantize.json`: quantize.py's flags and what each format needs, with provenance. */
export interface QuantizeData {
  tool: string;
  script: string;
  version: string;
  provenance: { repo: string; tag: string; commit: string; exact: boolean; read: Array<{ path: string; commit: string; exact: boolean; what: string }> };
  options: Record<string, QuantizeFlagSpec>;
  /** Host inputs the step mounts and passes by flag (the calibration dataset). */
  inputs: Record<string, { flag: string; why: string }>;
  formats: Record<QuantizationFormat, QuantFormatData>;
  kvCacheDtypes: Record<string, KvCacheDtypeData>;
  fp8ContextFmha: { computeCapabilities: string[]; why: string; quantAlgos: string[]; quantAlgosWhy: string };
  prequantized: { modelopt: PrequantizedData };
  /** quantize.py's argparse options as read upstream (the stand-in parses with it; tests check `options` against it). */
  argparse: { options: Array<{ flag: string; type: string; choices: Array<string | number> | null; default: unknown }> };
}


/** The release's quantize data (read once per process, and only by specs that quantize), or null when the release has none. */
export function loadQuantizeData(version: BackendVersion): QuantizeData | null {
  return readOptionalDataJson<QuantizeData>(`trtllm-${version}/quantize.json`);
}
