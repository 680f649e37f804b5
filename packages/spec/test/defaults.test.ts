import { describe, expect, it } from 'vitest';
import { DEFAULTS, modelSpecSchema } from '../src/index.js';

type Node = { type?: string; default?: unknown; properties?: Record<string, Node>; description?: string };

/** Every leaf of the schema that documents a `@default`, with its dotted path. */
function documentedDefaults(node: Node, path: string[] = []): Array<[string, unknown]> {
  const own: Array<[string, unknown]> = node.default !== undefined && path.length ? [[path.join('.'), node.default]] : [];
  return [...own, ...Object.entries(node.properties ?? {}).flatMap(([k, v]) => documentedDefaults(v, [...path, k]))];
}

function at(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

describe('JSDoc @default tags and DEFAULTS cannot drift apart', () => {
  const docs = documentedDefaults(modelSpecSchema as Node);

  it('documents many defaults', () => expect(docs.length).toBeGreaterThan(80));

  it.each(docs)('%s', (path, documented) => {
    const value = at(DEFAULTS, path);
    if (value === undefined) {
      // A derived default names what it derives from, e.g. "build.maxBatchSize" or "[0, …, tp×pp−1]".
      expect(typeof documented).toBe('string');
      expect(documented as string).toMatch(/[a-z]+\.[a-zA-Z]+|×|^streaming$/);
    } else {
      expect(value).toEqual(documented);
    }
  });

  it('every static default is documented', () => {
    const leaves = (o: unknown, p: string[] = []): string[] =>
      o && typeof o === 'object' && !Array.isArray(o)
        ? Object.entries(o).flatMap(([k, v]) => leaves(v, [...p, k]))
        : [p.join('.')];
    const documented = new Set(docs.map(([p]) => p));
    expect(leaves(DEFAULTS).filter((p) => !documented.has(p))).toEqual([]);
  });
});

describe('schema', () => {
  it('rejects unknown fields everywhere (additionalProperties: false)', () => {
    const open: string[] = [];
    const walk = (n: Node & { additionalProperties?: unknown }, p: string) => {
      if (n.type === 'object' && n.properties && n.additionalProperties !== false) open.push(p);
      for (const [k, v] of Object.entries(n.properties ?? {})) walk(v as Node, `${p}.${k}`);
    };
    walk(modelSpecSchema as Node, '$');
    expect(open).toEqual([]);
  });
});
