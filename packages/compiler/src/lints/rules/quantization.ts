import { isAbsolute, join } from 'node:path';
import { loadQuantizeData } from '../../backend/quantize-data.js';
import { supportedBackendVersions } from '../../backend/backend-data.js';
import { quantizationOf } from '../../quantization.js';
import { written } from '../spec-paths.js';
import { type LintFinding, type LintRule } from '../rule.js';

// What TensorRT-LLM's quantization path accepts, read from data/trtllm-<release>/quantize.json
// (quantize.py, quantize_by_modelopt.py, the support matrices): never a version check here.

const CALIBRATION = ['calibSize', 'calibDataset', 'calibBatchSize', 'calibMaxSeqLength', 'awqBlockSize', 'seed'] as const;

/** Weight-quantization switches of convert_checkpoint.py: a second quantization next to `quantization`. */
const CONVERT_QUANTIZATION = [
  'useWeightOnly', 'weightOnlyPrecision', 'disableWeightOnlyQuantPlugin', 'smoothquant', 'perChannel', 'perToken',
  'int8KvCache', 'perGroup', 'groupSize', 'calibDataset',
] as const;

export const quantizationSupported: LintRule = {
  id: 'TRT184',
  severity: 'error',
  topic: 'quantization',
  title: 'the quantization must be one TensorRT-LLM supports for the family and release',
  why: 'quantize.py exports only the architectures ModelOpt knows, and the support matrices (docs/source/reference/precision.md, examples/qwen/README.md) list FP8 and INT4-AWQ per model family; a ModelOpt pre-quantized checkpoint is loaded by the family\'s convert_checkpoint.py only where that converter has --use_fp8 / --fp8_kv_cache (examples/llama/convert_checkpoint.py). Which is which is data/trtllm-<release>/quantize.json, with where each fact was read; a combination outside it fails after a long calibration, or builds an engine that was never tested.',
  fields: ['quantization.format', 'quantization.kvCacheDtype', 'source.family', 'source.checkpoint', 'runtime.backendVersion'],
  check: ({ spec }) => {
    const q = quantizationOf(spec);
    const modelopt = spec.source.checkpoint === 'modelopt';
    if (!q) {
      return modelopt
        ? [{ path: 'source.checkpoint', message: '"modelopt" needs a quantization section saying what the checkpoint holds', hint: "add quantization: { format: 'fp8', kvCacheDtype: 'fp8' } as the checkpoint's hf_quant_config.json says, or remove source.checkpoint" }]
        : [];
    }
    const data = loadQuantizeData(spec.runtime.backendVersion);
    if (!data) {
      const have = supportedBackendVersions().filter((v) => loadQuantizeData(v as typeof spec.runtime.backendVersion));
      return [{ path: 'quantization', message: `release ${spec.runtime.backendVersion} has no quantize.py data (data/trtllm-${spec.runtime.backendVersion}/quantize.json)`, hint: `use runtime.backendVersion ${have.map((v) => `'${v}'`).join(' or ')}, or remove quantization` }];
    }
    const family = spec.source.family;
    if (modelopt) {
      const pre = data.prequantized.modelopt;
      const findings: LintFinding[] = [];
      if (!pre.families.includes(family)) findings.push({ path: 'source.checkpoint', message: `"modelopt" is not loadable for family "${family}": only ${pre.families.join(', ')} (${pre.familiesWhy})`, hint: "quantize the Hugging Face weights instead: remove source.checkpoint and point source.modelDir at the unquantized model" });
      if (!pre.formats[q.format]) findings.push({ path: 'quantization.format', message: `"${q.format}" checkpoints cannot be loaded pre-quantized: convert_checkpoint.py loads ${Object.keys(pre.formats).join(', ')}`, hint: `use a ${Object.keys(pre.formats).join(' / ')} ModelOpt checkpoint, or quantize the unquantized weights (remove source.checkpoint)` });
      if (q.kvCacheDtype !== 'auto' && !pre.kvCacheDtypes[q.kvCacheDtype]) findings.push({ path: 'quantization.kvCacheDtype', message: `"${q.kvCacheDtype}" KV cache cannot be loaded from a ModelOpt checkpoint: convert_checkpoint.py has ${Object.keys(pre.kvCacheDtypes).join(', ')}`, hint: `set quantization.kvCacheDtype to ${Object.keys(pre.kvCacheDtypes).map((k) => `'${k}'`).join(' or ')} or 'auto'` });
      return findings;
    }
    const support = data.formats[q.format].families[family];
    if (support?.supported) return [];
    const others = Object.entries(data.formats[q.format].families).filter(([, s]) => s.supported).map(([f]) => f);
    return [{
      path: 'quantization.format',
      message: `"${q.format}" is not supported for family "${family}" by TensorRT-LLM ${data.version}${support ? ` (${support.evidence})` : ' (no support data for this family)'}`,
      hint: `remove quantization; ${q.format} is supported for ${others.join(', ')}`,
    }];
  },
  examples: {
    pass: { source: { family: 'llama', checkpoint: 'modelopt' }, quantization: { format: 'fp8', kvCacheDtype: 'fp8' } },
    fail: { source: { family: 'qwen', checkpoint: 'modelopt' }, quantization: { format: 'fp8', kvCacheDtype: 'fp8' } },
  },
};

