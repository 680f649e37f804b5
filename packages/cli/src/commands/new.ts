import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { CliError } from '../cli-error.js';
import { findRoot } from '../repo.js';
import { familyOf } from '../scaffold/family.js';
import { assertFreeInLockfile, updateLockfile } from '../scaffold/lockfile.js';
import { modelFiles } from '../scaffold/model-files.js';
import { freeServePorts } from '../scaffold/ports.js';

/** The spec's `name` pattern (packages/spec/src/model.ts), which is also a valid unscoped npm package name. */
const NAME = /^[a-z0-9][a-z0-9._-]*$/;
/** npm refuses these as package names. */
const RESERVED = new Set(['node_modules', 'favicon.ico']);

export function registerNew(program: Command): void {
  program
    .command('new')
    .description('scaffold models/<name>/ (model.ts, package.json, turbo.json) and add it to package-lock.json')
    .argument('<name>', 'model name: lower-case letters, digits, ".", "_", "-"')
    .option('--model-dir <dir>', 'Hugging Face model directory on this host (its config.json gives the family)')
    .action(async (name: string, opts: { modelDir?: string }, cmd: Command) => {
      const root = findRoot(cmd.optsWithGlobals<{ root?: string }>().root);
      if (!NAME.test(name) || name.length > 214 || RESERVED.has(name)) {
        throw new CliError(`invalid model name "${name}": use lower-case letters, digits, ".", "_" and "-", starting with a letter or digit (it names models/<name>/, the npm workspace and generated/<name>/)`);
      }
      const dir = join(root, 'models', name);
      if (existsSync(dir)) throw new CliError(`models/${name}/ already exists: pick another name, or edit models/${name}/model.ts`);
      assertFreeInLockfile(root, name);
      const hf = opts.modelDir === undefined ? undefined : resolve(opts.modelDir);
      const family = hf === undefined ? undefined : await familyOf(hf);
      // Inside the repository: relative to its root (the spec's convention); elsewhere absolute.
      const inRepo = hf === undefined ? undefined : relative(root, hf);
      const modelDir = hf === undefined ? `/models/${name}` : inRepo && !inRepo.startsWith('..') && !isAbsolute(inRepo) ? inRepo : hf;
      const files = modelFiles({ name, modelDir, ...(family ? { family: family.family } : {}), ports: freeServePorts(root) });
      const link = join(root, 'node_modules', name);
      const linked = existsSync(join(root, 'node_modules')) && !existsSync(link);
      mkdirSync(dir, { recursive: true });
      try {
        for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
        // What `npm install` would also do: link the workspace, so `npm ls` is clean before the next `npm ci`.
        if (linked) symlinkSync(join('..', 'models', name), link, 'dir');
        // Last, so a failure above leaves the lockfile as it was.
        const pkg = JSON.parse(files['package.json']) as { version: string; devDependencies: Record<string, string> };
        const locked = updateLockfile(root, name, pkg);
        process.stdout.write(`${pc.green('✓')} models/${name}/ (model.ts, package.json, turbo.json)${locked ? '; package-lock.json updated' : ''}\n`);
      } catch (error) {
        // Nothing half-written.
        rmSync(dir, { recursive: true, force: true });
        if (linked) rmSync(link, { force: true });
        throw error;
      }
      if (family) process.stdout.write(`  family ${family.family} (config.json model_type "${family.modelType}")\n`);
      else process.stdout.write(`  source.modelDir is a placeholder (/models/${name}): set it, or pass --model-dir next time\n`);
      process.stdout.write(`  next: edit models/${name}/model.ts, then \`npx trtforge compile ${name}\` and \`npx trtforge plan ${name}\`\n`);
    });
}
