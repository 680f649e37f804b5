import { written } from '../spec-paths.js';
import { type LintFinding, type LintRule } from '../rule.js';

const LORA_FIELDS = ['build.lora.loraTargetModules', 'build.lora.maxLoraRank'] as const;

export const loraSettingsNeedPlugin: LintRule = {
  id: 'TRT152',
  severity: 'error',
  topic: 'combinations',
  title: 'LoRA target modules and rank need the LoRA plugin',
  why: 'trtllm-build reads --lora_target_modules and --max_lora_rank only when --lora_plugin is set ("Only effective when lora_plugin is enabled", tensorrt_llm/commands/build.py; build_model builds the LoraConfig only if plugin_config.lora_plugin is not None). Without it the engine has no LoRA inputs and every adapter request fails at run time.',
  fields: ['build.lora.loraTargetModules', 'build.lora.maxLoraRank', 'build.plugins.loraPlugin'],
  check: ({ spec }) => {
    if (spec.build.plugins.loraPlugin !== 'disable') return [];
    return LORA_FIELDS.filter((f) => written(spec, f)).map((path): LintFinding => ({
      path,
      message: 'is ignored: build.plugins.loraPlugin is "disable", so trtllm-build builds no LoRA support',
      hint: "set build.plugins.loraPlugin: 'auto' (the model dtype), or remove the LoRA settings",
    }));
  },
  examples: {
    pass: { build: { plugins: { loraPlugin: 'auto' }, lora: { loraTargetModules: ['attn_q', 'attn_v'] } } },
    fail: { build: { lora: { loraTargetModules: ['attn_q', 'attn_v'] } } },
  },
};
