import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { codeFingerprint } from '../code-fingerprint.js';
import type { Diagnostic } from '../diagnostics.js';
import { writeCacheFile } from './cache-file.js';
import type { LoadedSpec } from './loaded-spec.js';
import { LocationMap, type LocationData } from './locations.js';

/** Bumped when the entry layout changes. */
const FORMAT = 'trtforge-load-cache/2';

interface Entry {
  /** Files the type-check read besides the spec and TypeScript's lib, with their size and mtime then. */
  dependencies: Array<[path: string, stamp: string]>;
  value: unknown;
  locations: LocationData;
  /** Without `file`: the same spec is shown relative to whatever the working directory is. */
  diagnostics: Array<Omit<Diagnostic, 'file'>>;
}

/**
 * The persistent load cache: what loading a spec produced (type errors, evaluated value, field
 * locations), keyed by sha256 of the spec's path and text and the compiler's code and data
 * ({@link codeFingerprint}: the spec API and TypeScript included); an entry also lists the declaration files the type-check
 * read with their size and mtime, and is used only while they are unchanged. A hit never loads TypeScript.
 * Best effort: an unreadable or unwritable cache only costs a type-check.
 */
export class LoadCache {
  private readonly dir: string;
  /** Stamps of declaration files, taken once per cache (one compile run): 100 specs share them. */
  private readonly stamps = new Map<string, string | undefined>();

  constructor(cacheDir: string) {
    this.dir = join(cacheDir, 'load');
  }

  private stamp(path: string): string | undefined {
    if (!this.stamps.has(path)) this.stamps.set(path, fileStamp(path));
    return this.stamps.get(path);
  }

  get(file: string, displayFile: string, source: string): LoadedSpec | undefined {
    const key = this.key(file, source);
    let entry: Entry;
    try {
      entry = deserialize(readFileSync(this.entryPath(key))) as Entry;
    } catch {
      return undefined;
    }
    if (!entry.dependencies.every(([path, stamp]) => this.stamp(path) === stamp)) return undefined;
    return {
      file, displayFile, source, value: entry.value,
      locations: LocationMap.fromData(entry.locations),
      diagnostics: entry.diagnostics.map((d) => ({ ...d, file: displayFile })),
      cacheKey: key,
    };
  }

  /** Stores a fresh result; returns its key (undefined when it could not be stored). */
  set(loaded: LoadedSpec, dependencies: readonly string[]): string | undefined {
    const stamps = dependencies.map((path) => [path, this.stamp(path)] as [string, string | undefined]);
    if (stamps.some(([, stamp]) => stamp === undefined)) return undefined;
    const entry: Entry = {
      dependencies: stamps as Array<[string, string]>,
      value: loaded.value,
      locations: loaded.locations.toData(),
      diagnostics: loaded.diagnostics.map(({ file: _file, ...rest }) => rest),
    };
    const key = this.key(loaded.file, loaded.source);
    // Values that structured clone cannot carry (a function somewhere in the spec) are not cached.
    return writeCacheFile(this.entryPath(key), () => serialize(entry)) ? key : undefined;
  }

  private key(file: string, source: string): string {
    return createHash('sha256').update(JSON.stringify([FORMAT, codeFingerprint(), file, source])).digest('hex');
  }

  private entryPath(key: string): string {
    return join(this.dir, `${key}.bin`);
  }
}

function fileStamp(path: string): string | undefined {
  try {
    const s = statSync(path);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return undefined;
  }
}
