import { join } from 'node:path';

/**
 * Where the load cache lives: `$TRTFORGE_COMPILE_CACHE` (a directory, or `off`), else the
 * repository's `node_modules/.cache/trtforge` (the usual place for tool caches, never committed).
 */
export function defaultCacheDir(root: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const setting = env.TRTFORGE_COMPILE_CACHE;
  if (setting === 'off' || setting === '0' || setting === 'false') return undefined;
  if (setting) return setting;
  return join(root, 'node_modules', '.cache', 'trtforge');
}

/** Where V8's compiled code of TypeScript itself is kept (load/code-cache.ts). */
export function typescriptCodeCacheDir(cacheDir: string): string {
  return join(cacheDir, 'v8');
}

/** Where V8's compiled code of the CommonJS modules a CLI compile loads is kept (load/module-code-cache.ts). */
export function moduleCodeCacheDir(cacheDir: string): string {
  return join(cacheDir, 'v8', 'modules');
}
