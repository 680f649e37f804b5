import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { codeFingerprint } from './code-fingerprint.js';
import type { CompileResult } from './compile.js';
import type { Diagnostic } from './diagnostics.js';
import { secretEnv } from './lints/rules/hardening/secret-patterns.js';
import { pruneOnce } from './load/load-cache.js';
import type { LoadedSpec } from './load/loaded-spec.js';

const FORMAT = 'trtforge-compile-cache/1';

type Entry = Omit<CompileResult, 'file' | 'displayFile' | 'source' | 'diagnostics'> & { diagnostics: Array<Omit<Diagnostic, 'file'>> };

/**
 * The compile result of a spec whose load result is cached (validate → resolve → lint → synth
 * skipped on a hit), keyed by its load key, where it sits in the repository, the compiler's code
 * and data ({@link codeFingerprint}) and the secret environment values the hardening lints
 * compare spec strings with (hashed with the rest; never stored). Best effort, like the load cache.
 */
export class CompileCache {
  private readonly dir: string;

  constructor(cacheDir: string, private readonly root: string) {
    this.dir = join(cacheDir, 'compile');
  }

  get(l: LoadedSpec): CompileResult | undefined {
    const path = this.entryPath(l);
    if (!path) return undefined;
    let entry: Entry;
    try {
      entry = deserialize(readFileSync(path)) as Entry;
    } catch {
      return undefined;
    }
    return { ...entry, file: l.file, displayFile: l.displayFile, source: l.source, diagnostics: entry.diagnostics.map((d) => ({ ...d, file: l.displayFile })) };
  }

  set(l: LoadedSpec, result: CompileResult): void {
    const target = this.entryPath(l);
    // An internal error is a bug being reported, not a result to replay.
    if (!target || result.diagnostics.some((d) => d.code === 'TRT001')) return;
    const { file: _f, displayFile: _d, source: _s, diagnostics, ...rest } = result;
    const entry: Entry = { ...rest, diagnostics: diagnostics.map(({ file: _file, ...d }) => d) };
    const temp = `${target}.${process.pid}.tmp`;
    try {
      const bytes = serialize(entry);
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(temp, bytes);
      renameSync(temp, target);
      pruneOnce(this.dir);
    } catch {
      try { unlinkSync(temp); } catch { /* never written */ }
    }
  }

  private entryPath(l: LoadedSpec): string | undefined {
    if (!l.cacheKey) return undefined;
    const specPath = relative(this.root, l.file).split('\\').join('/');
    const key = createHash('sha256').update(JSON.stringify([FORMAT, codeFingerprint(), l.cacheKey, specPath, secretEnv()])).digest('hex');
    return join(this.dir, `${key}.bin`);
  }
}
