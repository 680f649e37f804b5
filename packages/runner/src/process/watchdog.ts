import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { currentOwner, ownerToken } from '../store/owner.js';

/**
 * packages/runner/bin/watchdog.cjs, found through the package's own exports: this code also runs
 * joined into the CLI's bundle (packages/cli/scripts/bundle.mjs), where a path relative to this
 * file would point into the CLI.
 */
const WATCHDOG = createRequire(import.meta.url).resolve('@trtforge/runner/bin/watchdog.cjs');

/**
 * Tools must never outlive trtforge: a `kill -9` of trtforge runs no handler, and a detached
 * trtllm-build would go on holding the GPU while the next run starts a second one. So every tool
 * runs in its own process group with a marker in its environment, and one small watchdog process
 * per trtforge process (bin/watchdog.cjs) kills them when trtforge's end of a pipe closes.
 * The watchdog is detached (its own session): the signal that kills trtforge's process group
 * (Ctrl-C in a terminal, turbo stopping) does not reach it.
 */

/** Environment variable every tool gets; its value names the trtforge process that started it. */
export const OWNER_MARKER = 'TRTFORGE_OWNER';

let watchdog: ChildProcess | null | undefined;

/** The marker for this process's tools: `TRTFORGE_OWNER=<pid.start.host>`. */
export function ownerMarkerEnv(): Record<string, string> {
  return { [OWNER_MARKER]: ownerToken(currentOwner()) };
}

function send(message: object): void {
  if (watchdog === undefined) start();
  // A write to a pipe with room goes to the kernel at once: it survives our own SIGKILL right after.
  watchdog?.stdin?.write(`${JSON.stringify(message)}\n`);
}

function start(): void {
  try {
    const child = spawn(process.execPath, [WATCHDOG, ownerToken(currentOwner())], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('error', () => { watchdog = null; });
    // Killed by someone: the next tool starts a new one.
    child.on('exit', () => { if (watchdog === child) watchdog = undefined; });
    child.stdin!.on('error', () => undefined);
    // Neither the watchdog nor its pipe may keep this process alive.
    child.unref();
    (child.stdin as unknown as { unref?: () => void }).unref?.();
    watchdog = child;
  } catch {
    watchdog = null; // without a watchdog, only the exit hook (normal exits, signals we handle) still applies
  }
}

/** Starts the watchdog before the first tool, so no tool is ever unwatched. */
export function ensureWatchdog(): void {
  if (watchdog === undefined) start();
}

/** The watchdog kills `pgid` (and runs `remove`, a container removal, with `env`) if trtforge dies first. */
export function watchGroup(pgid: number, remove?: string[], env?: Record<string, string | undefined>): void {
  send(remove ? { watch: pgid, remove, env } : { watch: pgid });
}

export function unwatchGroup(pgid: number): void {
  if (watchdog) send({ unwatch: pgid });
}
