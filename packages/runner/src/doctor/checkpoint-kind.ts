import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plan } from '@trtforge/spec';
import { checkPrequantized } from './precision.js';
import type { DoctorCheck } from './types.js';

// The checkpoint step reads the weights as the spec says they are: 16-bit Hugging Face weights it
// converts or quantizes, or a ModelOpt checkpoint it loads as it is. Weights of the other kind are
// refused here, before anything runs — quantizing FP8 weights again, or loading 16-bit weights as
// FP8, fails (or silently degrades) only deep inside NVIDIA's scripts.

const NAME = 'checkpoint kind';

const exists = (path: string) => access(path).then(() => true, () => false);

/** `quant_algo FP8, kv_cache_quant_algo FP8` from a ModelOpt hf_quant_config.json, or undefined. */
async function modeloptSays(file: string): Promise<string | undefined> {
  try {
    const q = (JSON.parse(await readFile(file, 'utf8')) as { quantization?: { quant_algo?: unknown; kv_cache_quant_algo?: unknown } }).quantization;
    return q ? `quant_algo ${JSON.stringify(q.quant_algo ?? null)}, kv_cache_quant_algo ${JSON.stringify(q.kv_cache_quant_algo ?? null)}` : undefined;
  } catch {
    return undefined;
  }
}

/** What marks `modelDir` as already quantized: each marker file present, and config.json's field. */
async function quantizedMarks(plan: Plan, modelDir: string, config: Record<string, unknown> | undefined): Promise<string[]> {
  const checkpoint = plan.family!.checkpoint!;
  const marks: string[] = [];
  for (const file of checkpoint.prequantizedFiles) {
    if (!(await exists(join(modelDir, file)))) continue;
    const says = file === checkpoint.modeloptMarker ? await modeloptSays(join(modelDir, file)) : undefined;
    marks.push(says ? `${file} (${says})` : file);
  }
  const field = config?.[checkpoint.configField];
  if (field && typeof field === 'object') {
    const method = (field as { quant_method?: unknown }).quant_method;
    marks.push(`config.json ${checkpoint.configField}${typeof method === 'string' ? ` (quant_method "${method}")` : ''}`);
  }
  return marks;
}

/**
 * The model directory against `source.checkpoint`: a ModelOpt checkpoint must say what the spec's
 * `quantization` says; Hugging Face weights the plan converts or quantizes must not be quantized
 * already. Undefined when the plan carries no such data (a release without weights.json).
 */
export async function checkCheckpointKind(plan: Plan, modelDir: string, config: Record<string, unknown> | undefined): Promise<DoctorCheck | undefined> {
  if (plan.precision?.from === 'checkpoint') {
    const check = await checkPrequantized(plan, { modelDir, tokenizerDir: modelDir });
    if (!check || check.status === 'ok' || !plan.family?.checkpoint) return check;
    const field = config?.[plan.family.checkpoint.configField];
    if (field && typeof field === 'object' && !(await exists(join(modelDir, plan.family.checkpoint.modeloptMarker)))) {
      const method = (field as { quant_method?: unknown }).quant_method;
      return { ...check, detail: `${check.detail}; its config.json has ${plan.family.checkpoint.configField}${typeof method === 'string' ? ` (quant_method "${method}")` : ''}, which is not a ModelOpt export` };
    }
    return check;
  }
  if (plan.family?.checkpoint?.kind !== 'hf') return undefined;
  const marks = await quantizedMarks(plan, modelDir, config);
  // sources.tensorrtllm.paths[0] is the checkpoint step's script (quantize.py when the plan quantizes).
  const step = plan.precision ? `quantizes them (${plan.precision.format}) with ${plan.sources.tensorrtllm.paths[0] ?? 'quantize.py'}` : `converts them with ${plan.family.converter}`;
  if (marks.length === 0) return { name: NAME, status: 'ok', detail: `${modelDir}: Hugging Face weights, not quantized (no ${plan.family.checkpoint.prequantizedFiles.join(', ')}, no config.json ${plan.family.checkpoint.configField})` };
  return {
    name: NAME,
    status: 'fail',
    detail: `${modelDir} holds weights that are already quantized (${marks.join('; ')}), but source.checkpoint is "hf": the plan ${step} as if they were 16-bit`,
    fix: `for a ModelOpt checkpoint set source: { checkpoint: 'modelopt' } with a quantization section saying what ${plan.family.checkpoint.modeloptMarker} holds in ${plan.spec}; otherwise point source.modelDir at the unquantized weights`,
  };
}
