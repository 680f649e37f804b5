import { isPlainObject } from '../object-path.js';

/**
 * Reads a filled config back against its template: the value each `${placeholder}` took, and
 * every field of the filled config the template cannot account for (a fixed value that was
 * changed, a field or parameter the template does not have). The template is the same data the
 * emitter fills (packages/compiler/data/tensorrtllm_backend-<version>/templates.json), read in reverse.
 */
export interface ReadBack {
  /** placeholder → the values it took (one per place it appears; they should agree). */
  values: Map<string, unknown[]>;
  /** Dotted paths in the filled config that no placeholder explains, with what is there. */
  unexplained: Array<{ path: string; value: unknown; template?: unknown }>;
}

const PLACEHOLDER = /\$\{([_a-zA-Z][_a-zA-Z0-9]*)\}/g;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `"${a}/x/${b}"` against `"1/x/2"` → a=1, b=2; undefined when the fixed text differs. */
function matchString(template: string, actual: string): Map<string, string> | undefined {
  const names: string[] = [];
  const source = template.split(PLACEHOLDER).map((part, i) => (i % 2 === 1 ? (names.push(part), '(.*?)') : escape(part))).join('');
  const m = new RegExp(`^${source}$`, 's').exec(actual);
  if (!m) return undefined;
  return new Map(names.map((n, i) => [n, m[i + 1]!]));
}

const keyOf = (v: unknown) => (isPlainObject(v) && typeof v.name === 'string' ? v.name : isPlainObject(v) && typeof v.model_name === 'string' ? v.model_name : undefined);

export function readPlaceholders(template: unknown, filled: unknown): ReadBack {
  const values = new Map<string, unknown[]>();
  const unexplained: ReadBack['unexplained'] = [];
  const take = (name: string, value: unknown) => values.set(name, [...(values.get(name) ?? []), value]);

  const visit = (t: unknown, f: unknown, path: string): void => {
    if (isPlainObject(t) && typeof t.$placeholder === 'string') {
      if (f !== undefined) take(t.$placeholder, f);
      return;
    }
    if (typeof t === 'string' && t.includes('${')) {
      const got = typeof f === 'string' ? matchString(t, f) : undefined;
      // fill_template.py leaves an unset placeholder as its literal text: that is "unset", not a value.
      if (got) for (const [k, v] of got) { if (!v.includes('${')) take(k, v); }
      else if (f !== undefined) unexplained.push({ path, value: f, template: t });
      return;
    }
    if (Array.isArray(t) && Array.isArray(f)) {
      // Tensors and ensemble steps pair by name; other arrays by position.
      const byName = t.every((x) => keyOf(x) !== undefined);
      f.forEach((item, i) => {
        const match = byName ? t.find((x) => keyOf(x) === keyOf(item)) : t[i];
        if (match === undefined) unexplained.push({ path: `${path}[${keyOf(item) ?? i}]`, value: item });
        else visit(match, item, `${path}[${keyOf(item) ?? i}]`);
      });
      return;
    }
    if (isPlainObject(t) && isPlainObject(f)) {
      for (const [k, v] of Object.entries(f)) {
        const sub = path ? `${path}.${k}` : k;
        if (k in t) visit(t[k], v, sub);
        else unexplained.push({ path: sub, value: v });
      }
      return;
    }
    if (JSON.stringify(t) !== JSON.stringify(f) && f !== undefined) unexplained.push({ path, value: f, template: t });
  };
  visit(template, filled, '');
  return { values, unexplained };
}
