import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutputValidator } from '../store/store.js';

async function nonEmptyFile(path: string): Promise<boolean> {
  try {
    const s = await stat(path);
    return s.isFile() && s.size > 0;
  } catch {
    return false;
  }
}

/** World size a TRT-LLM config.json declares: checkpoint `mapping` or engine `pretrained_config.mapping`. */
function declaredWorldSize(config: Record<string, unknown>): number | undefined {
  const mapping = (config.mapping ?? (config.pretrained_config as Record<string, unknown> | undefined)?.mapping) as
    | { world_size?: number; tp_size?: number; pp_size?: number }
    | undefined;
  if (!mapping) return undefined;
  return mapping.world_size ?? (mapping.tp_size ?? 1) * (mapping.pp_size ?? 1);
}

/**
 * `config.json` plus one `rank<N>.<ext>` per rank: the layout trtllm-build reads from a
 * checkpoint and tritonserver reads from an engine dir (backend#61, #79: a dir without the
 * engine's config.json fails only at load time, with "Cannot find engine config file").
 */
function rankedOutput(ext: 'safetensors' | 'engine', worldSize: number): OutputValidator {
  return async (out) => {
    let config: Record<string, unknown>;
    try {
      config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8')) as Record<string, unknown>;
    } catch {
      return 'config.json is missing or not JSON';
    }
    const declared = declaredWorldSize(config);
    if (declared !== undefined && declared !== worldSize) return `config.json declares world size ${declared}, the plan needs ${worldSize}`;
    for (let rank = 0; rank < worldSize; rank++) {
      if (!(await nonEmptyFile(join(out, `rank${rank}.${ext}`)))) return `rank${rank}.${ext} is missing or empty`;
    }
    return undefined;
  };
}

export const checkpointValidator = (worldSize: number): OutputValidator => rankedOutput('safetensors', worldSize);
export const engineValidator = (worldSize: number): OutputValidator => rankedOutput('engine', worldSize);
