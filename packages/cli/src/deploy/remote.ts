import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// The runner's own parsing and naming of the remote store (one small module, not the whole runner:
// deploy starts without loading execa, listr2 or the store).
import { entryReference, entryTag, parseRemote, REMOTE_ENV, type RemoteTarget } from '@trtforge/runner/remote-reference';

export { entryReference, entryTag, REMOTE_ENV };
export type Remote = RemoteTarget;

/**
 * The OCI remote store deploy relies on (docs/concepts.md, "Kubernetes"): the host setting
 * TRTFORGE_REMOTE_CACHE, parsed exactly as the runner parses it when it pushes, so the tag deploy
 * resolves is the tag the runner wrote. Unset: nothing; a bad value: the runner's message (deploy
 * reports it as missing).
 */
export function remoteFromEnv(env: Record<string, string | undefined>): { remote?: Remote; problem?: string } {
  try {
    const remote = parseRemote(env[REMOTE_ENV], env);
    return remote ? { remote } : {};
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

/** `registry/repository`: what every reference to an entry starts with. */
export const repositoryOf = (remote: Remote): string => `${remote.registry}/${remote.repository}`;

/** `oras` reaches a registry over plain HTTP only when told: the runner does so on loopback (and for TRTFORGE_REMOTE_INSECURE). */
export const orasFlags = (remote: Remote | undefined): string[] => (remote?.scheme === 'http' ? ['--plain-http'] : []);

/** The state dir's `<step>.manifest.json`, when it is there and parses. */
function manifestOf(stateDir: string, step: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(join(stateDir, `${step}.manifest.json`), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The runner key of the entry this checkout last settled on for `step`, from its manifest. */
export function localKey(stateDir: string, step: string): string | undefined {
  const key = manifestOf(stateDir, step)?.key;
  return typeof key === 'string' && /^[0-9a-f]{64}$/.test(key) ? key : undefined;
}

/**
 * Whether the model repository this checkout recorded was assembled for the `local` runtime: its
 * configs then name this host's paths (its key records them), which no pod has.
 */
export function repositoryNamesHostPaths(stateDir: string): boolean {
  const components = manifestOf(stateDir, 'repo')?.components as { hostPaths?: unknown } | undefined;
  return components?.hostPaths !== undefined && components.hostPaths !== null;
}

/** Total bytes of the entry the state dir's `<step>.manifest.json` records (its file list), if any. */
export function localEntryBytes(stateDir: string, step: string): number | undefined {
  const files = manifestOf(stateDir, step)?.files as Array<{ bytes?: unknown }> | undefined;
  if (!Array.isArray(files)) return undefined;
  return files.reduce((sum, f) => sum + (typeof f.bytes === 'number' ? f.bytes : 0), 0);
}
