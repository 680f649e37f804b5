import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { CliError } from '../cli-error.js';
import { findRoot } from '../repo.js';
import { familyOf } from '../scaffold/family.js';
import { modelFiles } from '../scaffold/model-files.js';
import { freeServePorts } from '../scaffold/ports.js';
import { assertNewModelName, writeModelWorkspace } from '../scaffold/write-workspace.js';

interface ImportOptions { name: string; engine?: string; modelDir?: string; backend?: string }

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('turn a filled inflight_batcher_llm model repository (and its engine\'s config.json) into models/<name>/, listing every setting the spec cannot express')
    .argument('<model_repository>', 'directory holding preprocessing/, tensorrt_llm/, postprocessing/, ensemble/, tensorrt_llm_bls/ with their config.pbtxt')
    .requiredOption('--name <name>', 'the new model\'s name (models/<name>/)')
    .option('--engine <dir>', 'the engine directory: its config.json gives the build settings')
    .option('--model-dir <dir>', 'the Hugging Face model directory on this host (the repository cannot say)')
    .option('--backend <version>', 'tensorrtllm_backend release whose templates to read (default: the one that explains the configs best)')
    .action(async (repository: string, opts: ImportOptions, cmd: Command) => {
      const root = findRoot(cmd.optsWithGlobals<{ root?: string }>().root);
      assertNewModelName(root, opts.name);
      const { importRepository, MODEL_NAMES, renderSpecSource, supportedBackendVersions } = await import('@trtforge/compiler');
      if (opts.backend && !supportedBackendVersions().includes(opts.backend)) throw new CliError(`--backend ${opts.backend}: not a supported release (${supportedBackendVersions().join(', ')})`);
      const dir = resolve(repository);
      if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`${repository}: no such directory`);
      const configs: Record<string, string> = {};
      for (const model of MODEL_NAMES) {
        const file = join(dir, model, 'config.pbtxt');
        if (existsSync(file)) configs[model] = readFileSync(file, 'utf8');
      }
      if (Object.keys(configs).length === 0) throw new CliError(`${repository}: no <model>/config.pbtxt of an inflight_batcher_llm repository (${MODEL_NAMES.join(', ')})`);
      let engineConfig: unknown;
      if (opts.engine) {
        const file = join(resolve(opts.engine), 'config.json');
        try {
          engineConfig = JSON.parse(readFileSync(file, 'utf8'));
        } catch (err) {
          throw new CliError(`--engine ${opts.engine}: cannot read ${file} as JSON (${(err as Error).message.split('\n')[0]})`);
        }
      }
      const modelDir = opts.modelDir === undefined ? undefined : ((hf) => { const r = relative(root, hf); return r && !r.startsWith('..') && !isAbsolute(r) ? r : hf; })(resolve(opts.modelDir));
      // The weights directory says whether they are already quantized (a ModelOpt marker file the release data names).
      const readModelDirFile = opts.modelDir === undefined ? undefined : (name: string): unknown => {
        const file = join(resolve(opts.modelDir!), name);
        if (!existsSync(file)) return undefined;
        try {
          return JSON.parse(readFileSync(file, 'utf8'));
        } catch (err) {
          throw new CliError(`--model-dir ${opts.modelDir}: cannot read ${name} as JSON (${(err as Error).message.split('\n')[0]})`);
        }
      };
      // The family as `new --model-dir` reads it, when the directory has a config.json (else import lists the default it assumes).
      const family = opts.modelDir !== undefined && existsSync(join(resolve(opts.modelDir), 'config.json')) ? (await familyOf(resolve(opts.modelDir))).family : undefined;
      let result;
      try {
        result = importRepository({ ...(family ? { family } : {}), name: opts.name, configs, ...(engineConfig !== undefined ? { engineConfig } : {}), ...(modelDir ? { modelDir } : {}), ...(readModelDirFile ? { readModelDirFile } : {}), ...(opts.backend ? { backendVersion: opts.backend } : {}) });
      } catch (err) {
        if (err instanceof CliError) throw err;
        throw new CliError(`${repository}: ${(err as Error).message}`);
      }
      // Ports no other model here uses, as `trtforge new` picks them (an unfiltered `turbo run serve` starts them together).
      const spec: Record<string, unknown> & { serve: { ports: ReturnType<typeof freeServePorts> } } = { ...result.spec, serve: { ...(result.spec.serve as object | undefined), ports: freeServePorts(root) } };
      // The origin as the user named it, never an absolute machine path in the repository.
      const origin = isAbsolute(repository) ? `…/${basename(dir)}` : repository;
      const scaffold = modelFiles({ name: opts.name, modelDir: String((spec.source as { modelDir: string }).modelDir), ports: spec.serve.ports });
      const locked = writeModelWorkspace(root, opts.name, { ...scaffold, 'model.ts': renderSpecSource(spec, `${origin} (tensorrtllm_backend v${result.backendVersion} templates)`, result.unexpressed) });
      process.stdout.write(`${pc.green('✓')} models/${opts.name}/ (model.ts, package.json, turbo.json)${locked ? '; package-lock.json updated' : ''}\n`);
      if (result.unexpressed.length > 0) {
        process.stdout.write(`  not expressed (${result.unexpressed.length}; also listed at the top of model.ts):\n${result.unexpressed.map((u) => `    - ${u}\n`).join('')}`);
      } else {
        process.stdout.write('  every setting of the repository is expressed\n');
      }
      process.stdout.write(`  next: \`npx trtforge compile ${opts.name}\` and \`npx trtforge diff\`\n`);
    });
}
