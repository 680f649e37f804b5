import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { RunnerError } from '../errors.js';
import type { FileHashMemo } from './file-memo.js';

/** Directories a dataset download carries that are not data (git and the Hub client's own cache). */
const SKIP = new Set(['.git', '.cache', '.huggingface']);

async function filesUnder(dir: string, root: string, out: string[]): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await filesUnder(path, root, out);
    else if (entry.isFile() || entry.isSymbolicLink()) out.push(relative(root, path));
  }
}

/**
 * The calibration dataset's part of the quantize key: a sha256 per file under the directory
 * (memoized by size+mtime), so a different dataset — or the same name with other rows — is another
 * checkpoint, and an unchanged one costs a stat per file.
 */
export async function datasetIdentity(dir: string, memo: FileHashMemo, signal?: AbortSignal): Promise<{ files: Record<string, string> }> {
  const names: string[] = [];
  try {
    await filesUnder(dir, dir, names);
  } catch {
    throw new RunnerError('input-missing', `calibration dataset ${dir} does not exist or cannot be read`, {
      hint: 'set quantization.calibDataset in the spec to a dataset directory on this host (huggingface-cli download --repo-type dataset <owner/name> --local-dir <dir>)',
    });
  }
  if (names.length === 0) throw new RunnerError('input-missing', `calibration dataset ${dir} is empty`, { hint: 'download the dataset into it, or point quantization.calibDataset elsewhere' });
  const files: Record<string, string> = {};
  for (const name of names.sort()) files[name] = await memo.hash(join(dir, name), signal);
  return { files };
}
