import { DEFAULTS, type BackendVersion, type QuantizationFormat } from '@trtforge/spec';
import { loadQuantizeData } from '../backend/quantize-data.js';
import { dataFileExists, readDataJson } from '../backend/release-files.js';
import { getPath } from '../resolve/resolve.js';
import { isPlainObject } from '../object-path.js';

type Json = Record<string, unknown>;
const show = (v: unknown) => JSON.stringify(v);

/** `data/trtllm-<release>/quant-config.json`: TensorRT-LLM's QuantConfig fields and their defaults. */
interface QuantConfigData {
  path: string;
  fields: Record<string, unknown>;
  /** What convert_checkpoint.py's switches write: quant_algo / kv_cache_quant_algo → convert.* fields. */
  convertCheckpoint: {
    quantAlgos: Record<string, ConvertSwitches>;
    kvCacheQuantAlgos: Record<string, ConvertSwitches>;
  };
}

/** convert.* fields that give one algorithm: fixed values, values read from QuantConfig, and the calibration dataset field. */
interface ConvertSwitches { fields: Record<string, unknown>; fromQuantConfig?: Record<string, string>; calibration?: string }

export interface EngineQuantization {
  /** Spec fields the engine's precision gives (quantization.*). */
  fields: Array<[string, unknown]>;
  /** What the engine says of its precision that the spec cannot hold, or that the engine does not record. */
  unexpressed: string[];
}

/** The spec's words for "the checkpoint's precision is unknown": the rebuilt engine would be unquantized. */
export const PRECISION_UNKNOWN = 'imported without a quantization section, so the rebuilt engine is unquantized (16/32-bit weights, KV cache in convert.dtype)';

/**
 * An engine's precision (config.json `pretrained_config.quantization`, TensorRT-LLM's QuantConfig) →
 * the spec's `quantization` section, through the release's quantize.py data read in reverse:
 * `formats[].quantAlgo` → format, `kvCacheDtypes[].kvCacheQuantAlgo` → kvCacheDtype, group_size →
 * awqBlockSize for the formats that flag applies to. What convert_checkpoint.py's own switches write
 * (weight-only W8A16 / W4A16, SmoothQuant, an INT8 KV cache: quant-config.json `convertCheckpoint`) becomes those
 * convert.* fields instead. An algorithm neither gives is listed, and then nothing is written (a
 * half-expressed precision would compile to a different one). The engine does not record how its
 * checkpoint was calibrated: those fields get the spec's defaults, listed.
 */
