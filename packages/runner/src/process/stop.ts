import type { ContainerRuntime } from '../runtime/types.js';
import { probe } from './probe.js';
import type { Invocation, RunningProcess } from './run-process.js';

/**
 * Stops a step's process: `signal` to the container (or the local process group), and after
 * `graceMs` a hard kill plus container removal. Containers run with --rm, but a runner that is
 * itself being torn down must not leave one behind, so removal is explicit too.
 */
export async function stopProcess(
  runtime: ContainerRuntime,
  invocation: Invocation,
  running: RunningProcess,
  options: { signal: NodeJS.Signals; graceMs: number; env: Record<string, string | undefined> },
): Promise<void> {
  const runCli = async (argv: string[] | undefined): Promise<void> => {
    if (argv) await probe(argv[0]!, argv.slice(1), options.env, 30_000);
  };
  const name = invocation.containerName;
  if (name) await runCli(runtime.signalCommand(name, options.signal));
  else running.signal(options.signal);
  let timer: NodeJS.Timeout | undefined;
  const expired = await Promise.race([
    running.exited.then(() => false),
    new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(true), options.graceMs); }),
  ]);
  clearTimeout(timer);
  if (expired) running.signal('SIGKILL');
  if (name) await runCli(runtime.removeCommand(name));
  await running.exited;
}
