import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { FileMap } from '../emit/file-map.js';
import { MARKER_FILE } from '../emit/marker.js';

/**
 * The marker's name before it was renamed (it clashed with the state directory models/<name>/.trtforge/).
 * A directory that has it was written by an older trtforge: it may be replaced once, and the
 * rewrite carries the new marker only — so existing checkouts migrate on their next compile.
 */
export const LEGACY_MARKER_FILE = '.trtforge';

/** Whether `dir` carries trtforge's marker file (the current name or the legacy one). */
function hasMarker(dir: string): boolean {
  return [MARKER_FILE, LEGACY_MARKER_FILE].some((name) => statSync(join(dir, name), { throwIfNoEntry: false })?.isFile() ?? false);
}

/** A generated/<name> directory that lacks trtforge's marker: never deleted or replaced. */
export class UnsafeOutputError extends Error {
  constructor(readonly dir: string) {
    super(`refusing to replace ${dir}: it has no ${MARKER_FILE} marker, so it was not written by trtforge`);
    this.name = 'UnsafeOutputError';
  }
}

export interface OutputDiff {
  name: string;
  added: string[];
  removed: string[];
  changed: string[];
}

/** Reads a generated directory back as a FileMap (undefined if it does not exist). */
export function readGenerated(dir: string): FileMap | undefined {
  if (!existsSync(dir)) return undefined;
  const files: FileMap = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files[relative(dir, p).split('\\').join('/')] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return files;
}

export function diffFiles(name: string, want: FileMap, have: FileMap | undefined): OutputDiff {
  const h = have ?? {};
  return {
    name,
    added: Object.keys(want).filter((f) => !(f in h)).sort(),
    removed: Object.keys(h).filter((f) => !(f in want)).sort(),
    changed: Object.keys(want).filter((f) => f in h && h[f] !== want[f]).sort(),
  };
}

export function isClean(d: OutputDiff): boolean {
  return d.added.length + d.removed.length + d.changed.length === 0;
}

/**
 * Writes every spec's output or none: each directory is staged next to its target, then swapped
 * in with renames. A directory whose content is already identical is left untouched (mtimes
 * stay, so turbo and editors see no change). Returns the names that changed.
 */
export function writeGenerated(generatedDir: string, outputs: ReadonlyArray<{ name: string; files: FileMap }>): string[] {
  mkdirSync(generatedDir, { recursive: true });
  const staged: Array<{ target: string; tmp: string }> = [];
  try {
    for (const { name, files } of outputs) {
      const target = join(generatedDir, name);
      if (existsSync(target) && !hasMarker(target)) throw new UnsafeOutputError(relative(process.cwd(), target) || target);
      if (isClean(diffFiles(name, files, readGenerated(target)))) continue;
      const tmp = join(generatedDir, `.${name}.tmp-${process.pid}-${Date.now()}`);
      for (const [rel, content] of Object.entries(files)) {
        const p = join(tmp, rel);
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, content);
      }
      staged.push({ target, tmp });
    }
  } catch (err) {
    for (const s of staged) rmSync(s.tmp, { recursive: true, force: true });
    throw err;
  }
  for (const { target, tmp } of staged) {
    const old = `${tmp}.old`;
    const hadOld = existsSync(target) && statSync(target).isDirectory();
    if (hadOld) renameSync(target, old);
    renameSync(tmp, target);
    if (hadOld) rmSync(old, { recursive: true, force: true });
  }
  return staged.map((s) => relative(generatedDir, s.target));
}
