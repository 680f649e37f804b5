import type { ModelFamily } from '@trtforge/spec';
import { type LintFinding, type LintRule } from '../rule.js';

/** The TensorRT-LLM architecture each family's convert_checkpoint.py writes into the checkpoint config. */
const ARCHITECTURE: Record<ModelFamily, string> = { qwen: 'QWenForCausalLM', llama: 'LlamaForCausalLM' };

/** Build flags trtllm-build asserts on for every architecture but the named ones (tensorrt_llm/commands/build.py build_model). */
const ARCHITECTURE_ONLY = [
  { path: 'build.plugins.streamingllm', flag: '--streamingllm', only: ['LlamaForCausalLM'], error: 'StreamingLLM is only supported in the llama model.' },
  { path: 'build.plugins.ppReduceScatter', flag: '--pp_reduce_scatter', only: ['MixtralForCausalLM'], error: 'PP reduce scatter is only supported in the mixtral model.' },
] as const;

export const architectureOnlyFlags: LintRule = {
  id: 'TRT157',
  severity: 'error',
  topic: 'combinations',
  title: 'StreamingLLM and PP reduce-scatter exist only for some architectures',
  why: 'build_model asserts "StreamingLLM is only supported in the llama model." and "PP reduce scatter is only supported in the mixtral model." (tensorrt_llm/commands/build.py): for any other architecture trtllm-build stops with an AssertionError after the checkpoint was converted.',
  fields: ['build.plugins.streamingllm', 'build.plugins.ppReduceScatter', 'source.family'],
  check: ({ spec }) => {
    const arch = ARCHITECTURE[spec.source.family];
    return ARCHITECTURE_ONLY.flatMap(({ path, flag, only, error }): LintFinding[] => {
      const on = path === 'build.plugins.streamingllm' ? spec.build.plugins.streamingllm : spec.build.plugins.ppReduceScatter;
      if (on !== true || (only as readonly string[]).includes(arch)) return [];
      return [{
        path,
        message: `is not supported for ${arch} (source.family "${spec.source.family}"): trtllm-build ${flag} asserts "${error}"`,
        hint: `remove ${path}`,
      }];
    });
  },
  examples: { pass: { build: { plugins: { streamingllm: false } } }, fail: { build: { plugins: { streamingllm: true } } } },
};

export const builderOverridesFlags: LintRule = {
  id: 'TRT158',
  severity: 'error',
  topic: 'combinations',
  title: 'trtllm-build would silently turn these build flags off',
  why: 'build() in tensorrt_llm/builder.py overrides flags the engine cannot use and only logs it: reduce_fusion needs tp > 1 and a Llama/Gemma2/Medusa architecture ("Overriding reduce_fusion to False"), user_buffer needs reduce_fusion ("Overriding user_buffer to False"), norm_quant_fusion needs Llama with NVFP4 ("Overriding norm_quant_fusion to False"), and without context FMHA paged context FMHA is off ("Context FMHA is disabled, FP8 Context FMHA and Paged Context FMHA are disabled."). The spec would describe an engine that is not the one built.',
  fields: ['build.plugins.reduceFusion', 'build.plugins.userBuffer', 'build.plugins.normQuantFusion', 'build.plugins.usePagedContextFmha', 'build.plugins.contextFmha', 'parallelism.tp'],
  check: ({ spec }) => {
    const p = spec.build.plugins;
    const arch = ARCHITECTURE[spec.source.family];
    const findings: LintFinding[] = [];
    const reduceKept = p.reduceFusion === true && spec.parallelism.tp > 1 && ['LlamaForCausalLM', 'Gemma2ForCausalLM', 'MedusaForCausalLM'].includes(arch);
    if (p.reduceFusion === true && !reduceKept) {
      findings.push({
        path: 'build.plugins.reduceFusion',
        message: `is turned off by trtllm-build ("Overriding reduce_fusion to False"): it needs parallelism.tp > 1 (got ${spec.parallelism.tp}) and a Llama, Gemma2 or Medusa model (got ${arch})`,
        hint: 'remove build.plugins.reduceFusion',
      });
    }
    if (p.userBuffer === true && !reduceKept) {
      findings.push({
        path: 'build.plugins.userBuffer',
        message: 'is turned off by trtllm-build ("Overriding user_buffer to False"): it needs reduce_fusion, which this engine cannot have',
        hint: 'remove build.plugins.userBuffer',
      });
    }
    if (p.normQuantFusion === true) {
      findings.push({
        path: 'build.plugins.normQuantFusion',
        message: `is turned off by trtllm-build ("Overriding norm_quant_fusion to False"): it needs a Llama model with NVFP4 quantization (got ${arch}, which convert_checkpoint.py cannot quantize to NVFP4)`,
        hint: 'remove build.plugins.normQuantFusion',
      });
    }
    if (p.contextFmha === false && p.usePagedContextFmha === true) {
      findings.push({
        path: 'build.plugins.usePagedContextFmha',
        message: 'is turned off by trtllm-build with build.plugins.contextFmha: false ("Context FMHA is disabled, FP8 Context FMHA and Paged Context FMHA are disabled.")',
        hint: 'remove build.plugins.contextFmha: false, or drop paged context FMHA (and prefixCaching)',
      });
    }
    return findings;
  },
  examples: { pass: { build: { plugins: { reduceFusion: false } } }, fail: { build: { plugins: { reduceFusion: true } } } },
};
