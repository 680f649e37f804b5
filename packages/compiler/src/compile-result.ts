import { basename, dirname } from 'node:path';
import type { Diagnostic } from './diagnostics.js';
import type { FileMap } from './emit/file-map.js';
import type { LoadedSpec } from './load/loaded-spec.js';
import type { ResolvedModelSpec } from './resolve/resolved.js';

/** The outcome for one spec: its files when it compiled, and every diagnostic either way. */
export interface CompileResult {
  name: string;
  file: string;
  displayFile: string;
  source: string;
  diagnostics: Diagnostic[];
  files?: FileMap;
  resolved?: ResolvedModelSpec;
  /** Where a dotted field path is written in the spec (repository-level rules report through it). */
  locate?: (path: string) => { line: number; column: number };
}

/** What every result of a loaded spec carries, whatever the later stages make of it. */
export function baseResult(l: LoadedSpec): CompileResult {
  return {
    name: basename(dirname(l.file)), file: l.file, displayFile: l.displayFile, source: l.source, diagnostics: [],
    locate: (path: string) => l.locations.locate(path ? path.split('.') : []),
  };
}
