import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { dependencyDir, PACKAGE_ROOT } from './package-root.js';

let fingerprint: string | undefined;

/**
 * Identifies the code and data a cached load or compile result depends on, cheaply enough for every
 * run (~15 stats): the build stamps (`dist/.tsbuildinfo`, rewritten by every `tsc -b` that emits) of
 * this compiler and of the spec and pbtxt packages, the prebuilt schema validator, every file of
 * data/, templates/ and pbtxt's vendor/ (read at run time, not built), by size and mtime, the
 * single-file build (dist/bundle/) and the TypeScript version. A package without a build stamp is fingerprinted file by file.
 */
export function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const require = createRequire(import.meta.url);
  const own = PACKAGE_ROOT;
  const spec = dependencyDir('@trtforge/spec');
  const pbtxt = dependencyDir('@trtforge/pbtxt');
  const hash = createHash('sha256').update((require('typescript/package.json') as { version: string }).version);
  const visit = (path: string, size: number, mtimeMs: number): void => {
    hash.update(`${path}\0${size}\0${mtimeMs}\n`);
  };
  for (const pkg of [own, spec, pbtxt]) {
    const stamp = statOrUndefined(join(pkg, 'dist', '.tsbuildinfo'));
    if (stamp) visit(join(pkg, 'dist', '.tsbuildinfo'), stamp.size, stamp.mtimeMs);
    else walk(join(pkg, 'dist'), visit);
  }
  for (const dir of [join(own, 'data'), join(own, 'templates'), join(pbtxt, 'vendor')]) walk(dir, visit);
  // the prebuilt validator and template, and the single-file build (its metafile is rewritten with it)
  for (const built of [join(own, 'dist', 'validate', 'model-spec-validator.cjs'), join(own, 'dist', 'templates', 'plan.md.cjs'), join(own, 'dist', 'bundle', 'meta.json')]) {
    const v = statOrUndefined(built);
    if (v) visit(built, v.size, v.mtimeMs);
  }
  fingerprint = hash.digest('hex');
  return fingerprint;
}

function statOrUndefined(path: string): { size: number; mtimeMs: number } | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function walk(dir: string, visit: (path: string, size: number, mtimeMs: number) => void): void {
  let entries;
  try {
    // code-unit order: localeCompare would load ICU's collator (~20 ms) for an order nobody reads
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) walk(path, visit);
    else {
      const s = statSync(path);
      visit(path, s.size, s.mtimeMs);
    }
  }
}
