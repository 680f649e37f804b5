import { describe, expect, it } from 'vitest';
import { loadBackendData } from '../src/backend/backend-data.js';
import { readEngineConfig } from '../src/import/engine-config.js';

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

  it('says so, instead of dropping it, when the engine is quantized', () => {
    const { unexpressed } = readEngineConfig(engine({ quantization: { quant_algo: 'FP8', kv_cache_quant_algo: 'FP8' } }), backend);
    expect(unexpressed.filter((u) => u.startsWith('engine pretrained_config.quantization'))).toEqual([
      'engine pretrained_config.quantization (quant_algo FP8, kv_cache_quant_algo FP8): import writes no quantization section; add one (quantization: { format, kvCacheDtype, calibDataset }) or the rebuilt engine is unquantized',
    ]);
  });

  it('says nothing of an unquantized engine (quant_algo null, as trtllm-build writes it)', () => {
    const { unexpressed } = readEngineConfig(engine({ quantization: { quant_algo: null, kv_cache_quant_algo: null } }), backend);
    expect(unexpressed.some((u) => u.includes('quantization'))).toBe(false);
  });
});
