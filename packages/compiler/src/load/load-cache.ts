import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import type { Diagnostic } from '../diagnostics.js';
import type { LoadedSpec } from './loaded-spec.js';
import { LocationMap, type LocationData } from './locations.js';
import { typescriptVersion } from './typescript.js';

/** Bumped when the entry layout changes. */
const FORMAT = 'trtforge-load-cache/1';
/** Entries kept after a prune; a prune runs when a write finds twice as many. */
const KEEP_ENTRIES = 1000;

interface Entry {
  /** Files the type-check read besides the spec and TypeScript's lib, with their sha256 then. */
  dependencies: Array<[path: string, sha256: string]>;
  value: unknown;
  locations: LocationData;
  /** Without `file`: the same spec is shown relative to whatever the working directory is. */
  diagnostics: Array<Omit<Diagnostic, 'file'>>;
}

/**
 * The persistent load cache: what loading a spec produced (type errors, evaluated value, field
 * locations), keyed by sha256 of the spec's path and text, the loader's own code, the spec API's
 * runtime code and TypeScript's version; an entry also lists the declaration files the type-check
 * read with their hashes, and is used only while they are unchanged. A hit never loads TypeScript.
 * Best effort: an unreadable or unwritable cache only costs a type-check.
 */
export class LoadCache {
  private readonly dir: string;

  constructor(cacheDir: string) {
    this.dir = join(cacheDir, 'load');
  }

  get(file: string, displayFile: string, source: string): LoadedSpec | undefined {
    const key = this.key(file, source);
    let entry: Entry;
    try {
      entry = deserialize(readFileSync(this.entryPath(key))) as Entry;
    } catch {
      return undefined;
    }
    if (!entry.dependencies.every(([path, sha]) => fileHash(path) === sha)) return undefined;
    return {
      file, displayFile, source, value: entry.value,
      locations: LocationMap.fromData(entry.locations),
      diagnostics: entry.diagnostics.map((d) => ({ ...d, file: displayFile })),
      cacheKey: key,
    };
  }

  /** Stores a fresh result; returns its key (undefined when it could not be stored). */
  set(loaded: LoadedSpec, dependencies: readonly string[]): string | undefined {
    const hashes = dependencies.map((path) => [path, fileHash(path)] as [string, string | undefined]);
    if (hashes.some(([, sha]) => sha === undefined)) return undefined;
    const entry: Entry = {
      dependencies: hashes as Array<[string, string]>,
      value: loaded.value,
      locations: loaded.locations.toData(),
      diagnostics: loaded.diagnostics.map(({ file: _file, ...rest }) => rest),
    };
    const key = this.key(loaded.file, loaded.source);
    const target = this.entryPath(key);
    const temp = `${target}.${process.pid}.tmp`;
    try {
      // Values that structured clone cannot carry (a function somewhere in the spec) are not cached.
      const bytes = serialize(entry);
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(temp, bytes);
      renameSync(temp, target);
      pruneOnce(this.dir);
      return key;
    } catch {
      try { unlinkSync(temp); } catch { /* never written */ }
      return undefined;
    }
  }

  private key(file: string, source: string): string {
    return createHash('sha256').update(JSON.stringify([FORMAT, loaderFingerprint(), file, source])).digest('hex');
  }

  private entryPath(key: string): string {
    return join(this.dir, `${key}.bin`);
  }
}

const pruned = new Set<string>();
/** Keeps a cache directory bounded: once per process, when it holds twice KEEP_ENTRIES, the oldest go. */
export function pruneOnce(dir: string): void {
  if (pruned.has(dir)) return;
  pruned.add(dir);
  const names = readdirSync(dir).filter((n) => n.endsWith('.bin'));
  if (names.length <= 2 * KEEP_ENTRIES) return;
  const byAge = names.map((n) => ({ n, t: statSync(join(dir, n)).mtimeMs })).sort((a, b) => b.t - a.t);
  for (const { n } of byAge.slice(KEEP_ENTRIES)) unlinkSync(join(dir, n));
}

const hashes = new Map<string, string | undefined>();
function fileHash(path: string): string | undefined {
  if (!hashes.has(path)) {
    try {
      hashes.set(path, createHash('sha256').update(readFileSync(path)).digest('hex'));
    } catch {
      hashes.set(path, undefined);
    }
  }
  return hashes.get(path);
}

let fingerprint: string | undefined;
/**
 * What a load result depends on besides the spec and its declaration files: this loader's code,
 * the spec API's runtime code (the evaluated spec calls it) and the TypeScript version.
 */
function loaderFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256').update(typescriptVersion());
  const loaderDir = dirname(fileURLToPath(import.meta.url));
  const specDir = dirname(createRequire(import.meta.url).resolve('@trtforge/spec'));
  for (const dir of [loaderDir, specDir]) {
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.js')).sort()) {
      hash.update(name).update(readFileSync(join(dir, name)));
    }
  }
  fingerprint = hash.digest('hex');
  return fingerprint;
}
