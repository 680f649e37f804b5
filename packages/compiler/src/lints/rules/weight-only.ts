import { written } from '../spec-paths.js';
import { type LintFinding, type LintRule } from '../rule.js';

export const weightOnlySettingsNeedWeightOnly: LintRule = {
  id: 'TRT153',
  severity: 'error',
  topic: 'combinations',
  title: 'a weight-only precision or plugin choice needs convert.useWeightOnly',
  why: 'convert_checkpoint.py sets the quantization from --weight_only_precision only under --use_weight_only (int8 → W8A16, int4 → W4A16); without it the checkpoint stays unquantized and --weight_only_precision / --disable_weight_only_quant_plugin are silently ignored (examples/qwen/convert_checkpoint.py args_to_quant_config; data/trtllm-0.17.0/convert_checkpoint.qwen.json). Only int4_gptq selects GPTQ on its own.',
  fields: ['convert.weightOnlyPrecision', 'convert.disableWeightOnlyQuantPlugin', 'convert.useWeightOnly'],
  check: ({ spec }) => {
    const c = spec.convert;
    if (c.useWeightOnly) return [];
    const findings: LintFinding[] = [];
    if (written(spec, 'convert.weightOnlyPrecision') && c.weightOnlyPrecision !== 'int4_gptq') {
      findings.push({
        path: 'convert.weightOnlyPrecision',
        message: `"${c.weightOnlyPrecision}" is ignored without convert.useWeightOnly: the checkpoint would stay unquantized`,
        hint: 'add convert.useWeightOnly: true, or remove convert.weightOnlyPrecision',
      });
    }
    if (c.disableWeightOnlyQuantPlugin) {
      findings.push({
        path: 'convert.disableWeightOnlyQuantPlugin',
        message: 'is ignored without convert.useWeightOnly (there is no weight-only GEMM to run without the plugin)',
        hint: 'add convert.useWeightOnly: true, or remove convert.disableWeightOnlyQuantPlugin',
      });
    }
    return findings;
  },
  examples: {
    pass: { convert: { useWeightOnly: true, weightOnlyPrecision: 'int4' } },
    fail: { convert: { weightOnlyPrecision: 'int4' } },
  },
};
