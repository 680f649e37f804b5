import { deepMerge, type Json } from '../object-path.js';

/** The spec every rule example is merged onto (docs/lints.md shows the merged spec; tests compile it). */
export const EXAMPLE_BASE = { name: 'qwen', source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' } } as const;

/** EXAMPLE_BASE with `fragment` merged in: objects merge, arrays and scalars replace. */
export function exampleSpec(fragment: object): Json {
  return deepMerge(EXAMPLE_BASE as unknown as Json, fragment as Json);
}
