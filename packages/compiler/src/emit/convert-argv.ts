import { DEFAULTS, type PlanFamily } from '@trtforge/spec';
import type { BackendData } from '../backend/backend-data.js';
import { familyIndex, type ConvertTable } from '../backend/convert-table.js';
import { loadWeightsData } from '../backend/weights-data.js';
import { OUTPUT_DIR, SOURCE_MOUNTS } from '../container-layout.js';
import { getPath } from '../resolve/resolve.js';
import type { ResolvedModelSpec } from '../resolve/resolved.js';
import { flagsFromTable } from './flags.js';

/** A field's static default (spec DEFAULTS, which for flag-mapped fields are the tool's own defaults). */
const staticDefault = (path: string) => getPath(DEFAULTS, path);

/** The converter table of the spec's family at its release; a located lint (TRT180) reports a missing one first. */
export function convertTableOf(spec: ResolvedModelSpec, backend: BackendData): ConvertTable {
  const table = backend.convertFlags[spec.source.family];
  if (!table) throw new Error(`internal: no convert table for family ${spec.source.family} at ${backend.version}`);
  return table;
}

/**
 * The convert argv for the spec's family, from that family's table (data): the fixed flags (named
 * per family: `--model_dir` / `--model-dir`, `--ckpt-type hf` for Gemma), then the spec's decisions.
 * `keyed` is the same argv without the flags that do not change the output (the cache key's).
 */
export function convertArgv(spec: ResolvedModelSpec, backend: BackendData): { script: string; argv: string[]; keyed: string[] } {
  const table = convertTableOf(spec, backend);
  const fixed = ['python3', `${SOURCE_MOUNTS.tensorrtllm}/${table.script}`, table.fixed.modelDir, spec.runtime.paths.modelDir, table.fixed.outputDir, OUTPUT_DIR, ...table.fixed.args];
  return {
    script: table.script,
    argv: [...fixed, ...flagsFromTable(table, spec, staticDefault)],
    keyed: [...fixed, ...flagsFromTable(table, spec, staticDefault, { keyedOnly: true })],
  };
}

/** What the runner checks in the weights' config.json before converting (plan.json `family`). */
export function planFamily(spec: ResolvedModelSpec, backend: BackendData): PlanFamily {
  const table = convertTableOf(spec, backend);
  const { tp, pp } = spec.parallelism;
  const split = table.sharding.parallelEmbedding;
  const splitsEmbedding = tp > 1 && (split === 'tp>1' || (split === 'flag' && spec.convert.useParallelEmbedding === true));
  return {
    name: spec.source.family,
    explicit: spec.raw.source?.family !== undefined,
    converter: table.script,
    modelTypes: table.weights.modelTypes,
    architectures: table.weights.architectures,
    known: familyIndex(backend.convertFlags),
    tp,
    pp,
    embeddingSplitDim: splitsEmbedding ? (split === 'flag' ? spec.convert.embeddingShardingDim ?? 0 : 0) : null,
    table: { commit: table.provenance.commit, tag: table.provenance.tag, exact: table.provenance.exact },
    ...weightsChecks(spec),
  };
}

/** The release's weights data as the plan carries it: what the checkpoint step refuses in `modelDir`. */
function weightsChecks(spec: ResolvedModelSpec): Pick<PlanFamily, 'checkpoint' | 'notConverted'> {
  const data = loadWeightsData(spec.runtime.backendVersion);
  if (!data) return {};
  const { files, configField, modeloptMarker } = data.prequantized;
  const notConverted: NonNullable<PlanFamily['notConverted']> = { modelTypes: {}, architectures: {} };
  for (const [modelType, entry] of Object.entries(data.notConverted)) {
    const sentence = `${entry.model} — ${entry.why}`;
    notConverted.modelTypes[modelType] = sentence;
    for (const architecture of entry.architectures) notConverted.architectures[architecture] = sentence;
  }
  return { checkpoint: { kind: spec.source.checkpoint, prequantizedFiles: files, configField, modeloptMarker }, notConverted };
}
