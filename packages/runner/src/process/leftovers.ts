import { readdirSync, readFileSync } from 'node:fs';
import type { ContainerRuntime } from '../runtime/types.js';
import type { LockRecord } from '../store/lock.js';
import { ownerToken } from '../store/owner.js';
import { probe } from './probe.js';
import { OWNER_MARKER } from './watchdog.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Live processes (zombies aside) whose environment carries `TRTFORGE_OWNER=<token>`. Linux /proc; elsewhere none. */
export function processesOf(token: string): number[] {
  const needle = `${OWNER_MARKER}=${token}`;
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').includes(needle)) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (!stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) found.push(Number(name));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

/**
 * Kills the tools a dead trtforge process left (its watchdog normally has; this covers a watchdog
 * that died with it) and waits until they are gone, so the GPU they held is free again. Returns
 * how many there were.
 */
export async function stopLeftovers(token: string, timeoutMs = 10_000): Promise<number> {
  const first = processesOf(token);
  const deadline = Date.now() + timeoutMs;
  for (let left = first; left.length > 0 && Date.now() < deadline; left = processesOf(token)) {
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await sleep(20);
  }
  return first.length;
}

/** A dead lock owner's tools still running (its watchdog died with it): stop them before this step runs its own. */
export async function stopDeadOwnersTools(owner: LockRecord, report: (message: string) => void): Promise<void> {
  const stopped = await stopLeftovers(ownerToken(owner));
  if (stopped > 0) report(`stopped ${stopped} process${stopped === 1 ? '' : 'es'} left running by pid ${owner.pid}`);
}

/**
 * The container a dead lock owner started for this step (named `trtforge-…-<its pid>`), when its
 * watchdog did not get to remove it: a killed `docker run` client leaves its container running.
 */
export async function removeDeadOwnersContainer(
  runtime: ContainerRuntime,
  name: string | undefined,
  owner: LockRecord,
  env: Record<string, string | undefined>,
  report: (message: string) => void,
): Promise<void> {
  const argv = name ? runtime.removeCommand(name) : undefined;
  if (!argv) return;
  const result = await probe(argv[0]!, argv.slice(1), env, 60_000);
  // Both CLIs print the name of a container they removed; a missing one is not news.
  if (result.ok && result.stdout.split('\n').some((line) => line.trim() === name)) report(`removed container ${name} left running by pid ${owner.pid}`);
}
