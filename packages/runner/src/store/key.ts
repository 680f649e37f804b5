import { canonicalJson } from './canonical-json.js';
import { sha256 } from './hash.js';

/** Bumped when the runner changes how keys are composed (old entries simply stop matching). */
export const KEY_FORMAT = 1;

/** A step's cache key and the named inputs it was hashed from (kept to explain rebuilds). */
export interface StepKey {
  key: string;
  components: Record<string, unknown>;
}

export function composeKey(components: Record<string, unknown>): StepKey {
  const withFormat = { keyFormat: KEY_FORMAT, ...components };
  return { key: sha256(canonicalJson(withFormat)), components: withFormat };
}

export interface ComponentChange {
  /** Dotted path of the input that changed, e.g. `cacheKey.argv` or `weights.files.model.safetensors`. */
  path: string;
  before: unknown;
  after: unknown;
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [key, member] of Object.entries(value)) flatten(member, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.set(prefix, value);
  }
}

/** Which inputs differ between two key compositions (leaf by leaf; arrays compared whole). */
export function diffComponents(before: Record<string, unknown>, after: Record<string, unknown>): ComponentChange[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(before, '', a);
  flatten(after, '', b);
  const changes: ComponentChange[] = [];
  for (const path of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    if (canonicalJson(a.get(path)) !== canonicalJson(b.get(path))) changes.push({ path, before: a.get(path), after: b.get(path) });
  }
  return changes;
}

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  const text = typeof value === 'string' ? value : canonicalJson(value);
  if (/^(sha256:)?[0-9a-f]{64}$/.test(text)) return text.replace(/^(sha256:)?([0-9a-f]{12}).*$/, '$1$2');
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * One line per change. Array inputs (an argv) are long: only the differing elements are named,
 * each with the flag in front of it (`--max_batch_size 4 → 8`).
 */
export function describeChange(change: ComponentChange): string {
  const { before, after } = change;
  if (Array.isArray(before) && Array.isArray(after)) {
    let parts: string[];
    if (before.length === after.length) {
      parts = after.flatMap((value, i) => {
        if (canonicalJson(value) === canonicalJson(before[i])) return [];
        const flag = i > 0 && String(after[i - 1]).startsWith('-') ? `${String(after[i - 1])} ` : '';
        return [`${flag}${show(before[i])} → ${show(value)}`];
      });
    } else {
      const removed = before.filter((x) => !after.includes(x)).map(show);
      const added = after.filter((x) => !before.includes(x)).map(show);
      parts = [...removed.map((x) => `-${x}`), ...added.map((x) => `+${x}`)];
    }
    return `${change.path}: ${parts.join(', ') || 'reordered'}`;
  }
  return `${change.path}: ${show(before)} → ${show(after)}`;
}
