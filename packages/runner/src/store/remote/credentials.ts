import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** A registry login. `from` says where it was found (printed; the values never are). */
export interface Credentials {
  username: string;
  password: string;
  from: string;
}

export const USER_ENV = 'TRTFORGE_REGISTRY_USER';
export const PASSWORD_ENV = 'TRTFORGE_REGISTRY_PASSWORD';

interface AuthFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string }>;
}

/** The keys docker and podman use for a registry: `host:port`, with or without a scheme and /v1/ or /v2/ path. */
function matchesRegistry(key: string, registry: string): boolean {
  const bare = key.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
  return bare === registry || (registry === 'docker.io' && bare === 'index.docker.io');
}

async function fromAuthFile(path: string, registry: string, label: string): Promise<Credentials | undefined> {
  let parsed: AuthFile;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8')) as AuthFile;
  } catch {
    return undefined; // absent or unreadable: the next source is asked (a broken file is the tool's that wrote it)
  }
  for (const [key, value] of Object.entries(parsed.auths ?? {})) {
    if (!matchesRegistry(key, registry)) continue;
    if (value.username && value.password) return { username: value.username, password: value.password, from: label };
    if (value.auth) {
      const decoded = Buffer.from(value.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), from: label };
    }
  }
  return undefined;
}

/**
 * The login for `registry`, from the usual places in this order: TRTFORGE_REGISTRY_USER +
 * TRTFORGE_REGISTRY_PASSWORD; REGISTRY_AUTH_FILE (containers-auth.json, as podman/skopeo use);
 * $XDG_RUNTIME_DIR/containers/auth.json (podman login's default); $DOCKER_CONFIG/config.json or
 * ~/.docker/config.json (docker login). Credential helpers (`credsStore`) are not run: export the
 * login with `docker login` into a file without a helper, or use the env variables.
 */
export async function findCredentials(registry: string, env: Record<string, string | undefined>): Promise<Credentials | undefined> {
  const user = env[USER_ENV];
  const password = env[PASSWORD_ENV];
  if (user && password) return { username: user, password, from: `${USER_ENV}/${PASSWORD_ENV}` };
  const files: Array<[string, string]> = [];
  if (env.REGISTRY_AUTH_FILE) files.push([env.REGISTRY_AUTH_FILE, 'REGISTRY_AUTH_FILE']);
  if (env.XDG_RUNTIME_DIR) files.push([join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json'), '$XDG_RUNTIME_DIR/containers/auth.json']);
  files.push([join(env.DOCKER_CONFIG ?? join(env.HOME || homedir(), '.docker'), 'config.json'), env.DOCKER_CONFIG ? '$DOCKER_CONFIG/config.json' : '~/.docker/config.json']);
  for (const [path, label] of files) {
    const found = await fromAuthFile(path, registry, label);
    if (found) return found;
  }
  return undefined;
}

/** A `WWW-Authenticate` challenge: `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`. */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

export function parseChallenge(header: string | null): Challenge | undefined {
  if (!header) return undefined;
  const space = header.indexOf(' ');
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const params: Record<string, string> = {};
  const rest = space < 0 ? '' : header.slice(space + 1);
  for (const m of rest.matchAll(/([A-Za-z_]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) params[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
  return { scheme, params };
}
