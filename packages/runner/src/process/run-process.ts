import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { StepLog } from './step-log.js';
import { ensureWatchdog, ownerMarkerEnv, unwatchGroup, watchGroup } from './watchdog.js';

/** A fully resolved process start: the runtime turned a plan step into this. */
export interface Invocation {
  file: string;
  args: string[];
  /** Environment for the process. With `extendEnv` the runner's own environment is inherited too. */
  env: Record<string, string | undefined>;
  extendEnv: boolean;
  cwd?: string;
  /** Container name, when the process is a container client (`docker run --name …`). */
  containerName?: string;
}

export interface ExitInfo {
  exitCode: number | undefined;
  signal: string | undefined;
}

export interface RunningProcess {
  pid: number | undefined;
  exited: Promise<ExitInfo>;
  /** Sends `signal` to the whole process group (children of mpirun, trtllm-build workers…). */
  signal(signal: NodeJS.Signals): void;
}

export interface StartOptions {
  log: StepLog;
  /** Called with every (masked) output line. */
  onLine?: (line: string) => void;
  /** argv that removes the process's container, run synchronously if the runner exits while it is alive. */
  removeOnExit?: string[];
}

/**
 * Processes still running, with how to get rid of them if the runner itself exits early:
 * detached children outlive us otherwise, and a container outlives its killed client.
 */
const live = new Map<number, string[] | undefined>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [pid, removeContainer] of live) {
      killGroup(pid, 'SIGKILL');
      if (removeContainer) spawnSync(removeContainer[0]!, removeContainer.slice(1), { stdio: 'ignore', timeout: 10_000 });
    }
  });
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

function pipeLines(stream: Readable | null | undefined, each: (line: string) => void): Promise<void> {
  if (!stream) return Promise.resolve();
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on('line', each);
  return new Promise((resolve) => lines.once('close', resolve));
}

/**
 * Starts `invocation` with an argv array (never a shell), in its own process group so an
 * interrupt reaches every descendant, and streams stdout+stderr line by line into the step log.
 * The group is watched (watchdog.ts): if trtforge dies without cleaning up, the watchdog kills it.
 * Plain node:child_process: this is on the path of every `trtforge serve`, and execa (loaded only
 * where a rare path needs it) would add its load and its per-spawn work for nothing we use here.
 */
export function startProcess(invocation: Invocation, options: StartOptions): RunningProcess {
  installExitHook();
  ensureWatchdog();
  const env = { ...(invocation.extendEnv ? process.env : {}), ...invocation.env, ...ownerMarkerEnv() };
  // Could not start at all: reported like a shell would.
  const cannotStart = (error: Error): ExitInfo => {
    options.log.line(`trtforge: cannot start ${invocation.file}: ${error.message}`);
    return { exitCode: 127, signal: undefined };
  };
  let child: ChildProcess;
  let spawnError: Error | undefined;
  try {
    child = spawn(invocation.file, invocation.args, { env, cwd: invocation.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  } catch (error) {
    return { pid: undefined, exited: Promise.resolve(cannotStart(error as Error)), signal: () => undefined };
  }
  // A program that cannot start (ENOENT, EACCES, a missing cwd) emits 'error', then 'close'.
  child.on('error', (error) => { spawnError ??= error; });
  const pid = child.pid;
  if (pid !== undefined) {
    live.set(pid, options.removeOnExit);
    // Our exit hook cannot run on SIGKILL: the watchdog then stops the group (and the container).
    watchGroup(pid, options.removeOnExit, options.removeOnExit ? invocation.env : undefined);
  }
  const onLine = (line: string): void => {
    const masked = options.log.line(line);
    options.onLine?.(masked);
  };
  const drained = Promise.all([pipeLines(child.stdout, onLine), pipeLines(child.stderr, onLine)]);
  // 'close': the process has exited and its stdio is closed (what waiting for a child means here).
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const exited = (async (): Promise<ExitInfo> => {
    const { code, signal } = await closed;
    await drained;
    if (pid !== undefined) {
      live.delete(pid);
      unwatchGroup(pid);
    }
    if (spawnError && pid === undefined) return cannotStart(spawnError);
    return { exitCode: code ?? undefined, signal: signal ?? undefined };
  })();
  return {
    pid,
    exited,
    signal(signal) {
      if (pid !== undefined && live.has(pid)) killGroup(pid, signal);
    },
  };
}
