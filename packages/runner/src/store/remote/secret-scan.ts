import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SECRET_SHAPES } from '@trtforge/spec';
import { RunnerError } from '../../errors.js';
import type { StoreEntry } from '../store.js';

/**
 * Entries whose files are read for secrets before they leave the host. The model repository is
 * small text (config.pbtxt, the backend's model.py files) that a cluster pulls by name; engines and
 * checkpoints are gigabytes of weights written by NVIDIA's tools from the plan, never from the env.
 */
export const SCANNED_STEPS: ReadonlySet<string> = new Set(['repo']);

/** A large file is searched in overlapping pieces of this size (no match is cut), never as one huge string. */
const PIECE = 4 * 1024 * 1024;

/** What looks like a secret in `text`: a credential shape (secrets.ts) or one of this run's secret values. */
function findSecret(text: string, values: readonly string[]): string | undefined {
  for (const { name, pattern } of SECRET_SHAPES) if (new RegExp(pattern.source, pattern.flags.replace('g', '')).test(text)) return name;
  if (values.some((v) => v && text.includes(v))) return 'the value of a secret environment variable of this host';
  return undefined;
}

/**
 * Refuses to push an entry of a {@link SCANNED_STEPS} step when a file holds what the secret policy
 * (packages/spec/src/secrets.ts) calls a secret: a registry is shared, and whoever can pull can read.
 * The message names the file and the kind of secret, never the value.
 */
export async function assertNoSecrets(entry: StoreEntry, values: readonly string[]): Promise<void> {
  if (!SCANNED_STEPS.has(entry.step)) return;
  const overlap = Math.max(64, ...values.map((v) => v.length));
  for (const f of entry.meta.files) {
    let data: Buffer;
    try {
      data = await readFile(join(entry.out, f.path));
    } catch {
      continue; // a symlink out of the entry or a file gone: the push itself reports what is missing
    }
    for (let at = 0; at < Math.max(1, data.length); at += PIECE) {
      const what = findSecret(data.subarray(at, at + PIECE + overlap).toString('latin1'), values);
      if (what) {
        throw new RunnerError('remote-secret', `refusing to push the ${entry.step} entry ${entry.key.slice(0, 12)}: ${f.path} holds what looks like ${what}`, {
          hint: 'a model repository is pulled by every node of a cluster: keep secrets out of it (Kubernetes passes them by secretKeyRef); find where it came from (the spec, the tensorrtllm_backend checkout) and remove it',
        });
      }
    }
  }
}
