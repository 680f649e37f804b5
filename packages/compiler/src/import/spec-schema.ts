import { modelSpecSchema } from '@trtforge/spec';

interface Schema { type?: string | string[]; pattern?: string; minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number; minLength?: number; properties?: Record<string, Schema>; items?: Schema; enum?: unknown[]; anyOf?: Schema[]; oneOf?: Schema[] }

/** The JSON Schema of a dotted spec path (the schema generated from the spec's types), or undefined when the spec has no such field. */
export function schemaAt(path: string): Schema | undefined {
  let node: Schema | undefined = modelSpecSchema as unknown as Schema;
  for (const key of path.split('.')) {
    const options: Schema[] = node ? [node, ...(node.anyOf ?? []), ...(node.oneOf ?? [])] : [];
    node = options.map((o) => o.properties?.[key]).find((x) => x !== undefined);
    if (!node) return undefined;
  }
  return node;
}

function types(s: Schema): string[] {
  const own = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  return [...own, ...(s.anyOf ?? []).flatMap(types), ...(s.oneOf ?? []).flatMap(types), ...(s.enum ?? []).map((e) => typeof e)];
}

/**
 * A config value (a pbtxt string parameter, a typed field, a build_config entry) as the spec field
 * at `path` types it; undefined when it does not fit (the caller lists it as not expressible).
 */
export function coerce(path: string, value: unknown): unknown {
  const s = schemaAt(path);
  if (!s) return undefined;
  const v = coerceType(s, value);
  return v !== undefined && fits(s, v) ? v : undefined;
}

/** The schema's own bounds (pattern, range, length): a value outside them is one the spec cannot hold. */
function fits(s: Schema, v: unknown): boolean {
  if (typeof v === 'string') return (s.pattern === undefined || new RegExp(s.pattern, 'u').test(v)) && (s.minLength === undefined || v.length >= s.minLength);
  if (typeof v === 'number') {
    return (s.minimum === undefined || v >= s.minimum) && (s.maximum === undefined || v <= s.maximum)
      && (s.exclusiveMinimum === undefined || v > s.exclusiveMinimum) && (s.exclusiveMaximum === undefined || v < s.exclusiveMaximum);
  }
  return true;
}

function coerceType(s: Schema, value: unknown): unknown {
  const t = types(s);
  const text = typeof value === 'string' ? value.trim() : value;
  if (s.enum) {
    const hit = s.enum.find((e) => e === text || (typeof e === 'string' && typeof text === 'string' && e.toLowerCase() === text.toLowerCase()));
    if (hit !== undefined) return hit;
  }
  if (t.includes('boolean')) {
    if (text === true || text === 'true' || text === 'True' || text === 'enable' || text === '1') return true;
    if (text === false || text === 'false' || text === 'False' || text === 'disable' || text === '0') return false;
  }
  if ((t.includes('number') || t.includes('integer')) && text !== '' && !Number.isNaN(Number(text)) && typeof text !== 'boolean') {
    const n = Number(text);
    if (!t.includes('integer') || Number.isInteger(n) || t.includes('number')) return n;
  }
  if (t.includes('array') && typeof text === 'string') {
    const items = text.split(',').map((x) => x.trim()).filter(Boolean);
    const item = s.items ? types(s.items) : [];
    return item.includes('number') || item.includes('integer') ? (items.every((x) => !Number.isNaN(Number(x))) ? items.map(Number) : undefined) : items;
  }
  if (t.includes('string') && (typeof text === 'string' || typeof text === 'number')) return String(text);
  if (t.includes('array') && Array.isArray(text)) return text;
  return undefined;
}
