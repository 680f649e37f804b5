import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let fingerprint: string | undefined;

/**
 * Identifies the code and data a compile result depends on: every file of this compiler's dist/,
 * data/ and templates/, and of the spec and pbtxt packages it uses, by path, size and mtime (any
 * rebuild or edit changes it), plus the TypeScript version. Computed once per process (~200 stats).
 */
export function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const require = createRequire(import.meta.url);
  const own = fileURLToPath(new URL('../', import.meta.url));
  const spec = dirname(dirname(require.resolve('@trtforge/spec')));
  const pbtxt = dirname(dirname(require.resolve('@trtforge/pbtxt')));
  const hash = createHash('sha256').update((require('typescript/package.json') as { version: string }).version);
  for (const dir of [join(own, 'dist'), join(own, 'data'), join(own, 'templates'), join(spec, 'dist'), join(pbtxt, 'dist'), join(pbtxt, 'vendor')]) {
    walk(dir, (path, size, mtimeMs) => hash.update(`${path}\0${size}\0${mtimeMs}\n`));
  }
  fingerprint = hash.digest('hex');
  return fingerprint;
}

function walk(dir: string, visit: (path: string, size: number, mtimeMs: number) => void): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    const s = statSync(path);
    if (s.isDirectory()) walk(path, visit);
    else visit(path, s.size, s.mtimeMs);
  }
}
