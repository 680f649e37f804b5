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
}
