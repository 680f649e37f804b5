import type { TritonModelName } from '../backend/backend-data.js';

/** A filled config.pbtxt object, or the placeholders a typed field needed and did not get. */
export interface FilledConfig {
  config: Record<string, unknown>;
  missing: string[];
}

const UNFILLED = Symbol('unfilled');
const PLACEHOLDER = /\$\{([_a-zA-Z][_a-zA-Z0-9]*)\}/g;

/**
 * Fills a template object the way fill_template.py fills the text, but typed: placeholders in
 * typed positions receive typed values, placeholders inside strings receive formatted text, and a
 * `parameters` entry whose value stays unfilled is left out (the backend then applies its default,
 * where fill_template would leave a literal "${...}" for it to trip over).
 */
export function fillTemplate(
  model: TritonModelName,
  template: Record<string, unknown>,
  values: ReadonlyMap<string, unknown>,
): FilledConfig {
  const missing: string[] = [];
  const visit = (node: unknown, inParameters: boolean): unknown => {
    if (Array.isArray(node)) return node.map((n) => visit(n, false));
    if (typeof node === 'string') return fillString(node, values, inParameters, missing);
    if (node && typeof node === 'object') {
      const rec = node as Record<string, unknown>;
      if (typeof rec.$placeholder === 'string') {
        const v = values.get(rec.$placeholder);
        if (v === undefined) missing.push(rec.$placeholder);
        return v;
      }
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(rec)) {
        if (k === 'parameters' && v && typeof v === 'object' && !Array.isArray(v)) {
          out[k] = fillParameters(v as Record<string, unknown>, visit);
        } else {
          const filled = visit(v, inParameters);
          // Inside a parameters entry an unfilled value voids the whole entry; elsewhere the field is reported missing.
          if (filled === UNFILLED && inParameters) return UNFILLED;
          if (filled !== UNFILLED) out[k] = filled;
        }
      }
      return out;
    }
    return node;
  };
  const config = visit(template, false) as Record<string, unknown>;
  return { config, missing: missing.map((m) => `${model}: \${${m}}`) };
}

function fillParameters(params: Record<string, unknown>, visit: (n: unknown, inParameters: boolean) => unknown) {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    const filled = visit(value, true);
    if (!containsUnfilled(filled)) out[key] = filled;
  }
  return out;
}

function containsUnfilled(v: unknown): boolean {
  if (v === UNFILLED) return true;
  if (v && typeof v === 'object') return Object.values(v).some(containsUnfilled);
  return false;
}

function fillString(s: string, values: ReadonlyMap<string, unknown>, inParameters: boolean, missing: string[]): unknown {
  let unfilled = false;
  const text = s.replace(PLACEHOLDER, (_m, name: string) => {
    const v = values.get(name);
    if (v === undefined) {
      unfilled = true;
      if (!inParameters) missing.push(name);
      return '';
    }
    return formatParameter(v);
  });
  return unfilled ? UNFILLED : text;
}

/** How the backend expects values inside `string_value`: booleans lower-case, lists comma-separated. */
export function formatParameter(v: unknown): string {
  if (Array.isArray(v)) return v.map(formatParameter).join(',');
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}