export const quantizationReplacesConvert: LintRule = {
  id: 'TRT185',
  severity: 'error',
  topic: 'quantization',
  title: 'convert settings a quantization section makes meaningless',
  why: 'With a quantization section quantize.py writes the checkpoint instead of convert_checkpoint.py, and it has only --dtype of convert\'s flags: every other convert.* field would be dropped without a word. For a ModelOpt pre-quantized checkpoint convert_checkpoint.py does run, but its weight-only / SmoothQuant / INT8-KV switches are a second quantization: args_to_quant_config picks --use_weight_only before --use_fp8 (examples/llama/convert_checkpoint.py), so the FP8 checkpoint would be read as something else.',
  fields: ['quantization', 'convert', 'source.checkpoint'],
  check: ({ spec }) => {
    if (!quantizationOf(spec)) return [];
    const modelopt = spec.source.checkpoint === 'modelopt';
    const writtenConvert = Object.keys(spec.raw.convert ?? {}) as Array<keyof NonNullable<typeof spec.raw.convert>>;
    const offending = modelopt ? writtenConvert.filter((k) => (CONVERT_QUANTIZATION as readonly string[]).includes(k)) : writtenConvert.filter((k) => k !== 'dtype');
    return offending.map((k) => ({
      path: `convert.${k}`,
      message: modelopt
        ? 'is a second quantization of a ModelOpt checkpoint that is already quantized (quantization says what it holds)'
        : 'has no effect: with a quantization section quantize.py writes the checkpoint, and of convert\'s settings it takes only convert.dtype',
      hint: `remove convert.${k}`,
    }));
  },
  examples: {
    pass: { source: { family: 'llama' }, quantization: { format: 'fp8', calibDataset: '/data/cnn_dailymail' }, convert: { dtype: 'bfloat16' } },
    fail: { source: { family: 'llama' }, quantization: { format: 'fp8', calibDataset: '/data/cnn_dailymail' }, convert: { useWeightOnly: true } },
  },
};

/** `owner/name` or a bare dataset name: how the Hub spells datasets. */
const HUB_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/;

