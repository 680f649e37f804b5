import { resolve } from 'node:path';
import type { CompileResult } from '@trtforge/compiler';

/**
 * compileSpecs, with the compiler imported on first use (TypeScript itself loads only when a spec
 * misses the load cache). A whole-repository compile also runs the repository-level rules: every
 * spec together is what an unfiltered `turbo run serve` starts (ports, GPUs).
 */
export async function compile(root: string, files: readonly string[], opts: { wholeRepository: boolean }): Promise<CompileResult[]> {
  if (!opts.wholeRepository) {
    // Unchanged specs come from the caches without loading the compiler's stages at all.
    const { reuseCompiled } = await import('@trtforge/compiler/cached');
    const reused = reuseCompiled(files, { root });
    if (reused) return reused;
  }
  // The Kubernetes manifests' memo, and cdk8s loading on a second thread while this one loads the compiler's stages.
  // One cache directory for both (compileSpecs' own start of the thread is then a no-op).
  const { defaultCacheDir, startKubernetesThread } = await import('@trtforge/compiler/kubernetes-thread');
  const cacheDir = defaultCacheDir(root);
  startKubernetesThread(root, files.map((f) => resolve(f)), cacheDir);
  const { checkRepository, compileSpecs } = await import('@trtforge/compiler');
  const compiled = compileSpecs(files, { root, cacheDir: cacheDir ?? false, cliProcess: true });
  return opts.wholeRepository ? checkRepository(compiled) : compiled;
}
