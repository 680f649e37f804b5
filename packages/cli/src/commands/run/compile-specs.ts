import type { CompileResult } from '@trtforge/compiler';

/**
 * compileSpecs, loading only what it needs: specs whose results are cached come from the small
 * `@trtforge/compiler/cached` module; the compiler proper (and TypeScript, on a load-cache miss)
 * is imported only when one is not.
 */
export async function compile(root: string, files: readonly string[]): Promise<CompileResult[]> {
  const { compileFromCache } = await import('@trtforge/compiler/cached');
  const cached = compileFromCache(files, { root });
  if (cached) return cached;
  const { compileSpecs } = await import('@trtforge/compiler');
  return compileSpecs(files, { root });
}
