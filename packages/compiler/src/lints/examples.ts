import { isPlainObject } from '../object-path.js';
/** The spec every rule example is merged onto (docs/lints.md shows the merged spec; tests compile it). */
export const EXAMPLE_BASE = { name: 'qwen', source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' } } as const;

type Json = Record<string, unknown>;


/** EXAMPLE_BASE with `fragment` merged in: objects merge, arrays and scalars replace. */
export function exampleSpec(fragment: object): Json {
  const merge = (base: Json, over: Json): Json => {
    const out: Json = { ...base };
    for (const [k, v] of Object.entries(over)) {
      const b = out[k];
      out[k] = isPlainObject(v) && isPlainObject(b) ? merge(b, v) : v;
    }
    return out;
  };
  return merge(structuredClone(EXAMPLE_BASE) as Json, fragment as Json);
}
