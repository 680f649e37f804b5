import { RunnerError } from '../../errors.js';

/**
 * Where the remote tier lives: `TRTFORGE_REMOTE_CACHE=oci://<registry>/<repository>`. A host
 * setting only — never in a spec, never in a key (the same engine has the same key whichever
 * registry holds it).
 */
export interface RemoteTarget {
  /** `host[:port]`, as docker writes it (and as ~/.docker/config.json keys it). */
  registry: string;
  /** `team/engines`: lower-case path components, as the distribution spec requires. */
  repository: string;
  /** http only on loopback (as docker does), or when TRTFORGE_REMOTE_INSECURE names the registry. */
  scheme: 'http' | 'https';
}

export const REMOTE_ENV = 'TRTFORGE_REMOTE_CACHE';
/** Comma-separated registries (`host:port`) that may be reached over plain HTTP although not on loopback. */
export const INSECURE_ENV = 'TRTFORGE_REMOTE_INSECURE';

// The distribution spec's repository name grammar (path components of [a-z0-9] separated by . _ __ -).
const REPOSITORY = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const REGISTRY = /^(?:\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?$/;

export function isLoopback(registry: string): boolean {
  const host = registry.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Parses the host setting; undefined when it is unset or empty. Bad values fail with what was expected. */
export function parseRemote(value: string | undefined, env: Record<string, string | undefined> = {}): RemoteTarget | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  // A login pasted into the setting is never echoed back.
  const shown = value.replace(/\/\/[^/@]*@/, '//***@');
  const bad = (why: string): RunnerError =>
    new RunnerError('bad-remote', `${REMOTE_ENV}=${shown}: ${why}`, { hint: 'expected oci://<registry>[:port]/<repository>, e.g. oci://127.0.0.1:5000/trtforge/engines' });
  const match = /^oci:\/\/([^/]+)\/(.+)$/.exec(value.trim());
  if (!match) throw bad('not an oci:// reference');
  const registry = match[1]!;
  const repository = match[2]!.replace(/\/+$/, '');
  if (/@/.test(registry)) throw bad('credentials do not belong in the setting (use ~/.docker/config.json, REGISTRY_AUTH_FILE or TRTFORGE_REGISTRY_USER/TRTFORGE_REGISTRY_PASSWORD)');
  if (!REGISTRY.test(registry)) throw bad(`"${registry}" is not a registry host[:port]`);
  if (!REPOSITORY.test(repository)) throw bad(`"${repository}" is not a repository name (lower-case letters, digits, . _ - separated by /)`);
  const insecure = (env[INSECURE_ENV] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return { registry, repository, scheme: isLoopback(registry) || insecure.includes(registry) ? 'http' : 'https' };
}

/** The tag of a step's entry: `<step>-<key>` (a 64-hex key keeps it well under the 128-character tag limit). */
export function entryTag(step: string, key: string): string {
  return `${step}-${key}`;
}

/**
 * The OCI reference of a step's entry, for anything that pulls it outside trtforge (a Kubernetes
 * image volume or init container): `registry/repository@sha256:…` once the manifest digest is
 * known (after a push or a look-up), else `registry/repository:<step>-<key>`. Pin by digest where
 * you can: a tag can be pushed again, a digest cannot change.
 */
export function entryReference(target: Pick<RemoteTarget, 'registry' | 'repository'>, step: string, key: string, digest?: string): string {
  return digest ? `${target.registry}/${target.repository}@${digest}` : `${target.registry}/${target.repository}:${entryTag(step, key)}`;
}

export function describeRemote(target: RemoteTarget): string {
  return `oci://${target.registry}/${target.repository}`;
}
