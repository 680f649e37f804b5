import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** What parameter-semantics.json says about one tensorrt_llm parameter (read from the backend sources). */
export interface ParameterSemantics {
  default?: unknown;
  constraints?: string | null;
  evidence?: string;
}

const cache = new Map<string, Record<string, ParameterSemantics>>();

/**
 * The backend's own default for a parameter the spec leaves unset: rules report the *effective*
 * behaviour (what the backend does), not just what the spec says.
 */
export function backendDefault(version: string, parameter: string): unknown {
  return semantics(version)[parameter]?.default;
}

function semantics(version: string): Record<string, ParameterSemantics> {
  let hit = cache.get(version);
  if (!hit) {
    const file = fileURLToPath(new URL(`../../data/tensorrtllm_backend-${version}/parameter-semantics.json`, import.meta.url));
    hit = existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as { parameters: Record<string, ParameterSemantics> }).parameters
      : {};
    cache.set(version, hit);
  }
  return hit;
}
