import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BackendData } from '../backend/backend-data.js';
import type { ResolvedModelSpec } from '../resolve/resolved.js';
import { formatParameter } from './fill-template.js';
import { templateValues } from './model-repository.js';
import type { EffectiveParameter } from './plan-md.js';

interface Semantics { parameters: Record<string, { models?: string[]; position?: string; default?: unknown }> }
const semanticsCache = new Map<string, Semantics | undefined>();

/** What the backend reads at load time, from the spec where set and from the backend's own default otherwise. */
export function effectiveParameters(spec: ResolvedModelSpec, backend: BackendData): EffectiveParameter[] {
  const semantics = loadSemantics(backend.version);
  const values = templateValues(spec, backend);
  const rows: EffectiveParameter[] = [];
  for (const param of Object.keys(backend.parameters).sort()) {
    const info = semantics?.parameters[param];
    if (info && info.position !== 'parameter') continue;
    if (info?.models && !info.models.includes('tensorrt_llm')) continue;
    const v = values.get(param);
    if (v !== undefined) rows.push({ param, value: formatParameter(v), origin: 'spec' });
    else if (info && info.default !== undefined && info.default !== null) rows.push({ param, value: formatParameter(info.default), origin: 'backend default' });
  }
  return rows;
}

function loadSemantics(version: string): Semantics | undefined {
  if (!semanticsCache.has(version)) {
    const file = fileURLToPath(new URL(`../../data/tensorrtllm_backend-${version}/parameter-semantics.json`, import.meta.url));
    semanticsCache.set(version, existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Semantics) : undefined);
  }
  return semanticsCache.get(version);
}
