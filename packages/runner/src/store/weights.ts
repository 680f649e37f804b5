import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { RunnerError } from '../errors.js';
import type { FileHashMemo } from './file-memo.js';

/**
 * Files of a Hugging Face model directory that determine the converted checkpoint: the model
 * config, the weights (+ their index), the tokenizer files and, for an already quantized
 * checkpoint, the file that says how (ModelOpt's hf_quant_config.json; AWQ/GPTQ exports' own).
 * READMEs, images, `.cache/` and other formats (*.bin, *.gguf) do not.
 */
function isWeightsIdentityFile(name: string): boolean {
  return (
    name === 'config.json' ||
    /^(hf_quant_config|quant_config|quantize_config)\.json$/.test(name) ||
    name === 'generation_config.json' ||
    name.endsWith('.safetensors') ||
    name.endsWith('.safetensors.index.json') ||
    /^(tokenizer(_config)?\.json|tokenizer\.model|special_tokens_map\.json|added_tokens\.json|vocab\.(json|txt)|merges\.txt)$/.test(name)
  );
}

export type WeightsIdentity = { revision: string } | { files: Record<string, string> };

/**
 * The weights' part of the convert key: the spec's revision when given (the user vouches for it),
 * otherwise a sha256 per identity file, memoized by size+mtime so unchanged files cost a stat.
 */
export async function weightsIdentity(modelDir: string, revision: string | undefined, memo: FileHashMemo, signal?: AbortSignal): Promise<WeightsIdentity> {
  if (revision) return { revision };
  let names: string[];
  try {
    names = (await readdir(modelDir, { withFileTypes: true })).filter((d) => d.isFile() || d.isSymbolicLink()).map((d) => d.name);
  } catch {
    throw new RunnerError('model-dir', `model directory ${modelDir} does not exist or cannot be read`, {
      hint: 'set source.modelDir in the spec (or --model-dir / TRTFORGE_MODEL_DIR) to a Hugging Face model directory',
    });
  }
  const files: Record<string, string> = {};
  for (const name of names.filter(isWeightsIdentityFile).sort()) files[name] = await memo.hash(join(modelDir, name), signal);
  if (!files['config.json'] || !Object.keys(files).some((n) => n.endsWith('.safetensors'))) {
    throw new RunnerError('model-dir', `model directory ${modelDir} has no config.json and *.safetensors`, {
      hint: 'point source.modelDir at a Hugging Face snapshot (huggingface-cli download <repo> --local-dir <dir>)',
    });
  }
  return { files };
}
