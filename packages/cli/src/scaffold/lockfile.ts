import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../cli-error.js';

const taken = (name: string): CliError =>
  new CliError(`"${name}" is already a package in this repository's node_modules (a dependency or another workspace): pick another name`);

interface Lockfile {
  lockfileVersion?: number;
  packages?: Record<string, Record<string, unknown>>;
}

/**
 * Adds the workspace `models/<name>` to package-lock.json exactly as `npm install
 * --package-lock-only` writes it (the test compares the two), so the next `npm ci` accepts the
 * lockfile: a `models/<name>` entry with its version and devDependencies, a `node_modules/<name>`
 * link, and `packages` keys in npm's order (locale compare, the root first).
 */
export function lockWithWorkspace(lockText: string, name: string, pkg: { version: string; devDependencies: Record<string, string> }): string {
  const lock = JSON.parse(lockText) as Lockfile;
  if (lock.lockfileVersion !== 3 || !lock.packages) throw new CliError('package-lock.json: expected lockfileVersion 3 with a "packages" map (npm ≥ 9); run `npm install` once');
  if (lock.packages[`node_modules/${name}`]) {
    throw taken(name);
  }
  const packages: Record<string, Record<string, unknown>> = { ...lock.packages };
  packages[`models/${name}`] = { version: pkg.version, devDependencies: pkg.devDependencies };
  packages[`node_modules/${name}`] = { resolved: `models/${name}`, link: true };
  const sorted: Record<string, Record<string, unknown>> = {};
  for (const key of Object.keys(packages).sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en')))) sorted[key] = packages[key]!;
  return `${JSON.stringify({ ...lock, packages: sorted }, null, 2)}\n`;
}

/** Refuses a name npm already resolves to something else, before any file is written. */
export function assertFreeInLockfile(root: string, name: string): void {
  const path = join(root, 'package-lock.json');
  if (!existsSync(path)) return;
  const lock = JSON.parse(readFileSync(path, 'utf8')) as Lockfile;
  if (lock.packages?.[`node_modules/${name}`]) {
    throw taken(name);
  }
}

export function updateLockfile(root: string, name: string, pkg: { version: string; devDependencies: Record<string, string> }): boolean {
  const path = join(root, 'package-lock.json');
  if (!existsSync(path)) return false;
  writeFileSync(path, lockWithWorkspace(readFileSync(path, 'utf8'), name, pkg));
  return true;
}
