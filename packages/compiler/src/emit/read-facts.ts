/**
 * What a pure function read of its inputs, so that its result can be reused while every read
 * still gives the same answer (the Kubernetes manifests do not change when a batch size does).
 * The inputs are handed over behind read-only proxies that record each answer: a primitive value
 * at a path, whether a path holds an object or an array, the keys of an object, `key in object`.
 * A function that writes to its input, or hands it to something a proxy cannot pass through
 * (structuredClone), throws: then it is simply run again without recording.
 */
export type Fact =
  | { path: string[]; kind: 'value'; value: unknown }
  | { path: string[]; kind: 'shape'; shape: 'object' | 'array' }
  | { path: string[]; kind: 'keys'; keys: string[] }
  | { path: string[]; kind: 'has'; key: string; own: boolean; result: boolean };

export class ReadRecorder {
  readonly facts: Fact[] = [];
  private readonly seen = new Set<string>();

  /** `value` (a root input named `name`) behind a recording proxy; a primitive root is recorded whole. */
  track<T>(name: string, value: T): T {
    return this.wrap(value, [name]) as T;
  }

  private record(fact: Fact): void {
    const id = JSON.stringify([fact.path, fact.kind, fact.kind === 'has' ? [fact.key, fact.own] : '']);
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.facts.push(fact);
  }

  private wrap(value: unknown, path: string[]): unknown {
    if (value === null || typeof value !== 'object') {
      this.record({ path, kind: 'value', value });
      return value;
    }
    this.record({ path, kind: 'shape', shape: Array.isArray(value) ? 'array' : 'object' });
    const readOnly = (): never => {
      throw new TypeError(`read-only input: ${path.join('.')}`);
    };
    return new Proxy(value as object, {
      get: (target, key, receiver) => {
        if (typeof key === 'symbol') return Reflect.get(target, key, receiver);
        const own = Object.prototype.hasOwnProperty.call(target, key);
        const v = Reflect.get(target, key, receiver) as unknown;
        // Methods of Object/Array prototypes are code (in the code fingerprint), not input.
        if (!own && typeof v === 'function') return v;
        return this.wrap(v, [...path, key]);
      },
      has: (target, key) => {
        const result = Reflect.has(target, key);
        if (typeof key === 'string') this.record({ path, kind: 'has', key, own: false, result });
        return result;
      },
      ownKeys: (target) => {
        const keys = Reflect.ownKeys(target);
        this.record({ path, kind: 'keys', keys: keys.filter((k): k is string => typeof k === 'string') });
        return keys;
      },
      getOwnPropertyDescriptor: (target, key) => {
        const d = Reflect.getOwnPropertyDescriptor(target, key);
        if (typeof key === 'string') this.record({ path, kind: 'has', key, own: true, result: d !== undefined });
        return d;
      },
      set: readOnly,
      defineProperty: readOnly,
      deleteProperty: readOnly,
      setPrototypeOf: readOnly,
    });
  }
}

/** Whether every recorded read gives the same answer on `roots` (by root name). */
export function factsHold(facts: readonly Fact[], roots: Record<string, unknown>): boolean {
  return facts.every((fact) => {
    const [root, ...rest] = fact.path;
    let at: { found: boolean; value: unknown } = { found: root !== undefined && root in roots, value: roots[root!] };
    for (const key of rest) {
      const v = at.value;
      at = v !== null && typeof v === 'object' ? { found: true, value: (v as Record<string, unknown>)[key] } : { found: false, value: undefined };
      if (!at.found) return false;
    }
    if (!at.found) return false;
    const v = at.value;
    switch (fact.kind) {
      case 'value':
        return (v === null || typeof v !== 'object') && Object.is(v, fact.value);
      case 'shape':
        return v !== null && typeof v === 'object' && (Array.isArray(v) ? 'array' : 'object') === fact.shape;
      case 'keys':
        return v !== null && typeof v === 'object' && sameKeys(Reflect.ownKeys(v).filter((k): k is string => typeof k === 'string'), fact.keys);
      case 'has': {
        if (v === null || typeof v !== 'object') return false;
        const result = fact.own ? Object.prototype.hasOwnProperty.call(v, fact.key) : fact.key in v;
        return result === fact.result;
      }
    }
  });
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}
