import { Option, type Command } from 'commander';
import type { RunOptions, SourceName } from '@trtforge/runner';
import { runner } from '../../runner.js';
import { findRoot } from '../../repo.js';

/** Flags shared by convert, build, serve and doctor. */
export interface RunFlags {
  runtime?: string;
  store?: string;
  plan?: string;
  root?: string;
  stateDir?: string;
  modelDir?: string;
  tokenizerDir?: string;
  srcTensorrtllm?: string;
  srcBackend?: string;
  srcServer?: string;
  dryRun?: boolean;
  debug?: boolean;
  /** false with --no-push */
  push?: boolean;
}

export function addRunOptions(command: Command, { dryRun = true, push = true }: { dryRun?: boolean; push?: boolean } = {}): Command {
  command
    .addOption(new Option('--runtime <name>', 'where processes run: docker, podman, local (inside the NGC image) or auto').env('TRTFORGE_RUNTIME'))
    .addOption(new Option('--store <dir>', 'content-addressed store of checkpoints, engines and repositories (default ~/.cache/trtforge)').env('TRTFORGE_STORE'))
    .option('--plan <file>', 'plan to run (default generated/<model>/plan.json)')
    .option('--state-dir <dir>', 'where manifests, store links and logs go (default models/<model>/.trtforge)')
    .addOption(new Option('--model-dir <dir>', "override the spec's source.modelDir on this host").env('TRTFORGE_MODEL_DIR'))
    .addOption(new Option('--tokenizer-dir <dir>', "override the spec's source.tokenizerDir on this host").env('TRTFORGE_TOKENIZER_DIR'))
    .addOption(new Option('--src-tensorrtllm <dir>', 'TensorRT-LLM checkout to use instead of cloning the pinned ref').env('TRTFORGE_SRC_TENSORRTLLM'))
    .addOption(new Option('--src-backend <dir>', 'tensorrtllm_backend checkout to use instead of cloning the pinned ref').env('TRTFORGE_SRC_BACKEND'))
    .addOption(new Option('--src-server <dir>', 'triton server checkout (OpenAI frontend) to use instead of cloning').env('TRTFORGE_SRC_SERVER'));
  if (push) command.option('--no-push', 'with TRTFORGE_REMOTE_CACHE set: pull from the registry, but do not push what this run builds');
  if (dryRun) command.option('--dry-run', 'print every command that would run (runtime invocation included) and do nothing else');
  return command;
}

/**
 * The command's flags merged with the program's: main() defines --root and --debug globally, and
 * commander gives a global option to the program wherever it appears on the command line.
 */
export function flagsOf<T extends RunFlags>(command: Command): T {
  return command.optsWithGlobals<T>();
}

export function repositoryRoot(flags: RunFlags): string {
  return findRoot(flags.root);
}

export function toRunOptions(model: string, flags: RunFlags): RunOptions {
  const sources: Partial<Record<SourceName, string>> = {};
  if (flags.srcTensorrtllm) sources.tensorrtllm = flags.srcTensorrtllm;
  if (flags.srcBackend) sources.backend = flags.srcBackend;
  if (flags.srcServer) sources.server = flags.srcServer;
  return {
    root: repositoryRoot(flags),
    model,
    ...(flags.plan ? { planPath: flags.plan } : {}),
    ...(flags.stateDir ? { stateDir: flags.stateDir } : {}),
    ...(flags.store ? { store: flags.store } : {}),
    runtime: runner().parseRuntimeName(flags.runtime ?? 'auto'),
    sources,
    inputs: { ...(flags.modelDir ? { modelDir: flags.modelDir } : {}), ...(flags.tokenizerDir ? { tokenizerDir: flags.tokenizerDir } : {}) },
    dryRun: flags.dryRun ?? false,
    ...(flags.push === false ? { noPush: true } : {}),
  };
}
