import type { Command } from 'commander';
import pc from 'picocolors';
import { CliError } from '../cli-error.js';

/**
 * `trtforge deploy <model>`: generated/<model>/k8s/ on the cluster kubectl points at, with the
 * engine and model repository pinned by digest from the OCI remote store. `--dry-run` prints every
 * step (argv, ready to copy) and what this host lacks, and changes nothing.
 */
export function registerDeploy(program: Command): void {
  const command = program
    .command('deploy')
    .description('apply generated/<model>/k8s/ to the current kubectl context, the engine pinned by digest')
    .argument('<model>', 'model name (models/<model>/model.ts, compiled)')
    .option('--dry-run', 'print the registry and kubectl steps and what this host lacks; change nothing')
    .option('--state-dir <dir>', "this checkout's state dir of the model (default models/<model>/.trtforge)");
  command.action(async (model: string) => {
    // Loaded on use: deploy reads the compiler's artifact contract, which `trtforge --help` or `infer` should not load.
    const [{ deploy }, { loadDeployPackages }] = await Promise.all([import('../deploy/run.js'), import('../deploy/packages.js')]);
    await loadDeployPackages();
    const flags = command.optsWithGlobals<Parameters<typeof deploy>[1]>();
    try {
      deploy(model, flags);
    } catch (error) {
      if (error instanceof CliError) command.error(`${pc.red('✗')} ${error.message}`, { exitCode: error.exitCode, code: 'trtforge.deploy' });
      throw error;
    }
  });
}

