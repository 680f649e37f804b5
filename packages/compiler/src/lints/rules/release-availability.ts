import { consumedPaths, releasesFilling, renamesIn } from '../../backend/availability.js';
import type { LintRule } from '../rule.js';

/** Dotted paths of the leaves the spec writes under `triton` (arrays are leaves). */
function writtenLeaves(node: unknown, path: string): string[] {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node === undefined ? [] : [path];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => writtenLeaves(v, `${path}.${k}`));
}

export const fieldInRelease: LintRule = {
  id: 'TRT188',
  severity: 'error',
  topic: 'serving',
  title: 'a triton field must fill a template parameter of the chosen release',
  why: 'Each tensorrtllm_backend release has its own template parameters (data/tensorrtllm_backend-<version>/parameters.json, read from the release\'s templates): 0.16.0 has no logits_datatype, 0.19.0 renamed visual_model_path to multimodal_model_path and added guided decoding, lookahead and num_nodes. A field the chosen release has no parameter for would otherwise be dropped without a word, since the schema is the union of all releases.',
  fields: ['runtime.backendVersion', 'triton'],
  silenceable: false,
  check: ({ spec, backend }) => {
    const consumed = consumedPaths(backend.parameters);
    const unfilled = writtenLeaves(spec.raw.triton, 'triton').filter((p) => !consumed.has(p));
    if (unfilled.length === 0) return [];
    // Error path only: the other releases' maps are read just to name where the field exists.
    return unfilled.flatMap((path) => {
      const having = releasesFilling(path);
      if (having.length === 0) return [];
      const placeholders = [...new Set(having.map((h) => `\${${h.placeholder}}`))].join(' / ');
      const renamed = Object.entries(renamesIn(backend.version)).find(([, old]) => having.some((h) => h.placeholder === old));
      const source = renamed && backend.parameters[renamed[0]];
      const instead = renamed && source ? `; ${backend.version} renamed \${${renamed[1]}} to \${${renamed[0]}}: use ${typeof source === 'string' ? source : source.path}` : '';
      return [{
        path,
        message: `tensorrtllm_backend ${backend.version} has no template parameter for this field (${placeholders} exists in ${having.map((h) => h.version).join(', ')})`,
        hint: `remove it, or set runtime.backendVersion to ${having.length > 1 ? 'one of ' : ''}${having.map((h) => `"${h.version}"`).join(', ')}${instead}`,
      }];
    });
  },
  examples: {
    pass: { runtime: { backendVersion: '0.19.0' }, triton: { numNodes: 1 } },
    fail: { triton: { numNodes: 1 } },
  },
};
