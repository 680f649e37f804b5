/** A leaf that differs between two sides; `undefined` = absent on that side. */
export interface ValueChange {
  path: string;
  before?: string;
  after?: string;
}

/** A value as one short line: strings as they are, anything else as compact JSON. */
export function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Flattens plain data into dotted leaf paths. Arrays of objects that carry a `name` (Triton's
 * input/output tensors, ensemble steps by model_name) are keyed by it, so a reordering or an
 * added tensor names the tensor instead of shifting every index; other arrays are one leaf.
 */
export function flattenLeaves(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) {
    const keyOf = (item: unknown): string | undefined => {
      if (item === null || typeof item !== 'object') return undefined;
      const o = item as Record<string, unknown>;
      return typeof o.name === 'string' ? o.name : typeof o.model_name === 'string' ? o.model_name : undefined;
    };
    const keys = value.map(keyOf);
    if (value.length > 0 && keys.every((k) => k !== undefined) && new Set(keys).size === keys.length) {
      value.forEach((item, i) => flattenLeaves(item, `${prefix}[${keys[i]}]`, out));
    } else {
      out.set(prefix, show(value));
    }
  } else if (value !== null && typeof value === 'object' && Object.values(value).some((v) => !(Array.isArray(v) && v.length === 0))) {
    // An empty repeated field is the same as an absent one (protobuf); an empty message is not (`reshape: { }`).
    for (const [k, v] of Object.entries(value)) if (!(Array.isArray(v) && v.length === 0)) flattenLeaves(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (value !== null && typeof value === 'object') {
    out.set(prefix, '{}');
  } else if (value !== undefined) {
    out.set(prefix, show(value));
  }
  return out;
}

/** The leaves that differ, sorted by path. */
export function diffLeaves(before: Map<string, string>, after: Map<string, string>): ValueChange[] {
  const changes: ValueChange[] = [];
  for (const path of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const b = before.get(path);
    const a = after.get(path);
    if (b === a) continue;
    changes.push({ path, ...(b !== undefined ? { before: b } : {}), ...(a !== undefined ? { after: a } : {}) });
  }
  return changes;
}
