import type { ModelSpec } from './model.js';

/**
 * Declare a deployment. Returns its argument unchanged: the value is the typed spec, and the
 * compiler type-checks, validates and resolves it.
 *
 * @example
 * export default defineModel({ name: 'qwen2.5-0.5b', source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' } });
 */
export function defineModel(spec: ModelSpec): ModelSpec {
  return spec;
}
