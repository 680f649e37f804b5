import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CliError } from './cli-error.js';

/** The repository root: --root, or the nearest ancestor of cwd that has a models/ directory. */
export function findRoot(explicit?: string): string {
  if (explicit) return resolve(explicit);
  let dir = process.cwd();
  for (;;) {
    if (existsSync(join(dir, 'models')) && existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new CliError('no trtforge repository here (no models/ directory in this folder or above); pass --root <dir>');
    dir = up;
  }
}

/** models/<name>/model.ts for the given names, or for every model when none are given. */
export function specFiles(root: string, names: readonly string[]): string[] {
  const modelsDir = join(root, 'models');
  const all = readdirSync(modelsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(modelsDir, e.name, 'model.ts')))
    .map((e) => e.name)
    .sort();
  if (names.length === 0) return all.map((n) => join(modelsDir, n, 'model.ts'));
  return names.map((n) => {
    if (!all.includes(n)) {
      throw new CliError(`no model "${n}": expected models/${n}/model.ts${all.length ? ` (models: ${all.join(', ')})` : ''}`);
    }
    return join(modelsDir, n, 'model.ts');
  });
}
