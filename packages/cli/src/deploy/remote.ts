import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The OCI remote store contract deploy relies on (docs/concepts.md, "Kubernetes"): the host setting
 * `TRTFORGE_REMOTE_CACHE=oci://<registry>/<repository>`, and one artifact per store entry tagged
 * `<step>-<key>`, the key being the runner key the state dir's `<step>.manifest.json` records.
 */
export const REMOTE_ENV = 'TRTFORGE_REMOTE_CACHE';

export interface Remote {
  registry: string;
  repository: string;
}

/** Parses the setting; undefined when unset or not an oci:// reference (deploy reports it as missing). */
export function remoteFromEnv(env: Record<string, string | undefined>): Remote | undefined {
  const m = /^oci:\/\/([^/@]+)\/([a-z0-9][a-z0-9._/-]*)$/.exec((env[REMOTE_ENV] ?? '').trim());
  return m ? { registry: m[1]!, repository: m[2]!.replace(/\/+$/, '') } : undefined;
}

export const entryTag = (step: string, key: string): string => `${step}-${key}`;

/** The runner key of the entry this checkout last settled on for `step`, from its manifest. */
export function localKey(stateDir: string, step: string): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(stateDir, `${step}.manifest.json`), 'utf8')) as { key?: unknown };
    return typeof manifest.key === 'string' && /^[0-9a-f]{64}$/.test(manifest.key) ? manifest.key : undefined;
  } catch {
    return undefined;
  }
}

/** Total bytes of the entry the state dir's `<step>.manifest.json` records (its file list), if any. */
export function localEntryBytes(stateDir: string, step: string): number | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(stateDir, `${step}.manifest.json`), 'utf8')) as { files?: Array<{ bytes?: unknown }> };
    if (!Array.isArray(manifest.files)) return undefined;
    return manifest.files.reduce((sum, f) => sum + (typeof f.bytes === 'number' ? f.bytes : 0), 0);
  } catch {
    return undefined;
  }
}
