import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './paths.js';

/**
 * A copy of this repository's workspace skeleton: the root package.json, lockfile and turbo.json,
 * every workspace's package.json (and models' model.ts / turbo.json), generated/, and a node_modules
 * made of links to the real entries — so commands that add to node_modules (`trtforge new`) change
 * the copy, never the real checkout.
 */
export function copyRepository(prefix = 'trtforge-copy-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const file of ['package.json', 'package-lock.json', 'turbo.json', 'tsconfig.base.json']) cpSync(join(ROOT, file), join(dir, file));
  for (const parent of ['packages', 'models']) {
    for (const name of readdirSync(join(ROOT, parent))) {
      if (!existsSync(join(ROOT, parent, name, 'package.json'))) continue;
      mkdirSync(join(dir, parent, name), { recursive: true });
      for (const file of ['package.json', 'model.ts', 'turbo.json']) if (existsSync(join(ROOT, parent, name, file))) cpSync(join(ROOT, parent, name, file), join(dir, parent, name, file));
    }
  }
  mkdirSync(join(dir, 'test'));
  cpSync(join(ROOT, 'test/package.json'), join(dir, 'test/package.json'));
  cpSync(join(ROOT, 'generated'), join(dir, 'generated'), { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (!entry.startsWith('.')) symlinkSync(join(ROOT, 'node_modules', entry), join(dir, 'node_modules', entry));
  }
  return dir;
}
