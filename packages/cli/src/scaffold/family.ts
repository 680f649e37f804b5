import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelFamily } from '@trtforge/spec';
import { CliError } from '../cli-error.js';

/**
 * The family of the Hugging Face model in `modelDir`, from its config.json: `architectures[0]`,
 * else `model_type`, looked up in the converter tables of the default release (data: each
 * family's `weights` in data/trtllm-<version>/convert_checkpoint.<family>.json). A clear error
 * when no family trtforge ships converts it.
 */
export async function familyOf(modelDir: string): Promise<{ family: ModelFamily; modelType: string }> {
  // Loaded here, not at start-up: only `new --model-dir` needs the release data and the spec defaults.
  const [{ familiesOf, notConvertedOf }, { DEFAULTS }] = await Promise.all([import('@trtforge/compiler/families'), import('@trtforge/spec')]);
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
  const architectures = (config as { architectures?: unknown }).architectures;
  const architecture = Array.isArray(architectures) && typeof architectures[0] === 'string' ? architectures[0] : undefined;
  const version = DEFAULTS.runtime.backendVersion;
  const index = familiesOf(version);
  const family = (architecture !== undefined ? index.architectures[architecture] : undefined) ?? index.modelTypes[modelType];
  // A family trtforge has, in a version none of its releases converts (Qwen3): say that, not "no table".
  const later = notConvertedOf(version);
  const notYet = (architecture !== undefined ? later.architectures[architecture] : undefined) ?? later.modelTypes[modelType];
  if (!family && notYet) {
    throw new CliError(`${configPath}: model_type "${modelType}"${architecture ? ` (${architecture})` : ''} is ${notYet.model}: ${notYet.why} (data: packages/compiler/data/trtllm-${version}/weights.json)`);
  }
  if (!family) {
    throw new CliError(`${configPath}: model_type "${modelType}"${architecture ? ` (${architecture})` : ''} has no converter table in trtforge for TensorRT-LLM ${version} (supported model types: ${Object.keys(index.modelTypes).join(', ')})`);
  }
  return { family: family as ModelFamily, modelType };
}
