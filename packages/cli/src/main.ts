import { Command, CommanderError } from 'commander';
import pc from 'picocolors';
import { commandsWithoutRunner, registrations } from './commands/index.js';
import { CliError } from './cli-error.js';
import { invokedCommand } from './invoked-command.js';
import { loadRunModules } from './runner.js';

/**
 * `trtforge` entry point. Every failure becomes one clear message and exit code 1; a stack trace
 * only with --debug.
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('trtforge')
    .description('Typed LLM model specs → Triton + TensorRT-LLM deployments')
    .option('--debug', 'show stack traces for unexpected errors')
    .option('-C, --root <dir>', 'repository root (default: nearest ancestor with models/)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  // Commander needs only the command that runs (start-up time); help, errors and anything unusual get every command.
  const runs = invokedCommand(argv, new Set(registrations.map(([name]) => name)));
  for (const [name, register] of registrations) if (runs === undefined || name === runs) register(program);
  // The runner is loaded only for the commands that run steps: `--help`, `compile`, `plan` and `infer` start faster (the client loads on use).
  program.hook('preAction', async (_program, action) => {
    if (!commandsWithoutRunner.has(action.name())) await loadRunModules();
  });
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 1;
    if (err instanceof CliError) {
      if (err.message) process.stderr.write(`${pc.red('error')} ${err.message}\n`);
      return err.exitCode;
    }
    const debug = program.opts<{ debug?: boolean }>().debug || argv.includes('--debug');
    process.stderr.write(`${pc.red('error')} ${(err as Error)?.message ?? String(err)}\n`);
    if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    else process.stderr.write('  (run with --debug for details)\n');
    return 1;
  }
}
