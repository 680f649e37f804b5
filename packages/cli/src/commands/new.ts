import { isAbsolute, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { findRoot } from '../repo.js';
import { familyOf } from '../scaffold/family.js';
import { modelFiles } from '../scaffold/model-files.js';
import { freeServePorts } from '../scaffold/ports.js';
import { assertNewModelName, writeModelWorkspace } from '../scaffold/write-workspace.js';

export function registerNew(program: Command): void {
  program
    .command('new')
    .description('scaffold models/<name>/ (model.ts, package.json, turbo.json) and add it to package-lock.json')
    .argument('<name>', 'model name: lower-case letters, digits, ".", "_", "-"')
    .option('--model-dir <dir>', 'Hugging Face model directory on this host (its config.json gives the family)')
    .action(async (name: string, opts: { modelDir?: string }, cmd: Command) => {
      const root = findRoot(cmd.optsWithGlobals<{ root?: string }>().root);
      assertNewModelName(root, name);
      const hf = opts.modelDir === undefined ? undefined : resolve(opts.modelDir);
      const family = hf === undefined ? undefined : await familyOf(hf);
      // Inside the repository: relative to its root (the spec's convention); elsewhere absolute.
      const inRepo = hf === undefined ? undefined : relative(root, hf);
      const modelDir = hf === undefined ? `/models/${name}` : inRepo && !inRepo.startsWith('..') && !isAbsolute(inRepo) ? inRepo : hf;
      const files = modelFiles({ name, modelDir, ...(family ? { family: family.family } : {}), ports: freeServePorts(root) });
      const locked = writeModelWorkspace(root, name, files);
      process.stdout.write(`${pc.green('✓')} models/${name}/ (model.ts, package.json, turbo.json)${locked ? '; package-lock.json updated' : ''}\n`);
      if (family) process.stdout.write(`  family ${family.family} (config.json model_type "${family.modelType}")\n`);
      else process.stdout.write(`  source.modelDir is a placeholder (/models/${name}): set it, or pass --model-dir next time\n`);
      process.stdout.write(`  next: edit models/${name}/model.ts, then \`npx trtforge compile ${name}\` and \`npx trtforge plan ${name}\`\n`);
    });
}