export function readEngineQuantization(pretrained: unknown, version: BackendVersion, modelOpt?: unknown): EngineQuantization {
  const fields: Array<[string, unknown]> = [];
  const unexpressed: string[] = [];
  const q = isPlainObject(pretrained) ? pretrained.quantization : undefined;
  if (!isPlainObject(q)) {
    unexpressed.push(`quantization: the engine config.json has no pretrained_config.quantization, so its precision is unknown; ${PRECISION_UNKNOWN}`);
    return { fields, unexpressed };
  }
  const algo = q.quant_algo ?? null;
  const kvAlgo = q.kv_cache_quant_algo ?? null;
  if (algo === null && kvAlgo === null) return { fields, unexpressed }; // unquantized, as trtllm-build writes it
  const said = `engine pretrained_config.quantization (quant_algo ${show(algo)}, kv_cache_quant_algo ${show(kvAlgo)})`;

  const data = loadQuantizeData(version);
  const layout = dataFileExists(`trtllm-${version}/quant-config.json`) ? readDataJson<QuantConfigData>(`trtllm-${version}/quant-config.json`) : undefined;
  if (!data || !layout) {
    unexpressed.push(`${said}: trtforge has no quantize.py data for release v${version} (data/trtllm-${version}/quantize.json, quant-config.json); ${PRECISION_UNKNOWN} — import with --backend naming a release that has it`);
    return { fields, unexpressed };
  }
  const formats = Object.entries(data.formats) as Array<[QuantizationFormat, (typeof data.formats)[QuantizationFormat]]>;
  const format = formats.find(([, f]) => f.quantAlgo === algo)?.[0];
  const kvEntries = Object.entries(data.kvCacheDtypes);
  const kvCacheDtype = kvAlgo === null ? 'auto' : kvEntries.find(([, k]) => k.kvCacheQuantAlgo === kvAlgo)?.[0];
  const convert = layout.convertCheckpoint;
  const switches = (fields: Record<string, unknown>) => Object.entries(fields).map(([path, value]) => `${path} ${show(value)}`).join(' + ');
  const gives = `quantization.format gives ${formats.map(([name, f]) => `${f.quantAlgo} (${name})`).join(', ')}; quantization.kvCacheDtype gives ${kvEntries.map(([name, k]) => `${k.kvCacheQuantAlgo} (${name})`).join(', ')}; `
    + `convert_checkpoint.py gives ${[...Object.entries(convert.quantAlgos), ...Object.entries(convert.kvCacheQuantAlgos).map(([name, k]) => [`${name} KV cache`, k] as const)].map(([name, c]) => `${name} (${switches(c.fields)})`).join(', ')}`;
  if (format === undefined) {
    // Not a quantize.py format: convert_checkpoint.py's own switches may give it (weight-only, an INT8 KV cache).
    const none: ConvertSwitches = { fields: {} };
    const weights = algo === null ? none : convert.quantAlgos[String(algo)];
    const kv = kvAlgo === null ? none : convert.kvCacheQuantAlgos[String(kvAlgo)];
    if (weights && kv) {
      const read = Object.entries({ ...weights.fromQuantConfig, ...kv.fromQuantConfig });
      fields.push(...Object.entries({ ...weights.fields, ...kv.fields }), ...read.map(([path, key]): [string, unknown] => [path, q[key] ?? layout.fields[key]]));
      const calibrated = [algo !== null && weights.calibration ? show(algo) : undefined, kvAlgo !== null && kv.calibration ? `${show(kvAlgo)} KV cache` : undefined].filter((x) => x !== undefined);
      const calibration = weights.calibration ?? kv.calibration;
      if (calibration && calibrated.length > 0) unexpressed.push(`${calibration}: an engine does not record the dataset its ${calibrated.join(' and ')} scales were calibrated on; the spec's default ${show(getPath(DEFAULTS, calibration))} applies — set it to the one used; the convert step's cache key differs from the original's unless it is the same`);
      return { fields, unexpressed: [...unexpressed, ...otherValues(q, layout, new Set(['quant_algo', 'kv_cache_quant_algo', ...read.map(([, key]) => key)]), 'convert_checkpoint.py writes')] };
    }
    unexpressed.push(algo === null
      ? `${said}: a quantized KV cache over unquantized weights cannot be expressed (a quantization section needs a weight format: ${gives}); ${PRECISION_UNKNOWN}`
      : `${said}: quant_algo ${show(algo)} cannot be expressed (${gives}); ${PRECISION_UNKNOWN}`);
    return { fields, unexpressed };
  }
  fields.push(['quantization.format', format]);
  if (kvCacheDtype === undefined) {
    unexpressed.push(`${said}: kv_cache_quant_algo ${show(kvAlgo)} cannot be expressed (${gives}); quantization.kvCacheDtype is left at 'auto', so the rebuilt KV cache is in convert.dtype`);
  } else if (kvCacheDtype !== 'auto') {
    fields.push(['quantization.kvCacheDtype', kvCacheDtype]);
  }

  // group_size is the AWQ block size where quantize.py's --awq_block_size applies to the format.
  const block = data.options['quantization.awqBlockSize'];
  const blockApplies = block !== undefined && (!block.formats || block.formats.includes(format));
  const mapped = new Set(['quant_algo', 'kv_cache_quant_algo', ...(blockApplies ? ['group_size'] : [])]);
  if (blockApplies) {
    const size = q.group_size ?? layout.fields.group_size;
    const allowed = data.formats[format].awqBlockSizes;
    if (typeof size === 'number' && (!allowed || allowed.includes(size))) fields.push(['quantization.awqBlockSize', size]);
    else unexpressed.push(`engine pretrained_config.quantization.group_size = ${show(size)}: quantization.awqBlockSize cannot hold it (${allowed?.join(' or ') ?? 'no sizes in the data'}); the spec's default ${DEFAULTS.quantization.awqBlockSize} applies`);
  }
  unexpressed.push(...otherValues(q, layout, mapped, `quantize.py writes for ${format}`));

  // A ModelOpt checkpoint in source.modelDir (its marker file) that holds this precision: loaded as it is, nothing calibrated.
  if (modelOpt !== undefined) {
    const pre = data.prequantized.modelopt;
    const held = modelOptAlgos(modelOpt);
    const loadable = pre.formats[format]?.quantAlgo === algo && (kvAlgo === null || Object.values(pre.kvCacheDtypes).some((k) => k?.kvCacheQuantAlgo === kvAlgo));
    if (held.algo === algo && held.kv === kvAlgo && loadable) {
      fields.push(['source.checkpoint', 'modelopt']);
      return { fields, unexpressed };
    }
    unexpressed.push(`source.checkpoint: source.modelDir holds a ModelOpt checkpoint (${pre.marker}: quant_algo ${show(held.algo)}, kv_cache_quant_algo ${show(held.kv)}) that ${held.algo === algo && held.kv === kvAlgo ? `convert_checkpoint.py cannot load as it is (it loads ${Object.values(pre.formats).map((f) => f?.quantAlgo).join(', ')} weights)` : 'is not the engine\'s precision'}; imported as quantize.py calibrating source.modelDir — point source.modelDir at the weights the engine was made from`);
  }

  // What the engine does not record: how its checkpoint was calibrated.
  const datasetFlag = data.inputs['quantization.calibDataset']?.flag;
  const hubDefault = data.argparse.options.find((o) => o.flag === datasetFlag)?.default;
  const dataset = `/data/${typeof hubDefault === 'string' ? hubDefault : 'calibration'}`;
  fields.push(['quantization.calibDataset', dataset]);
  unexpressed.push(`quantization.calibDataset: an engine does not record the dataset its checkpoint was calibrated on; set to ${dataset} (quantize.py's default${typeof hubDefault === 'string' ? `, ${hubDefault},` : ''} as the directory the quantize step mounts) — change it to the one used; its files are part of the quantize step's cache key, so the key differs from the original's unless it is the same data`);
  const cap = data.formats[format].calibSizeMax;
  const calibSize = cap === null ? DEFAULTS.quantization.calibSize : Math.min(cap, DEFAULTS.quantization.calibSize);
  if (calibSize !== DEFAULTS.quantization.calibSize) fields.push(['quantization.calibSize', calibSize]);
  const capped = calibSize !== DEFAULTS.quantization.calibSize ? `, calibSize capped at the ${cap} samples quantize.py uses for ${format}` : '';
  unexpressed.push(`quantization.calibSize, calibMaxSeqLength, seed: an engine does not record its calibration; calibSize ${calibSize}, calibMaxSeqLength ${DEFAULTS.quantization.calibMaxSeqLength}, seed ${DEFAULTS.quantization.seed} apply (the spec's defaults${capped}), so the checkpoint is calibrated again and the quantize step's cache key matches the original's only if those were its settings`);
  if (modelOpt === undefined && data.prequantized.modelopt.formats[format]) {
    unexpressed.push(`source.checkpoint: an engine does not record whether quantize.py calibrated Hugging Face weights or convert_checkpoint.py loaded a ModelOpt checkpoint (${data.prequantized.modelopt.marker}) as it is; imported as the former — for a ModelOpt checkpoint in source.modelDir set source.checkpoint: 'modelopt' and remove the calibration settings`);
  }
  return { fields, unexpressed };
}

