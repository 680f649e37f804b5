import type * as Client from '@trtforge/client';
import type * as Runner from '@trtforge/runner';
import type * as Spec from '@trtforge/spec';

interface RunModules {
  runner: typeof Runner;
  spec: typeof Spec;
}

let loaded: RunModules | undefined;
let loadedClient: typeof Client | undefined;

/**
 * @trtforge/runner (execa, listr2, the store) and @trtforge/spec, loaded once, before the action of
 * a command that runs steps (main.ts' preAction hook): `--help`, `compile`, `plan` and `infer` never
 * load them.
 */
export async function loadRunModules(): Promise<void> {
  if (!loaded) {
    const [runnerModule, specModule] = await Promise.all([import('@trtforge/runner'), import('@trtforge/spec')]);
    loaded = { runner: runnerModule, spec: specModule };
  }
}

/**
 * @trtforge/client, loaded once by what talks to a server (infer, serve's smoke request once the
 * server is ready): `serve --until-started`, build and convert never load it.
 */
export async function loadClient(): Promise<typeof Client> {
  return (loadedClient ??= await import('@trtforge/client'));
}

function modules(): RunModules {
  if (!loaded) throw new Error('internal: @trtforge/runner or spec used before main() loaded them');
  return loaded;
}

/** The runner inside a command's action (loaded by then). */
export const runner = (): typeof Runner => modules().runner;
/** The client, once loadClient() loaded it. */
export const client = (): typeof Client => {
  if (!loadedClient) throw new Error('internal: @trtforge/client used before loadClient()');
  return loadedClient;
};
/** The spec API inside a command's action (loaded by then). */
export const spec = (): typeof Spec => modules().spec;
/** The runner when a command loaded it, else undefined (error reporting shared with commands that never load it). */
export const runnerIfLoaded = (): typeof Runner | undefined => loaded?.runner;
