import type { Command } from 'commander';
import pc from 'picocolors';
import { runnerIfLoaded } from '../../runner.js';
import { CliError } from '../../cli-error.js';

/**
 * Ends a command with one clear message and its exit code through commander (which exits, or
 * throws a CommanderError when main() set exitOverride). No stack trace unless --debug.
 */
export function fail(command: Command, thrown: unknown, debug: boolean | undefined): never {
  // A full disk, an unwritable dir, a file in the way: the user's to fix, so one line with the path.
  const run = runnerIfLoaded();
  const error = run?.filesystemError(thrown) ?? thrown;
  const lines: string[] = [];
  let exitCode = 1;
  let code = 'trtforge.error';
  if (run?.isRunnerError(error)) {
    lines.push(`${pc.red('✗')} ${error.message}`, ...error.details);
    if (error.hint) lines.push(`${pc.dim('hint:')} ${error.hint}`);
    exitCode = error.exitCode;
    code = `trtforge.${error.code}`;
  } else if (error instanceof CliError) {
    lines.push(`${pc.red('✗')} ${error.message}`);
    exitCode = error.exitCode;
  } else {
    lines.push(`${pc.red('✗')} internal error: ${(error as Error)?.message ?? String(error)}`);
    if (!debug) lines.push(pc.dim('(a trtforge bug: run again with --debug for the stack trace)'));
  }
  if (debug && thrown instanceof Error && thrown.stack) lines.push(pc.dim(thrown.stack));
  return command.error(lines.join('\n'), { exitCode, code });
}

/**
 * SIGINT/SIGTERM abort the run (children are stopped, temp dirs removed, the signal forwarded to
 * a server); a second signal exits at once.
 */
export function abortOnSignals(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handler = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