/** QuantConfig values other than their defaults that no spec field sets: one line, or none. */
function otherValues(q: Json, layout: QuantConfigData, mapped: ReadonlySet<string>, writer: string): string[] {
  const other = Object.keys(q).filter((k) => !mapped.has(k) && JSON.stringify(q[k]) !== JSON.stringify(layout.fields[k])).sort();
  if (other.length === 0) return [];
  const values = other.map((k) => `${k} ${show(q[k])}${k in layout.fields ? ` (default ${show(layout.fields[k])})` : ' (not a QuantConfig field trtforge knows)'}`);
  return [`engine pretrained_config.quantization also records ${values.join(', ')}: no spec field sets ${other.length === 1 ? 'it' : 'them'}, so the rebuilt checkpoint has whatever ${writer}`];
}

/** The file a ModelOpt checkpoint carries beside config.json (quantize.json `prequantized.modelopt.marker`), or undefined. */
export function modelOptMarker(version: BackendVersion): string | undefined {
  return loadQuantizeData(version)?.prequantized.modelopt.marker;
}

/** quant_algo / kv_cache_quant_algo of a ModelOpt marker file ({ producer, quantization: { … } }). */
function modelOptAlgos(modelOpt: unknown): { algo: unknown; kv: unknown } {
  const q = isPlainObject(modelOpt) && isPlainObject(modelOpt.quantization) ? modelOpt.quantization : {};
  return { algo: q.quant_algo ?? null, kv: q.kv_cache_quant_algo ?? null };
}

/**
 * No engine, but source.modelDir is a ModelOpt checkpoint: its marker file says the precision, and
 * convert_checkpoint.py loads it as it is (quantize.json `prequantized`). A precision it cannot load
 * is listed.
 */
export function readCheckpointQuantization(modelOpt: unknown, version: BackendVersion): EngineQuantization {
  const data = loadQuantizeData(version);
  const { algo, kv } = modelOptAlgos(modelOpt);
  if (!data || (algo === null && kv === null)) return { fields: [], unexpressed: [] };
  const pre = data.prequantized.modelopt;
  const format = (Object.entries(pre.formats) as Array<[string, { quantAlgo: string } | undefined]>).find(([, f]) => f?.quantAlgo === algo)?.[0];
  const kvCacheDtype = kv === null ? 'auto' : Object.entries(pre.kvCacheDtypes).find(([, k]) => k?.kvCacheQuantAlgo === kv)?.[0];
  if (format === undefined || kvCacheDtype === undefined) {
    return { fields: [], unexpressed: [`quantization: source.modelDir holds a ModelOpt checkpoint (${pre.marker}: quant_algo ${show(algo)}, kv_cache_quant_algo ${show(kv)}) that convert_checkpoint.py cannot load as it is (it loads ${Object.values(pre.formats).map((f) => f?.quantAlgo).join(', ')} weights, ${Object.values(pre.kvCacheDtypes).map((k) => k?.kvCacheQuantAlgo).join(', ')} KV caches); ${PRECISION_UNKNOWN}`] };
  }
  return { fields: [['source.checkpoint', 'modelopt'], ['quantization.format', format], ...(kvCacheDtype === 'auto' ? [] : [['quantization.kvCacheDtype', kvCacheDtype] as [string, unknown]])], unexpressed: [] };
}
