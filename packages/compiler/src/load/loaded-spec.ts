import type { Diagnostic } from '../diagnostics.js';
import type { LocationMap } from './locations.js';

/** A spec file after loading: its source, its evaluated value (if it evaluated) and its findings. */
export interface LoadedSpec {
  /** Absolute path of model.ts. */
  file: string;
  /** Path shown in diagnostics (relative to cwd). */
  displayFile: string;
  source: string;
  value: unknown;
  locations: LocationMap;
  diagnostics: Diagnostic[];
  /**
   * Its load cache key, when the result depends only on what the key covers (the spec imports
   * nothing but the spec API): later stages key their own caches on it.
   */
  cacheKey?: string;
}
