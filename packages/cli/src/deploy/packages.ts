import type * as Compiler from '@trtforge/compiler';
import type * as Spec from '@trtforge/spec';

let loaded: { compiler: typeof Compiler; spec: typeof Spec } | undefined;

/**
 * @trtforge/compiler (the artifact contract of the manifests) and @trtforge/spec (argv quoting), loaded
 * once before deploy's first step. They are ES modules, which the CLI's CommonJS bundle
 * (scripts/bundle.mjs) can only import(), never require.
 */
export async function loadDeployPackages(): Promise<void> {
  if (!loaded) {
    const [compiler, spec] = await Promise.all([import('@trtforge/compiler'), import('@trtforge/spec')]);
    loaded = { compiler, spec };
  }
}

function packages(): NonNullable<typeof loaded> {
  if (!loaded) throw new Error('internal: deploy used @trtforge/compiler or spec before loadDeployPackages()');
  return loaded;
}

export const unpinnedReferences: typeof Compiler.unpinnedReferences = (text) => packages().compiler.unpinnedReferences(text);
export const formatArgv: typeof Spec.formatArgv = (argv) => packages().spec.formatArgv(argv);
