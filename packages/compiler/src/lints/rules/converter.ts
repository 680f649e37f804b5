import { DEFAULTS } from '@trtforge/spec';
import type { ArgparseOption, ConvertTable } from '../../backend/convert-table.js';
import type { FlagSpec } from '../../backend/backend-data.js';
import { getPath } from '../../resolve/resolve.js';
import type { ResolvedModelSpec } from '../../resolve/resolved.js';
import { written } from '../spec-paths.js';
import type { LintFinding, LintRule } from '../rule.js';
import { quantizationOf } from '../../quantization.js';

// Families are data: each rule here reads the family's converter table
// (data/trtllm-<version>/convert_checkpoint.<family>.json), never an `if (family === …)`.

/**
 * The values a mapped field puts after its flag, or undefined when the flag is not emitted: the
 * same rule as the convert step (written, or different from the tool's default), for checking only.
 */
function argumentsOf(spec: ResolvedModelSpec, path: string, { kind, when }: FlagSpec): string[] | undefined {
  const value = getPath(spec, path);
  if (value === undefined) return undefined;
  if (when !== undefined) {
    if (getPath(spec, when) !== true) return undefined;
  } else if (!written(spec, path) && JSON.stringify(value) === JSON.stringify(getPath(DEFAULTS, path))) return undefined;
  if (kind === 'flag') return value === true ? [] : undefined;
  if (kind === 'enable-disable') return [value ? 'enable' : 'disable'];
  return kind === 'list' ? (value as unknown[]).map(String) : [String(value)];
}

/** Why `value` is not a valid argument of `option` (argparse's own checks: choices, int, float), or undefined. */
function rejects(option: ArgparseOption, values: string[]): string | undefined {
  if (option.type === 'flag') return undefined;
  for (const value of values) {
    if (option.choices && !option.choices.map(String).includes(value)) return `"${value}" is not a choice of ${option.flag} (${option.choices.join(', ')})`;
    if (option.type === 'int' && !/^[-+]?\d+$/.test(value)) return `${option.flag} takes an int, got "${value}"`;
    if (option.type === 'float' && !Number.isFinite(Number(value))) return `${option.flag} takes a float, got "${value}"`;
  }
  return undefined;
}

/** The convert.* fields the user wrote, as dotted paths. */
function writtenConvertFields(spec: ResolvedModelSpec): string[] {
  return Object.keys(spec.raw.convert ?? {}).map((key) => `convert.${key}`).filter((path) => written(spec, path));
}

function checkTable(spec: ResolvedModelSpec, table: ConvertTable, version: string): LintFinding[] {
  const where = `${table.script} (TensorRT-LLM ${version})`;
  const findings: LintFinding[] = [];
  for (const path of writtenConvertFields(spec)) {
    // A field that gates another's option (`when`) is taken by the converter through that option.
    if (table.options[path] || Object.values(table.options).some((o) => o.when === path)) continue;
    findings.push({
      path,
      message: `has no option in ${where}, the converter of source.family "${table.family}"`,
      hint: `remove ${path}; ${table.script} takes ${Object.entries(table.options).flatMap(([p, o]) => (o.when ? [o.when, p] : [p])).filter((p) => p.startsWith('convert.')).join(', ') || 'no convert.* field'}`,
    });
  }
  const byFlag = new Map(table.argparse.flatMap((o) => [o.flag, ...(o.aliases ?? [])].map((name) => [name, o] as const)));
  for (const [path, flagSpec] of Object.entries(table.options)) {
    const values = argumentsOf(spec, path, flagSpec);
    if (values === undefined) continue;
    const option = byFlag.get(flagSpec.flag);
    const problem = option ? rejects(option, values) : `${flagSpec.flag} is not an option of the script`;
    if (problem) findings.push({ path, message: `${problem}: ${where} rejects it`, hint: option?.choices ? `use one of ${option.choices.join(', ')}` : `remove ${path}` });
  }
  return findings;
}

export const converterTakesSpec: LintRule = {
  id: 'TRT180',
  severity: 'error',
  topic: 'families',
  title: "convert fields must be options of the family's converter, with values it accepts",
  why: "Each family converts with its own examples/<dir>/convert_checkpoint.py, and their option tables differ: Gemma's takes --world-size and --use-weight-only-with-precision instead of --tp_size and --use_weight_only, Phi's has no SmoothQuant, INT8 KV cache or parallel embedding, the Llama/Phi/Gemma scripts do not accept --dtype auto at the commits read. argparse stops the step with \"unrecognized arguments\" or \"invalid choice\" after the image and the weights were prepared; a field the family's converter has no option for would otherwise be dropped silently. The tables are data/trtllm-<version>/convert_checkpoint.<family>.json.",
  fields: ['source.family', 'convert.dtype', 'convert.useWeightOnly', 'convert.weightOnlyPrecision', 'convert.smoothquant', 'convert.int8KvCache', 'convert.useParallelEmbedding'],
  check: ({ spec, backend }) => {
    const table = backend.convertFlags[spec.source.family];
    if (!table) {
      return [{
        path: 'source.family',
        message: `"${spec.source.family}" has no converter table for TensorRT-LLM ${backend.version} (families with one: ${Object.keys(backend.convertFlags).join(', ')})`,
        hint: `use one of ${Object.keys(backend.convertFlags).join(', ')}, or another runtime.backendVersion`,
      }];
    }
    // quantize.py writes the checkpoint instead of this converter: TRT185 says which convert fields it drops.
    if (quantizationOf(spec) && spec.source.checkpoint !== 'modelopt') return [];
    return checkTable(spec, table, backend.version);
  },
  examples: {
    pass: { source: { family: 'phi' }, convert: { dtype: 'bfloat16', useWeightOnly: true, weightOnlyPrecision: 'int4' } },
    fail: { source: { family: 'phi' }, convert: { int8KvCache: true } },
  },
};

export const converterSplitsParallelism: LintRule = {
  id: 'TRT181',
  severity: 'error',
  topic: 'families',
  title: "pipeline parallelism needs a converter that can split layers",
  why: "Gemma's converter has no --pp_size (it builds Mapping(tp_size=world_size, pp_size=1): \"We don't support pipeline parallelism yet for Gemma.\") and Phi's asserts pp_size == 1 (\"Pipeline parallelism is not supported.\"): a pp > 1 spec would build a checkpoint with the wrong number of ranks or stop after the weights were loaded. The families' sharding data is in data/trtllm-<version>/convert_checkpoint.<family>.json.",
  fields: ['parallelism.pp', 'source.family'],
  check: ({ spec, backend }) => {
    const table = backend.convertFlags[spec.source.family];
    if (!table || spec.parallelism.pp === 1 || table.sharding.pipelineParallel) return [];
    return [{
      path: 'parallelism.pp',
      message: `must be 1 for source.family "${table.family}", got ${spec.parallelism.pp}: ${table.sharding.pipelineParallelWhy ?? `${table.script} cannot split layers`}`,
      hint: `use tensor parallelism instead: parallelism: { tp: ${spec.parallelism.tp * spec.parallelism.pp} }`,
    }];
  },
  examples: {
    pass: { source: { family: 'gemma' }, convert: { dtype: 'bfloat16' }, parallelism: { tp: 2, gpuIds: [0, 1] } },
    fail: { source: { family: 'gemma' }, convert: { dtype: 'bfloat16' }, parallelism: { pp: 2, gpuIds: [0, 1] } },
  },
};
