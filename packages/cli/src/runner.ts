import type * as Runner from '@trtforge/runner';

let loaded: typeof Runner | undefined;

/**
 * @trtforge/runner (execa, listr2, the store: ~0.5 s of module loading), loaded once, before the
 * action of a command that runs steps (main.ts' preAction hook); `--help`, `compile` and `plan` never load it.
 */
export async function loadRunner(): Promise<typeof Runner> {
  loaded ??= await import('@trtforge/runner');
  return loaded;
}

/** The runner inside a command's action (loaded by then). */
export function runner(): typeof Runner {
  if (!loaded) throw new Error('internal: @trtforge/runner used before main() loaded it');
  return loaded;
}
