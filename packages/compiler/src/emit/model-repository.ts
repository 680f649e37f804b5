import { writePbtxt } from '@trtforge/pbtxt';
import { MODEL_NAMES, type BackendData, type TritonModelName } from '../backend/backend-data.js';
import { getPath } from '../resolve/resolve.js';
import type { ResolvedModelSpec } from '../resolve/resolved.js';
import { fillTemplate } from './fill-template.js';
import type { FileMap } from './file-map.js';

/** The parameter values of a resolved spec for one model, keyed by template placeholder. */
export function templateValues(spec: ResolvedModelSpec, backend: BackendData, model: TritonModelName = 'tensorrt_llm'): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const [param, source] of Object.entries(backend.parameters)) {
    const { path, onlyIf, models } = typeof source === 'string' ? { path: source, onlyIf: undefined, models: undefined } : source;
    if (models && !models.includes(model)) continue;
    const condition = onlyIf?.[model];
    if (condition !== undefined && getPath(spec, condition) === undefined) continue;
    const v = getPath(spec, path);
    if (v !== undefined) values.set(param, v);
  }
  // What the release's fill_template.py puts in for a key nobody gave (a model the spec's field does not fill).
  for (const [param, value] of Object.entries(backend.fillDefaults)) if (!values.has(param)) values.set(param, value);
  return values;
}

/** generated/<name>/triton_model_repo/<model>/config.pbtxt for the five inflight_batcher_llm models. */
export function emitModelRepository(spec: ResolvedModelSpec, backend: BackendData, header: string[]): FileMap {
  const files: FileMap = {};
  const missing: string[] = [];
  for (const model of MODEL_NAMES) {
    const filled = fillTemplate(model, backend.templates[model], templateValues(spec, backend, model));
    missing.push(...filled.missing);
    files[`triton_model_repo/${model}/config.pbtxt`] = writePbtxt(filled.config, {
      header: [...header, `template: tensorrtllm_backend v${backend.version} all_models/inflight_batcher_llm/${model}/config.pbtxt`],
    });
  }
  if (missing.length > 0) {
    // resolve() fills every typed placeholder; reaching this is a bug in the data, not in the spec.
    throw new Error(`internal: unfilled typed template fields: ${missing.join(', ')}`);
  }
  return files;
}
