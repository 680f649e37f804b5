// Dotted-path access to plain JSON objects ('build.plugins.contextFmha'): what spec fields,
// flag tables and imported settings are addressed by. One copy for resolve, emit, lints and import.

export type Json = Record<string, unknown>;

/** A plain object (not null, not an array). */
export function isPlainObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at `path`, or undefined when any step of it is missing or not an object. */
export function getPath(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const k of path.split('.')) v = isPlainObject(v) ? v[k] : undefined;
  return v;
}

/** Sets the value at `path`, making (or replacing non-object) intermediate steps as objects. */
export function setPath(obj: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = obj;
  for (const k of keys.slice(0, -1)) {
    if (!isPlainObject(cur[k])) cur[k] = {};
    cur = cur[k] as Json;
  }
  cur[keys[keys.length - 1]!] = value;
}

/** `over` merged onto a copy of `base`: objects merge recursively; arrays and scalars from `over` replace those of `base`. */
export function deepMerge(base: Json, over: Json): Json {
  const out: Json = { ...structuredClone(base) };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlainObject(v) && isPlainObject(b) ? deepMerge(b, v) : v;
  }
  return out;
}
