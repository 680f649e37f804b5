import { describe, expect, it } from 'vitest';
import { loadBackendData, supportedBackendVersions, type BackendData } from '../src/backend/backend-data.js';
import { loadQuantizeData } from '../src/backend/quantize-data.js';
import { readDataJson } from '../src/backend/release-files.js';
import { readEngineConfig } from '../src/import/engine-config.js';

/** pretrained_config.quantization of an unquantized engine: every QuantConfig field at its default, as TensorRT-LLM dumps it. */
const QUANT_CONFIG = readDataJson<{ fields: Record<string, unknown> }>('trtllm-0.17.0/quant-config.json').fields;

/** An engine's config.json as trtllm-build writes it: build_config, and the checkpoint's pretrained_config. */
const engine = (pretrained: Record<string, unknown>) => ({
  build_config: { max_batch_size: 8, plugin_config: { paged_kv_cache: true } },
  pretrained_config: { mapping: { tp_size: 2, pp_size: 1 }, ...pretrained },
});

describe('import reads an engine config.json', () => {
  const backend = loadBackendData('0.17.0');

  it('takes the build settings and the mapping', () => {
    const { fields } = readEngineConfig(engine({}), backend);
    expect(fields).toContainEqual(['build.maxBatchSize', 8]);
    expect(fields).toContainEqual(['parallelism.tp', 2]);
  });

  it('writes the quantization section of a quantized engine, and lists how it was calibrated (the engine does not say)', () => {
    const { fields, unexpressed } = readEngineConfig(engine({ quantization: { ...QUANT_CONFIG, quant_algo: 'FP8', kv_cache_quant_algo: 'FP8' } }), backend);
    expect(fields.filter(([path]) => path.startsWith('quantization.'))).toEqual([
      ['quantization.format', 'fp8'],
      ['quantization.kvCacheDtype', 'fp8'],
      ['quantization.calibDataset', '/data/cnn_dailymail'],
    ]);
    expect(unexpressed.filter((u) => /quantiz|calib|checkpoint/.test(u))).toEqual([
      "quantization.calibDataset: an engine does not record the dataset its checkpoint was calibrated on; set to /data/cnn_dailymail (quantize.py's default, cnn_dailymail, as the directory the quantize step mounts) — change it to the one used; its files are part of the quantize step's cache key, so the key differs from the original's unless it is the same data",
      "quantization.calibSize, calibMaxSeqLength, seed: an engine does not record its calibration; calibSize 512, calibMaxSeqLength 512, seed 1234 apply (the spec's defaults), so the checkpoint is calibrated again and the quantize step's cache key matches the original's only if those were its settings",
      "source.checkpoint: an engine does not record whether quantize.py calibrated Hugging Face weights or convert_checkpoint.py loaded a ModelOpt checkpoint (hf_quant_config.json) as it is; imported as the former — for a ModelOpt checkpoint in source.modelDir set source.checkpoint: 'modelopt' and remove the calibration settings",
    ]);
  });

  it('fp8 weights alone leave kvCacheDtype at its default (auto)', () => {
    const { fields } = readEngineConfig(engine({ quantization: { ...QUANT_CONFIG, quant_algo: 'FP8' } }), backend);
    expect(fields.filter(([path]) => path.startsWith('quantization.') && path !== 'quantization.calibDataset')).toEqual([['quantization.format', 'fp8']]);
  });

  it('int4-awq: group_size is the AWQ block size, calibration capped as quantize.py caps it, other QuantConfig values said', () => {
    const { fields, unexpressed } = readEngineConfig(engine({ quantization: { ...QUANT_CONFIG, quant_algo: 'W4A16_AWQ', group_size: 64, pre_quant_scale: true } }), backend);
    expect(fields.filter(([path]) => path.startsWith('quantization.'))).toEqual([
      ['quantization.format', 'int4_awq'],
      ['quantization.awqBlockSize', 64],
      ['quantization.calibDataset', '/data/cnn_dailymail'],
      ['quantization.calibSize', 32],
    ]);
    expect(unexpressed).toContain('engine pretrained_config.quantization also records pre_quant_scale true (default false): no spec field sets it, so the rebuilt checkpoint has whatever quantize.py writes for int4_awq');
    expect(unexpressed.find((u) => u.startsWith('quantization.calibSize'))).toContain('calibSize 32, calibMaxSeqLength 512, seed 1234 apply (the spec\'s defaults, calibSize capped at the 32 samples quantize.py uses for int4_awq)');
    // INT4-AWQ checkpoints are not loaded pre-quantized (quantize.json prequantized): nothing to say of source.checkpoint.
    expect(unexpressed.some((u) => u.startsWith('source.checkpoint'))).toBe(false);
  });

  it('an AWQ group size the spec cannot hold is listed, the default kept', () => {
    const { fields, unexpressed } = readEngineConfig(engine({ quantization: { ...QUANT_CONFIG, quant_algo: 'W4A16_AWQ', group_size: 32 } }), backend);
    expect(fields.some(([path]) => path === 'quantization.awqBlockSize')).toBe(false);
    expect(unexpressed).toContain('engine pretrained_config.quantization.group_size = 32: quantization.awqBlockSize cannot hold it (64 or 128); the spec\'s default 128 applies');
  });

  it('an algorithm no format gives: one clear line, and no quantization section at all', () => {
    for (const [algo, kv] of [['W8A8_SQ_PER_CHANNEL', null], ['NVFP4', 'FP8'], ['SOMETHING_NEW', null], [null, 'FP8']] as const) {
      const { fields, unexpressed } = readEngineConfig(engine({ quantization: { ...QUANT_CONFIG, quant_algo: algo, kv_cache_quant_algo: kv } }), backend);
      expect(fields.some(([path]) => path.startsWith('quantization')), String(algo)).toBe(false);
      const lines = unexpressed.filter((u) => u.includes('quantiz'));
      expect(lines, String(algo)).toHaveLength(1);
      expect(lines[0]).toMatch(algo === null ? /a quantized KV cache over unquantized weights cannot be expressed/ : new RegExp(`quant_algo "${algo}" cannot be expressed`));
      expect(lines[0]).toContain('quantization.format gives FP8 (fp8), W4A16_AWQ (int4_awq); quantization.kvCacheDtype gives FP8 (fp8), INT8 (int8); convert_checkpoint.py gives W8A16 (convert.useWeightOnly true + convert.weightOnlyPrecision "int8"), W4A16 (convert.useWeightOnly true + convert.weightOnlyPrecision "int4"), W8A8_SQ_PER_CHANNEL_PER_TOKEN_PLUGIN (convert.perChannel true + convert.perToken true)');
      expect(lines[0]).toContain(', INT8 KV cache (convert.int8KvCache true)');
      expect(lines[0]).toContain('the rebuilt engine is unquantized');
    }
  });

  it('what convert_checkpoint.py writes (weight-only, an INT8 KV cache) comes back as its convert switches', () => {
    const read = (algo: string | null, kv: string | null) => readEngineConfig(engine({ quantization: { ...QUANT_CONFIG, quant_algo: algo, kv_cache_quant_algo: kv } }), backend);
    const quantFields = (r: ReturnType<typeof read>) => r.fields.filter(([path]) => /^(quantization|convert)\./.test(path));
    expect(quantFields(read('W8A16', null))).toEqual([['convert.useWeightOnly', true], ['convert.weightOnlyPrecision', 'int8']]);
    expect(quantFields(read('W4A16', 'INT8'))).toEqual([['convert.useWeightOnly', true], ['convert.weightOnlyPrecision', 'int4'], ['convert.int8KvCache', true]]);
    expect(quantFields(read(null, 'INT8'))).toEqual([['convert.int8KvCache', true]]);
    // Weight-only calibrates nothing; an INT8 KV cache is calibrated on a dataset the engine does not record.
    expect(read('W8A16', null).unexpressed.filter((u) => /quantiz|calib/.test(u))).toEqual([]);
    expect(read(null, 'INT8').unexpressed).toContain('convert.calibDataset: an engine does not record the dataset its "INT8" KV cache scales were calibrated on; the spec\'s default "ccdv/cnn_dailymail" applies — set it to the one used; the convert step\'s cache key differs from the original\'s unless it is the same');
    // SmoothQuant: the scaling mode from the algorithm's name, alpha from smoothquant_val (not listed again as a value no field sets).
    const sq = readEngineConfig(engine({ quantization: { ...QUANT_CONFIG, quant_algo: 'W8A8_SQ_PER_CHANNEL_PER_TENSOR_PLUGIN', smoothquant_val: 0.8 } }), backend);
    expect(quantFields(sq)).toEqual([['convert.perChannel', true], ['convert.perToken', false], ['convert.smoothquant', 0.8]]);
    expect(sq.unexpressed.filter((u) => /quantiz|calib/.test(u))).toEqual(['convert.calibDataset: an engine does not record the dataset its "W8A8_SQ_PER_CHANNEL_PER_TENSOR_PLUGIN" scales were calibrated on; the spec\'s default "ccdv/cnn_dailymail" applies — set it to the one used; the convert step\'s cache key differs from the original\'s unless it is the same']);
  });

  it('a KV cache algorithm no kvCacheDtype gives: the format is kept, the KV cache listed', () => {
    const { fields, unexpressed } = readEngineConfig(engine({ quantization: { ...QUANT_CONFIG, quant_algo: 'FP8', kv_cache_quant_algo: 'NVFP4' } }), backend);
    expect(fields).toContainEqual(['quantization.format', 'fp8']);
    expect(fields.some(([path]) => path === 'quantization.kvCacheDtype')).toBe(false);
    expect(unexpressed.some((u) => u.includes('kv_cache_quant_algo "NVFP4" cannot be expressed') && u.includes("left at 'auto'"))).toBe(true);
  });

  it('an engine with no pretrained_config.quantization: the precision is unknown, and said so', () => {
    const { fields, unexpressed } = readEngineConfig(engine({}), backend);
    expect(fields.some(([path]) => path.startsWith('quantization'))).toBe(false);
    expect(unexpressed.filter((u) => u.includes('quantization'))).toEqual(['quantization: the engine config.json has no pretrained_config.quantization, so its precision is unknown; imported without a quantization section, so the rebuilt engine is unquantized (16/32-bit weights, KV cache in convert.dtype)']);
  });

  // Runs while some release has no quantize.py data (0.16.0, 0.18.2 and 0.19.0 had none when this was written).
  const without = supportedBackendVersions().find((v) => !loadQuantizeData(v as BackendData['version'])) as BackendData['version'] | undefined;
  it.runIf(without !== undefined)(`a release without quantize.py data (${without}): listed, not guessed`, () => {
    const { fields, unexpressed } = readEngineConfig(engine({ quantization: { ...QUANT_CONFIG, quant_algo: 'FP8' } }), loadBackendData(without!));
    expect(fields.some(([path]) => path.startsWith('quantization'))).toBe(false);
    expect(unexpressed.some((u) => u.includes(`trtforge has no quantize.py data for release v${without}`))).toBe(true);
  });

  it('says nothing of an unquantized engine (quant_algo null, as trtllm-build writes it)', () => {
    const { unexpressed } = readEngineConfig(engine({ quantization: QUANT_CONFIG }), backend);
    expect(unexpressed.some((u) => u.includes('quantization'))).toBe(false);
  });
});
