import { DEFAULTS } from '@trtforge/spec';
import { getPath } from '../resolve/resolve.js';
import type { ResolvedModelSpec } from '../resolve/resolved.js';

/** Whether the user wrote `path` in model.ts (as opposed to a default or a derived value). */
export function written(spec: ResolvedModelSpec, path: string): boolean {
  return getPath(spec.raw, path) !== undefined;
}

type Provenance = 'written' | 'default' | 'derived';

function provenance(spec: ResolvedModelSpec, path: string): Provenance {
  if (written(spec, path)) return 'written';
  const staticDefault = getPath(DEFAULTS, path);
  return staticDefault !== undefined && staticDefault === getPath(spec, path) ? 'default' : 'derived';
}

/**
 * " (the default)" or " (derived)" after a value the user did not write, so a message about
 * `build.maxNumTokens` is no puzzle when model.ts never mentions it.
 */
export function origin(spec: ResolvedModelSpec, path: string): string {
  return { written: '', default: ' (the default)', derived: ' (derived)' }[provenance(spec, path)];
}

/** The same, for use inside parentheses: `(64, the default)`. */
export function note(spec: ResolvedModelSpec, path: string): string {
  return { written: '', default: ', the default', derived: ', derived' }[provenance(spec, path)];
}

/**
 * Where to report a finding about `path`: there if the user wrote it, otherwise at the written
 * field that made it necessary (a diagnostic should point at a line the user can change).
 */
export function reportAt(spec: ResolvedModelSpec, path: string, because: string): string {
  return written(spec, path) ? path : because;
}
