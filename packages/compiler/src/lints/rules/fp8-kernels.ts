import { written } from '../spec-paths.js';
import { when, type LintRule } from '../rule.js';
import { checkpointQuantAlgo } from '../../quantization.js';
import { loadQuantizeData } from '../../backend/quantize-data.js';

/**
 * convert_checkpoint.py for the supported families (qwen) produces W8A16, W4A16, W4A16_GPTQ,
 * W8A8 SmoothQuant and an INT8 KV cache — never FP8 (data/trtllm-0.17.0/convert_checkpoint.qwen.json).
 * FP8 checkpoints come from a `quantization` section (quantize.py, or a ModelOpt checkpoint).
 */
export const fp8ContextFmhaNeedsFp8: LintRule = {
  id: 'TRT150',
  severity: 'error',
  topic: 'combinations',
  title: 'FP8 context FMHA needs an FP8-quantized checkpoint',
  why: 'trtllm-build turns --use_fp8_context_fmha off unless the checkpoint\'s quant_algo is FP8, W4A8_AWQ or NVFP4 ("FP8 Context FMHA is disabled because it must be used together with the fp8 quantization workflow", tensorrt_llm/builder.py build()), and with --context_fmha disable it is off in any case. The convert step trtforge runs (convert_checkpoint.py) produces none of those, so the flag only pretends.',
  fields: ['build.plugins.useFp8ContextFmha', 'build.plugins.contextFmha', 'convert.useWeightOnly', 'convert.smoothquant', 'quantization.format'],
  check: ({ spec }) => {
    // A quantization section that yields one of the FP8 workflows (quantize.json) is what makes the flag real.
    const algo = checkpointQuantAlgo(spec);
    const data = loadQuantizeData(spec.runtime.backendVersion);
    return when(spec.build.plugins.useFp8ContextFmha === true && !(algo && data?.fp8ContextFmha.quantAlgos.includes(algo)), {
      path: 'build.plugins.useFp8ContextFmha',
      message: algo
        ? `has no effect: trtllm-build disables FP8 context FMHA unless the checkpoint is ${data?.fp8ContextFmha.quantAlgos.join(' / ') ?? 'FP8'} quantized, and quantization.format "${spec.quantization!.format}" gives ${algo}`
        : 'has no effect: trtllm-build disables FP8 context FMHA unless the checkpoint is FP8 / W4A8_AWQ / NVFP4 quantized, and convert_checkpoint.py produces none of these',
      hint: "remove build.plugins.useFp8ContextFmha, or quantize to FP8: quantization: { format: 'fp8', kvCacheDtype: 'fp8' }",
    });
  },
  examples: { pass: { build: { plugins: { useFp8ContextFmha: false } } }, fail: { build: { plugins: { useFp8ContextFmha: true } } } },
};

export const swigluNeedsFusedMlp: LintRule = {
  id: 'TRT151',
  severity: 'error',
  topic: 'combinations',
  title: 'the GEMM + SwiGLU plugins need the fused MLP',
  why: 'optimize_model_with_config raises "GemmSwiGLU plugin requires --use_fused_mlp flag" when --gemm_swiglu_plugin or --low_latency_gemm_swiglu_plugin is set with --use_fused_mlp disable (tensorrt_llm/builder.py): the build fails after the checkpoint was converted.',
  fields: ['build.plugins.gemmSwigluPlugin', 'build.plugins.lowLatencyGemmSwigluPlugin', 'build.plugins.useFusedMlp'],
  check: ({ spec }) => {
    const p = spec.build.plugins;
    const swiglu = (['gemmSwigluPlugin', 'lowLatencyGemmSwigluPlugin'] as const).filter((k) => p[k] !== undefined && p[k] !== 'disable');
    if (swiglu.length === 0 || p.useFusedMlp !== false) return [];
    const path = written(spec, 'build.plugins.useFusedMlp') ? 'build.plugins.useFusedMlp' : `build.plugins.${swiglu[0]!}`;
    return [{
      path,
      message: `must be true with build.plugins.${swiglu.join(' / build.plugins.')} enabled (trtllm-build: "GemmSwiGLU plugin requires --use_fused_mlp flag")`,
      hint: `remove build.plugins.useFusedMlp: false, or set build.plugins.${swiglu[0]!}: 'disable'`,
    }];
  },
  examples: {
    pass: { build: { plugins: { gemmSwigluPlugin: 'fp8', useFusedMlp: true } } },
    fail: { build: { plugins: { gemmSwigluPlugin: 'fp8', useFusedMlp: false } } },
  },
};
