import { DEFAULTS, type PlanMount, type PlanPrecision, type PlanSizing, type PlanStep } from '@trtforge/spec';
import type { BackendData, FlagTable } from '../backend/backend-data.js';
import { loadQuantizeData, type QuantizeData } from '../backend/quantize-data.js';
import { CALIB_DIR, OUTPUT_DIR, SOURCE_MOUNTS } from '../container-layout.js';
import { getPath } from '../resolve/resolve.js';
import type { ResolvedModelSpec } from '../resolve/resolved.js';
import { flagsFromTable } from './flags.js';
import { checkpointKeyBase, convertStep, toolStep } from './steps.js';
import { effectiveCalibSize, quantizationOf } from '../quantization.js';

// The checkpoint step: convert_checkpoint.py (plain), quantize.py (a `quantization` section), or
// the family's convert_checkpoint.py loading a ModelOpt pre-quantized checkpoint. Which tool and
// which flags is the release's quantize.json, never a version check here.

const staticDefault = (path: string) => getPath(DEFAULTS, path);

function requireData(spec: ResolvedModelSpec): QuantizeData {
  const data = loadQuantizeData(spec.runtime.backendVersion);
  if (!data) throw new Error(`internal: no quantize data for release ${spec.runtime.backendVersion} (TRT184 should have reported it)`);
  return data;
}

/** quantize.py's flags for this spec: the table's entries that apply to the format, minus the "leave it out" values. */
export function quantizeFlags(spec: ResolvedModelSpec, data: QuantizeData, opts: { keyedOnly?: boolean } = {}): string[] {
  const q = quantizationOf(spec)!;
  const options: FlagTable['options'] = {};
  for (const [path, flag] of Object.entries(data.options)) {
    if (flag.formats && !flag.formats.includes(q.format)) continue;
    if (flag.omitWhen !== undefined && getPath(spec, path) === flag.omitWhen) continue;
    options[path] = flag;
  }
  return flagsFromTable({ tool: data.tool, options }, spec, staticDefault, opts);
}

/** Where the calibration dataset is mounted: under CALIB_DIR with its own name (quantize.py matches `cnn_dailymail` in the path). */
export function calibDatasetTarget(spec: ResolvedModelSpec): string {
  const name = quantizationOf(spec)!.calibDataset.replace(/\/+$/, '').split('/').pop() || 'dataset';
  return `${CALIB_DIR}/${name}`;
}

function quantizeStep(spec: ResolvedModelSpec, data: QuantizeData, backend: BackendData): PlanStep {
  const q = quantizationOf(spec)!;
  const { paths } = spec.runtime;
  const dataset = calibDatasetTarget(spec);
  const fixed = [
    'python3', `${SOURCE_MOUNTS.tensorrtllm}/${data.script}`, '--model_dir', paths.modelDir, '--output_dir', OUTPUT_DIR,
    data.inputs['quantization.calibDataset']!.flag, dataset,
  ];
  const mounts: PlanMount[] = [
    { source: { kind: 'input', name: 'modelDir' }, target: paths.modelDir, readOnly: true },
    { source: { kind: 'input', name: 'calibDataset' }, target: dataset, readOnly: true },
    { source: { kind: 'source', name: 'tensorrtllm' }, target: SOURCE_MOUNTS.tensorrtllm, readOnly: true },
    { source: { kind: 'output' }, target: OUTPUT_DIR, readOnly: false },
  ];
  const kv = q.kvCacheDtype === 'auto' ? '' : ` + ${q.kvCacheDtype} KV cache`;
  return toolStep(spec, {
    id: 'quantize',
    title: `quantize ${spec.source.modelDir} → ${q.format}${kv} TRT-LLM checkpoint (${data.script}, ${effectiveCalibSize(q, data)} calibration samples)`,
    mounts,
    argv: [...fixed, ...quantizeFlags(spec, data)],
    cacheKey: {
      ...checkpointKeyBase(spec, backend),
      // What the checkpoint is, spelled out (the argv leaves tool defaults out).
      quantize: {
        format: q.format,
        kvCacheDtype: q.kvCacheDtype,
        calibSize: effectiveCalibSize(q, data),
        calibMaxSeqLength: q.calibMaxSeqLength,
        seed: q.seed,
        ...(q.format === 'int4_awq' ? { awqBlockSize: q.awqBlockSize } : {}),
      },
      argv: [...fixed, ...quantizeFlags(spec, data, { keyedOnly: true })],
    },
  });
}

