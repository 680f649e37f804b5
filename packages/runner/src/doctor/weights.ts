import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plan, PlanFamily } from '@trtforge/spec';
import { checkCheckpointKind } from './checkpoint-kind.js';
import type { DoctorCheck } from './types.js';

// The compiler cannot see the weights, so the family the convert step assumes and the way it
// splits them are checked here, against the weights' own config.json, before any step runs.

interface HfConfig {
  model_type?: unknown;
  architectures?: unknown;
  num_attention_heads?: unknown;
  num_key_value_heads?: unknown;
  hidden_size?: unknown;
  intermediate_size?: unknown;
  vocab_size?: unknown;
}

const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);

async function readHfConfig(modelDir: string): Promise<HfConfig | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(join(modelDir, 'config.json'), 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as HfConfig) : undefined;
  } catch {
    return undefined; // the model-dir check reports a missing or unreadable config.json
  }
}

/** `model_type "llama" (LlamaForCausalLM)` — how the weights name themselves. */
function describeWeights(modelType: string | undefined, architecture: string | undefined): string {
  return `config.json model_type ${modelType === undefined ? '(none)' : `"${modelType}"`}${architecture ? `, architectures ${architecture}` : ''}`;
}

export function checkFamily(family: PlanFamily, config: HfConfig, specFile: string): DoctorCheck {
  const name = 'model family';
  const modelType = typeof config.model_type === 'string' ? config.model_type : undefined;
  const architecture = Array.isArray(config.architectures) && typeof config.architectures[0] === 'string' ? config.architectures[0] : undefined;
  const weights = describeWeights(modelType, architecture);
  const assumed = family.explicit ? `source.family is "${family.name}"` : `source.family is not set, so "${family.name}" is assumed`;
  const accepted = (architecture !== undefined && family.architectures.includes(architecture)) || (modelType !== undefined && family.modelTypes.includes(modelType));
  if (accepted) return { name, status: 'ok', detail: `${family.name}: ${weights} → ${family.converter}${family.explicit ? '' : ' (source.family not set)'}` };
  const theirs = (architecture !== undefined ? family.known.architectures[architecture] : undefined) ?? (modelType !== undefined ? family.known.modelTypes[modelType] : undefined);
  if (theirs) {
    return {
      name,
      status: 'fail',
      detail: `the weights are family "${theirs}" (${weights}) but ${assumed}: ${family.converter} cannot convert them`,
      fix: `set source: { family: '${theirs}' } in ${specFile}`,
    };
  }
  // A model type the family has only in later releases (Qwen3): say so, and which releases lack it.
  const later = (architecture !== undefined ? family.notConverted?.architectures[architecture] : undefined) ?? (modelType !== undefined ? family.notConverted?.modelTypes[modelType] : undefined);
  if (later) {
    return {
      name,
      status: 'fail',
      detail: `${weights}: ${later}`,
      fix: `use weights a supported release converts (model types ${Object.keys(family.known.modelTypes).join(', ')}); trtforge has no release that converts these yet`,
    };
  }
  return {
    name,
    status: 'fail',
    detail: `${weights}: no family trtforge ships converts these weights (${assumed}; ${family.converter} takes model_type ${family.modelTypes.join(', ')})`,
    fix: `use Hugging Face weights of a supported model type (${Object.keys(family.known.modelTypes).join(', ')})`,
  };
}

/** What the converter's split needs from the weights for tp ranks (tensorrt_llm/models/*\/convert.py: split(), dup_kv_weight()). */
export function checkTensorParallel(family: PlanFamily, config: HfConfig): DoctorCheck {
  const name = 'tensor parallel';
  const { tp } = family;
  const heads = int(config.num_attention_heads);
  const kv = int(config.num_key_value_heads) ?? heads;
  const hidden = int(config.hidden_size);
  const intermediate = int(config.intermediate_size);
  const vocab = int(config.vocab_size);
  if (tp === 1) return { name, status: 'ok', detail: 'tp 1: nothing to split' };
  const problems: string[] = [];
  if (heads !== undefined && heads % tp !== 0) problems.push(`num_attention_heads ${heads} is not divisible by tp ${tp} (each rank takes whole attention heads)`);
  if (kv !== undefined && (kv >= tp ? kv % tp !== 0 : tp % kv !== 0)) {
    problems.push(`num_key_value_heads ${kv} does not fit tp ${tp}: the converter splits KV heads (needs ${kv} % ${tp} = 0) or, with fewer KV heads than ranks, replicates them (dup_kv_weight asserts tp % num_kv_heads = 0)`);
  }
  if (hidden !== undefined && hidden % tp !== 0) problems.push(`hidden_size ${hidden} is not divisible by tp ${tp} ("Unable to split")`);
  if (intermediate !== undefined && intermediate % tp !== 0) problems.push(`intermediate_size ${intermediate} is not divisible by tp ${tp} ("Unable to split")`);
  if (family.embeddingSplitDim === 0 && vocab !== undefined && vocab % tp !== 0) {
    problems.push(`vocab_size ${vocab} is not divisible by tp ${tp}: the parallel embedding is split by vocabulary ("Unable to split"; only the lm_head is padded)`);
  }
  if (heads === undefined) problems.push('config.json has no num_attention_heads: cannot check the split');
  if (problems.length > 0) {
    const divisors = heads ? Array.from({ length: heads }, (_, i) => i + 1).filter((d) => heads % d === 0 && (kv === undefined || (kv >= d ? kv % d === 0 : d % kv === 0))) : [];
    return {
      name,
      status: 'fail',
      detail: problems.join('; '),
      fix: divisors.length > 0 ? `set parallelism.tp to one of ${divisors.filter((d) => d <= 16).join(', ')} (and as many parallelism.gpuIds)` : 'check the weights\' config.json',
    };
  }
  const parts = [`${heads} attention heads`, `${kv} KV heads${kv !== undefined && kv < tp ? ' (replicated)' : ''}`, hidden !== undefined ? `hidden ${hidden}` : undefined, intermediate !== undefined ? `intermediate ${intermediate}` : undefined, family.embeddingSplitDim === 0 ? `vocab ${vocab}` : undefined].filter(Boolean);
  return { name, status: 'ok', detail: `tp ${tp} divides ${parts.join(', ')}` };
}

/**
 * The family and tensor-parallel checks, when the plan records a family and config.json can be read,
 * and the checkpoint kind (already quantized or not) against `source.checkpoint`.
 */
export async function checkWeightsConfig(plan: Plan, modelDir: string): Promise<DoctorCheck[]> {
  if (!plan.family) return [];
  const config = await readHfConfig(modelDir);
  const kind = await checkCheckpointKind(plan, modelDir, config as Record<string, unknown> | undefined);
  const checks = config ? [checkFamily(plan.family, config, plan.spec), checkTensorParallel(plan.family, config)] : [];
  return kind ? [...checks, kind] : checks;
}
