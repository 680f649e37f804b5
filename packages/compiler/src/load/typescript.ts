import { createRequire } from 'node:module';
import type * as TS from 'typescript';
import { requireCodeCached } from './code-cache.js';

let loaded: typeof TS | undefined;
let unsaved: (() => void) | undefined;

/**
 * The TypeScript compiler (9 MB of JavaScript, most of a cache miss), loaded on first use so that a
 * compile whose specs all hit the load cache never pays for it. require(), not import: ESM-importing
 * this CommonJS file is slower on Node 20, and require() is what V8's compile cache hooks into.
 * With a cache directory and no Node compile cache (Node 20), its compiled code is cached there
 * (code-cache.ts); saveTypescriptCodeCache() writes it once the type-check has run.
 */
export function typescript(codeCacheDir?: string): typeof TS {
  if (loaded) return loaded;
  const cached = codeCacheDir ? requireCodeCached<typeof TS>('typescript', import.meta.url, codeCacheDir) : undefined;
  unsaved = cached?.save;
  loaded = cached?.exports ?? (createRequire(import.meta.url)('typescript') as typeof TS);
  return loaded;
}

/** Keeps TypeScript's compiled code for the next process (when typescript() loaded it with a code cache that was missing). */
export function saveTypescriptCodeCache(): void {
  unsaved?.();
  unsaved = undefined;
}
