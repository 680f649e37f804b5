import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Diagnostic } from '../diagnostics.js';
import type { FileMap } from '../emit/file-map.js';
import { hostFactsHold, type HostFact } from '../host/host-facts.js';
import { writeCacheFile } from '../load/cache-file.js';
import type { LoadedSpec } from '../load/loaded-spec.js';
import type { ResolvedModelSpec } from '../resolve/resolved.js';

/** Bumped when the entry layout changes. */
const FORMAT = 'trtforge-result-cache/1';

/** What compiling one loaded spec produced, before sanitizing (masking depends on the environment of each run). */
export interface CompiledParts {
  name: string;
  diagnostics: Diagnostic[];
  files?: FileMap;
  resolved?: ResolvedModelSpec;
}

interface Entry {
  /** Every question the compile asked the host (paths that exist, files read) and its answer then. */
  facts: readonly HostFact[];
  parts: CompiledParts;
}

/**
 * The persistent result cache: what validate → resolve → lint → synth made of one loaded spec.
 *
 * Sound by construction rather than by a list of inputs: the key is the spec's load cache key
 * (sha256 of the spec's path and text and the compiler's code and data, and only set when the spec
 * imports nothing the load cache does not track) plus the repository root, working directory and
 * displayed path; everything else a compile reads is a host fact recorded as it is read
 * ({@link RecordingHost}) and checked again before an entry is used. Only results without errors
 * are kept: errors are recomputed (they are cheap, and a spec that failed a hardening rule may hold
 * a value that must not be written anywhere). Best effort: an unreadable or unwritable cache only
 * costs a compile.
 */
export class ResultCache {
  private readonly dir: string;

  constructor(cacheDir: string) {
    this.dir = join(cacheDir, 'result');
  }

  get(loaded: LoadedSpec, root: string, cwd: string): CompiledParts | undefined {
    const key = this.key(loaded, root, cwd);
    if (!key) return undefined;
    let entry: Entry;
    try {
      entry = deserialize(readFileSync(this.entryPath(key))) as Entry;
    } catch {
      return undefined;
    }
    return hostFactsHold(entry.facts) ? entry.parts : undefined;
  }

  set(loaded: LoadedSpec, root: string, cwd: string, parts: CompiledParts, facts: readonly HostFact[]): void {
    const key = this.key(loaded, root, cwd);
    if (!key) return;
    writeCacheFile(this.entryPath(key), () => serialize({ facts, parts } satisfies Entry));
  }

  private key(loaded: LoadedSpec, root: string, cwd: string): string | undefined {
    if (!loaded.cacheKey) return undefined;
    return createHash('sha256').update(JSON.stringify([FORMAT, loaded.cacheKey, root, cwd, loaded.displayFile])).digest('hex');
  }

  private entryPath(key: string): string {
    return join(this.dir, `${key}.bin`);
  }
}
