import type { Store } from '../store.js';
import type { EntryTier } from './entry-tier.js';
import { OciTier } from './oci-tier.js';

export type { EntryTier } from './entry-tier.js';
import { parseRemote, REMOTE_ENV } from './reference.js';

/** Env setting for the PATCH size of uploads (bytes); the default is 64 MiB. Tests use small chunks to interrupt mid-blob. */
export const CHUNK_ENV = 'TRTFORGE_REMOTE_CHUNK_BYTES';

/**
 * The remote tier configured on this host (TRTFORGE_REMOTE_CACHE), or undefined. It never comes
 * from a spec or a plan, and it is not a key component: where an entry is kept does not change it.
 */
export function remoteTierFromEnv(env: Record<string, string | undefined>, store: Store): EntryTier | undefined {
  const target = parseRemote(env[REMOTE_ENV], env);
  if (!target) return undefined;
  const chunk = Number(env[CHUNK_ENV]);
  return new OciTier(target, store, env, Number.isInteger(chunk) && chunk > 0 ? { chunkBytes: chunk } : {});
}
