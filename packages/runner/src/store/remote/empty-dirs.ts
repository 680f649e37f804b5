import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

/**
 * Manifest annotation listing an entry's empty directories (JSON array of relative paths). A
 * layer is a file, so an empty directory has none; the model repository needs its ensemble's
 * empty version directory (`ensemble/1`: Triton loads no model without one), so a pull recreates them.
 */
export const EMPTY_DIRS = 'dev.trtforge.empty-dirs';

/** Every directory under `root` that holds nothing at all, sorted; Python's derived __pycache__ is not content. */
export async function emptyDirs(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).filter((d) => !(d.isDirectory() && d.name === '__pycache__'));
    if (entries.length === 0 && dir !== root) out.push(relative(root, dir));
    for (const d of entries) if (d.isDirectory()) await walk(join(dir, d.name));
  };
  await walk(root);
  return out.sort();
}