export const calibrationDatasetIsDirectory: LintRule = {
  id: 'TRT186',
  severity: 'error',
  topic: 'quantization',
  title: 'calibration needs a dataset directory on the host; a pre-quantized checkpoint needs none',
  why: 'quantize.py calibrates FP8 and AWQ scales on --calib_dataset (quantize_by_modelopt.get_calib_dataloader). trtforge runs every step offline (HF_HUB_OFFLINE=1), so a Hub name such as its default "cnn_dailymail" fails inside the step after the model has loaded; the dataset must be a directory trtforge mounts, and its files are part of the cache key. A ModelOpt checkpoint is not calibrated again: calibration settings next to source.checkpoint "modelopt" mean nothing.',
  fields: ['quantization.calibDataset', 'quantization.calibSize', 'source.checkpoint'],
  check: ({ spec, root, host }) => {
    const q = quantizationOf(spec);
    if (!q) return [];
    if (spec.source.checkpoint === 'modelopt') {
      return CALIBRATION.filter((k) => written(spec, `quantization.${k}`)).map((k) => ({
        path: `quantization.${k}`,
        message: 'means nothing for a ModelOpt checkpoint: its weights are already quantized and nothing is calibrated',
        hint: `remove quantization.${k}`,
      }));
    }
    const dataset = spec.raw.quantization?.calibDataset;
    if (dataset === undefined) {
      return [{ path: 'quantization', message: 'has no calibDataset: quantize.py calibrates on a dataset, and the step runs offline', hint: "download one (huggingface-cli download --repo-type dataset abisee/cnn_dailymail --local-dir /data/cnn_dailymail) and set quantization.calibDataset: '/data/cnn_dailymail'" }];
    }
    if (isAbsolute(dataset) || dataset.startsWith('./') || dataset.startsWith('~/') || !HUB_NAME.test(dataset)) return []; // TRT204 checks the path itself
    if (root !== undefined && host.exists(join(root, dataset))) return [];
    const dir = `/data/${dataset.split('/').pop()!}`;
    return [{
      path: 'quantization.calibDataset',
      message: `is "${dataset}", a Hugging Face dataset name, not a directory: the quantize step runs offline`,
      hint: `download it (huggingface-cli download --repo-type dataset ${dataset.includes('/') ? dataset : `<owner>/${dataset}`} --local-dir ${dir}) and set quantization.calibDataset: '${dir}'; for a directory in the repository write './${dataset}'`,
    }];
  },
  examples: {
    pass: { source: { family: 'llama' }, quantization: { format: 'fp8', calibDataset: '/data/cnn_dailymail' } },
    fail: { source: { family: 'llama' }, quantization: { format: 'fp8', calibDataset: 'cnn_dailymail' } },
  },
};

export const quantizeIgnoresSettings: LintRule = {
  id: 'TRT187',
  severity: 'warning',
  topic: 'quantization',
  title: 'calibration settings quantize.py ignores for the format',
  why: 'quantize_and_export uses at most 32 calibration samples for AWQ formats ("AWQ calibration could take longer with calib_size = N, Using calib_size=32 instead"), and --awq_block_size shapes INT4 blocks only: with fp8 it is never read. The spec would promise a calibration the checkpoint does not have.',
  fields: ['quantization.calibSize', 'quantization.awqBlockSize', 'quantization.format'],
  check: ({ spec }) => {
    const q = quantizationOf(spec);
    const data = loadQuantizeData(spec.runtime.backendVersion);
    if (!q || !data || spec.source.checkpoint === 'modelopt') return [];
    const format = data.formats[q.format];
    const findings: LintFinding[] = [];
    if (format.calibSizeMax !== null && q.calibSize > format.calibSizeMax) {
      findings.push({
        path: written(spec, 'quantization.calibSize') ? 'quantization.calibSize' : 'quantization.format',
        message: `${q.calibSize}${written(spec, 'quantization.calibSize') ? '' : ' (the default)'} calibration samples: quantize.py uses ${format.calibSizeMax} for ${q.format}`,
        hint: `set quantization.calibSize: ${format.calibSizeMax}`,
      });
    }
    const blockFlag = data.options['quantization.awqBlockSize'];
    if (written(spec, 'quantization.awqBlockSize') && blockFlag?.formats && !blockFlag.formats.includes(q.format)) {
      findings.push({ path: 'quantization.awqBlockSize', message: `is read only for ${blockFlag.formats.join(', ')}, not for ${q.format}`, hint: 'remove quantization.awqBlockSize' });
    }
    return findings;
  },
  examples: {
    pass: { source: { family: 'llama' }, quantization: { format: 'int4_awq', calibDataset: '/data/cnn_dailymail', calibSize: 32 } },
    fail: { source: { family: 'llama' }, quantization: { format: 'int4_awq', calibDataset: '/data/cnn_dailymail', calibSize: 512 } },
  },
};
