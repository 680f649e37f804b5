import type { BackendVersion } from '@trtforge/spec';
import { loadConvertTables, type ConvertTable } from './convert-table.js';
import { releaseRow, supportedBackendVersions, type BackendVersions, type Provenance } from './release-catalogue.js';
import { loadLimits } from './limits.js';
import { dataDir, readDataJson } from './release-files.js';
import { semanticsProvenance } from './semantics.js';
import { loadWeightsData } from './weights-data.js';
import { serveTablesProvenance } from './serve-tables.js';

export { supportedBackendVersions, type BackendVersions };

/** How a spec field becomes a command-line flag. */
export interface FlagSpec {
  flag: string;
  /** value: `--flag v`; flag: bare switch when true; enable-disable: `--flag enable|disable`; list: `--flag a b`. */
  kind: 'value' | 'flag' | 'enable-disable' | 'list';
  /** false: the flag does not change the step's output (workers, logging), so it stays out of the cache key. */
  keyed?: boolean;
  /**
   * Emitted only when this boolean spec field is true, and then always with the field's value:
   * one option that both switches a feature on and names its setting (Gemma's
   * `--use-weight-only-with-precision <p>` for convert.useWeightOnly + convert.weightOnlyPrecision).
   */
  when?: string;
}

export interface FlagTable {
  tool: string;
  /** Where the map was read (NVIDIA's script at a commit; `exact: false` when not the release's own). */
  provenance?: Provenance;
  script?: string;
  options: Record<string, FlagSpec>;
}

/** The five inflight_batcher_llm models, in the order Triton loads them in the ensemble. */
export const MODEL_NAMES = ['preprocessing', 'tensorrt_llm', 'postprocessing', 'ensemble', 'tensorrt_llm_bls'] as const;
export type TritonModelName = (typeof MODEL_NAMES)[number];

/** A resolved-spec path, or one that some models take only when another field is set. */
export type ParameterSource = string | { path: string; onlyIf?: Partial<Record<TritonModelName, string>>; models?: TritonModelName[] };

/** Everything version-specific the compiler knows about one tensorrtllm_backend release: data, not `if`s. */
export interface BackendData {
  version: BackendVersion;
  versions: BackendVersions;
  /** config.pbtxt templates as objects; `{ $placeholder: name }` marks a typed placeholder. */
  templates: Record<TritonModelName, Record<string, unknown>>;
  /** Placeholder → resolved-spec path that fills it. */
  parameters: Record<string, ParameterSource>;
  /** Values the release's tools/fill_template.py injects for keys not given (parameters.json `fillDefaults`). */
  fillDefaults: Record<string, unknown>;
  buildFlags: FlagTable;
  /** Each family's converter (examples/<dir>/convert_checkpoint.py), by family. */
  convertFlags: Record<string, ConvertTable>;
  /** Where each loaded file was read (PLAN.md names those not read at the release's own commit). */
  provenance: DataProvenance[];
}

export interface DataProvenance {
  file: string;
  provenance: Provenance;
}

const cache = new Map<string, BackendData>();

/**
 * Loads (once per process) the data for a backend release — only that release's files: a spec on
 * one release never reads another's.
 */
export function loadBackendData(version: BackendVersion): BackendData {
  const hit = cache.get(version);
  if (hit) return hit;
  const versions = releaseRow(version);
  if (!versions) throw new Error(`no data for tensorrtllm_backend ${version}; supported: ${supportedBackendVersions().join(', ')}`);
  const trtllm = `trtllm-${version}`;
  const backend = `tensorrtllm_backend-${version}`;
  const provenance: DataProvenance[] = (versions.provenance ?? []).map((p) => ({ file: 'versions.json', provenance: p }));
  const read = <T>(file: string): T => {
    const json = readDataJson<T & { provenance?: Provenance }>(file);
    if (json.provenance) provenance.push({ file, provenance: json.provenance });
    return json;
  };
  const data: BackendData = {
    version,
    versions,
    templates: read<{ models: BackendData['templates'] }>(`${backend}/templates.json`).models,
    ...parameterMap(read<{ parameters: Record<string, ParameterSource>; fillDefaults?: Record<string, unknown> }>(`${backend}/parameters.json`)),
    buildFlags: read<FlagTable>(`${trtllm}/trtllm-build.json`),
    convertFlags: loadConvertTables(dataDir + trtllm),
    provenance,
  };
  for (const [family, table] of Object.entries(data.convertFlags)) provenance.push({ file: `${trtllm}/convert_checkpoint.${family}.json`, provenance: table.provenance });
  cache.set(version, data);
  return data;
}

function parameterMap(json: { parameters: Record<string, ParameterSource>; fillDefaults?: Record<string, unknown> }) {
  return { parameters: json.parameters, fillDefaults: json.fillDefaults ?? {} };
}

/** The loaded files not read at the release's own commit, for PLAN.md. */
export function inexactData(data: BackendData): Array<{ file: string; commit: string; read: string }> {
  const more: DataProvenance[] = [];
  const limits = loadLimits(data.version).provenance;
  if (limits) more.push({ file: `trtllm-${data.version}/limits.json`, provenance: limits });
  const semantics = semanticsProvenance(data.version);
  if (semantics) more.push({ file: `tensorrtllm_backend-${data.version}/parameter-semantics.json`, provenance: semantics });
  const weights = loadWeightsData(data.version);
  if (weights) more.push({ file: `trtllm-${data.version}/weights.json`, provenance: { ...weights.provenance, read: 'which files mark weights as already quantized (NVIDIA\'s accuracy harness) and which model types no converter of the release takes (release notes)' } });
  more.push(...serveTablesProvenance(data.version));
  return [...data.provenance, ...more]
    .filter((p) => !p.provenance.exact)
    .map((p) => ({ file: `packages/compiler/data/${p.file}`, commit: p.provenance.commit.slice(0, 12), read: p.provenance.read ?? p.provenance.note ?? '' }));
}