/** convert_checkpoint.py on a ModelOpt checkpoint: the family's converter with the flags that load FP8 weights as they are. */
function prequantizedStep(spec: ResolvedModelSpec, data: QuantizeData, backend: BackendData): PlanStep {
  const q = quantizationOf(spec)!;
  const pre = data.prequantized.modelopt;
  const extra = [...(pre.formats[q.format]?.flags ?? []), ...(q.kvCacheDtype === 'auto' ? [] : pre.kvCacheDtypes[q.kvCacheDtype]?.flags ?? [])];
  const step = convertStep(spec, backend);
  const keyArgv = (step.cacheKey?.argv as string[] | undefined) ?? [];
  const kv = q.kvCacheDtype === 'auto' ? '' : ` + ${q.kvCacheDtype} KV cache`;
  return {
    ...step,
    title: `convert ${spec.source.modelDir} (ModelOpt ${q.format}${kv} checkpoint, loaded as it is) → TRT-LLM checkpoint`,
    argv: [...step.argv, ...extra],
    cacheKey: { ...step.cacheKey, prequantized: { format: q.format, kvCacheDtype: q.kvCacheDtype }, argv: [...keyArgv, ...extra] },
  };
}

/** The step that writes the TRT-LLM checkpoint (the plan's `steps.convert`). */
export function checkpointStep(spec: ResolvedModelSpec, backend: BackendData): PlanStep {
  if (!quantizationOf(spec)) return convertStep(spec, backend);
  const data = requireData(spec);
  return spec.source.checkpoint === 'modelopt' ? prequantizedStep(spec, data, backend) : quantizeStep(spec, data, backend);
}

/** The TensorRT-LLM checkout path the checkpoint step runs. */
export function checkpointScript(spec: ResolvedModelSpec, backend: BackendData): string {
  if (quantizationOf(spec) && spec.source.checkpoint !== 'modelopt') return requireData(spec).script;
  return backend.convertFlags[spec.source.family]!.script!;
}

/** What the engine's precision asks of the host (doctor checks it against the GPUs), or undefined. */
export function planPrecision(spec: ResolvedModelSpec): PlanPrecision | undefined {
  const q = quantizationOf(spec);
  if (!q) return undefined;
  const data = requireData(spec);
  const format = data.formats[q.format];
  const kv = q.kvCacheDtype === 'auto' ? undefined : data.kvCacheDtypes[q.kvCacheDtype];
  const requirements: PlanPrecision['requirements'] = [];
  if (format.minComputeCapability) requirements.push({ what: `${q.format} weights`, minComputeCapability: format.minComputeCapability, why: format.minComputeCapabilityWhy });
  if (kv?.minComputeCapability) requirements.push({ what: `${q.kvCacheDtype} KV cache`, minComputeCapability: kv.minComputeCapability, why: `kv_cache_quant_algo ${kv.kvCacheQuantAlgo}` });
  if (spec.build.plugins.useFp8ContextFmha) requirements.push({ what: 'FP8 context FMHA (build.plugins.useFp8ContextFmha)', computeCapabilities: data.fp8ContextFmha.computeCapabilities, why: data.fp8ContextFmha.why });
  return {
    format: q.format,
    kvCacheDtype: q.kvCacheDtype,
    quantAlgo: format.quantAlgo,
    kvCacheQuantAlgo: kv?.kvCacheQuantAlgo ?? null,
    from: spec.source.checkpoint === 'modelopt' ? 'checkpoint' : 'quantize',
    ...(spec.source.checkpoint === 'modelopt' ? { marker: data.prequantized.modelopt.marker } : {}),
    data: { file: `packages/compiler/data/trtllm-${spec.runtime.backendVersion}/quantize.json`, repo: data.provenance.repo, tag: data.provenance.tag, exact: data.provenance.exact },
    requirements,
  };
}

/** The memory estimate's bytes per weight / KV element under quantization. */
export function quantizedSizing(sizing: PlanSizing, spec: ResolvedModelSpec): PlanSizing {
  const q = quantizationOf(spec);
  if (!q) return sizing;
  const data = requireData(spec);
  const kv = q.kvCacheDtype === 'auto' ? undefined : data.kvCacheDtypes[q.kvCacheDtype];
  return { ...sizing, weightBytes: data.formats[q.format].weightBytes, ...(kv ? { kvBytes: kv.bytes } : {}) };
}

/** The calibration dataset's host directory (as written) when the quantize step calibrates, or undefined. */
export function planCalibDataset(spec: ResolvedModelSpec): string | undefined {
  const q = quantizationOf(spec);
  return q && spec.source.checkpoint !== 'modelopt' ? q.calibDataset : undefined;
}
