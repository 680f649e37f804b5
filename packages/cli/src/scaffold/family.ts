import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelFamily } from '@trtforge/spec';
import { CliError } from '../cli-error.js';

/**
 * Hugging Face `config.json` `model_type` → the trtforge family whose converter table ships.
 * TensorRT-LLM's Qwen converter accepts exactly these model types: `valid_types = ('qwen', 'qwen2',
 * 'qwen2_moe')` in tensorrt_llm/models/qwen/config.py (QWenConfig.from_hugging_face), read by
 * examples/qwen/convert_checkpoint.py.
 */
const FAMILY_OF_MODEL_TYPE: Record<string, ModelFamily> = { qwen: 'qwen', qwen2: 'qwen', qwen2_moe: 'qwen' };

/** The family of the Hugging Face model in `modelDir`, from its config.json; a clear error when it has none trtforge supports. */
export function familyOf(modelDir: string): { family: ModelFamily; modelType: string } {
  const configPath = join(modelDir, 'config.json');
  let config: unknown;
  try {
    config = JSON.parse(readFileSync(configPath, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' || code === 'ENOTDIR'
      ? `--model-dir ${modelDir}: no config.json there (expected a Hugging Face model directory)`
      : `--model-dir ${modelDir}: cannot read config.json: ${(error as Error).message}`);
  }
  const modelType = (config as { model_type?: unknown })?.model_type;
  if (typeof modelType !== 'string') throw new CliError(`${configPath}: no "model_type" string (expected a Hugging Face model config)`);
  const family = FAMILY_OF_MODEL_TYPE[modelType];
  if (!family) {
    throw new CliError(`${configPath}: model_type "${modelType}" has no converter table in trtforge yet (supported: ${Object.keys(FAMILY_OF_MODEL_TYPE).join(', ')})`);
  }
  return { family, modelType };
}
