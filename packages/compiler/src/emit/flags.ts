import { getPath } from '../resolve/resolve.js';
import type { FlagTable } from '../backend/backend-data.js';
import type { ResolvedModelSpec } from '../resolve/resolved.js';

/**
 * Turns spec fields into flags with a flag table (data). A flag is emitted when the user wrote the
 * field or when its resolved value differs from the field's static default (`DEFAULTS`, which for
 * these fields are the tool's own defaults) — so argv stays the short, reviewable list of decisions,
 * and two specs that mean the same thing get the same argv.
 */
export function flagsFromTable(
  table: FlagTable,
  spec: ResolvedModelSpec,
  staticDefault: (path: string) => unknown,
  opts: { keyedOnly?: boolean } = {},
): string[] {
  const argv: string[] = [];
  for (const [path, { flag, kind, keyed, when }] of Object.entries(table.options)) {
    if (opts.keyedOnly && keyed === false) continue;
    const value = getPath(spec, path);
    if (value === undefined) continue;
    const explicit = getPath(spec.raw, path) !== undefined;
    if (when !== undefined) {
      if (getPath(spec, when) !== true) continue;
    } else if (!explicit && sameValue(value, staticDefault(path))) continue;
    switch (kind) {
      case 'flag':
        if (value === true) argv.push(flag);
        break;
      case 'enable-disable':
        argv.push(flag, value ? 'enable' : 'disable');
        break;
      case 'list':
        argv.push(flag, ...(value as unknown[]).map(String));
        break;
      case 'value':
        argv.push(flag, String(value));
        break;
    }
  }
  return argv;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
