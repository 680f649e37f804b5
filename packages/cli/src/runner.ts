import type * as Client from '@trtforge/client';
import type * as Runner from '@trtforge/runner';
import type * as Spec from '@trtforge/spec';

interface Modules {
  runner: typeof Runner;
  client: typeof Client;
  spec: typeof Spec;
}

let loaded: Modules | undefined;

/**
 * @trtforge/runner (execa, listr2, the store), @trtforge/client and @trtforge/spec, loaded once,
 * before the action of a command that runs steps or talks to a server (main.ts' preAction hook,
 * or runInfer when called directly): `--help`, `compile` and `plan` never load them.
 */
export async function loadRunModules(): Promise<Modules> {
  if (!loaded) {
    const [runnerModule, clientModule, specModule] = await Promise.all([import('@trtforge/runner'), import('@trtforge/client'), import('@trtforge/spec')]);
    loaded = { runner: runnerModule, client: clientModule, spec: specModule };
  }
  return loaded;
}

function modules(): Modules {
  if (!loaded) throw new Error('internal: @trtforge/runner, client or spec used before main() loaded them');
  return loaded;
}

/** The runner inside a command's action (loaded by then). */
export const runner = (): typeof Runner => modules().runner;
/** The client inside a command's action (loaded by then). */
export const client = (): typeof Client => modules().client;
/** The spec API inside a command's action (loaded by then). */
export const spec = (): typeof Spec => modules().spec;
/** The runner when a command loaded it, else undefined (error reporting shared with commands that never load it). */
export const runnerIfLoaded = (): typeof Runner | undefined => loaded?.runner;
