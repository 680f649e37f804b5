import type { BackendData } from '../backend/backend-data.js';
import { parameterSemantics } from '../backend/semantics.js';
import type { ResolvedModelSpec } from '../resolve/resolved.js';
import { formatParameter } from './fill-template.js';
import { templateValues } from './model-repository.js';
import type { EffectiveParameter } from './plan-md.js';

/** What the backend reads at load time, from the spec where set and from the backend's own default otherwise. */
export function effectiveParameters(spec: ResolvedModelSpec, backend: BackendData): EffectiveParameter[] {
  const semantics = parameterSemantics(backend.version);
  const values = templateValues(spec, backend);
  const rows: EffectiveParameter[] = [];
  for (const param of Object.keys(backend.parameters).sort()) {
    const info = semantics[param];
    if (info && info.position !== 'parameter') continue;
    if (info?.models && !info.models.includes('tensorrt_llm')) continue;
    const v = values.get(param);
    if (v !== undefined) rows.push({ param, value: formatParameter(v), origin: 'spec' });
    else if (info && info.default !== undefined && info.default !== null) rows.push({ param, value: formatParameter(info.default), origin: 'backend default' });
  }
  return rows;
}
