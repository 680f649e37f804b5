import { existsSync, lstatSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../cli-error.js';
import { assertFreeInLockfile, updateLockfile } from './lockfile.js';

/** The spec's `name` pattern (packages/spec/src/model.ts), which is also a valid unscoped npm package name. */
const NAME = /^[a-z0-9][a-z0-9._-]*$/;
/** npm refuses these as package names. */
const RESERVED = new Set(['node_modules', 'favicon.ico']);

/** A name for models/<name>/ that the spec, npm and turbo all accept, and that is not taken. */
export function assertNewModelName(root: string, name: string): void {
  if (!NAME.test(name) || name.length > 214 || RESERVED.has(name)) {
    throw new CliError(`invalid model name "${name}": use lower-case letters, digits, ".", "_" and "-", starting with a letter or digit (it names models/<name>/, the npm workspace and generated/<name>/)`);
  }
  if (existsSync(join(root, 'models', name))) throw new CliError(`models/${name}/ already exists: pick another name, or edit models/${name}/model.ts`);
  assertFreeInLockfile(root, name);
}

const present = (path: string): boolean => {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
};

const isOwnDirectory = (path: string): boolean => present(path) && lstatSync(path).isDirectory();

/**
 * What `trtforge new` and `trtforge import` do after scaffolding:
 * writes models/<name>/ (model.ts, package.json, turbo.json), links the workspace into
 * node_modules and adds it to package-lock.json — all or nothing. Returns whether the lockfile changed.
 */
export function writeModelWorkspace(root: string, name: string, files: Record<'model.ts' | 'package.json' | 'turbo.json', string>): boolean {
  const dir = join(root, 'models', name);
  const link = join(root, 'node_modules', name);
  // Only into this repository's own node_modules (a symlinked one belongs to another tree), and not over
  // an entry already there (lstat: a dangling link counts).
  const linked = isOwnDirectory(join(root, 'node_modules')) && !present(link);
  mkdirSync(dir, { recursive: true });
  try {
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    // What `npm install` would also do: link the workspace, so `npm ls` is clean before the next `npm ci`.
    if (linked) symlinkSync(join('..', 'models', name), link, 'dir');
    // Last, so a failure above leaves the lockfile as it was.
    const pkg = JSON.parse(files['package.json']) as { version: string; devDependencies: Record<string, string> };
    return updateLockfile(root, name, pkg);
  } catch (error) {
    // Nothing half-written.
    rmSync(dir, { recursive: true, force: true });
    if (linked) rmSync(link, { force: true });
    throw error;
  }
}
