// Test helper: find the processes a test started, by an environment marker only that test sets
// (never by name: other tests and other users run the same tools on this machine).
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

/** A fresh `NAME=value` marker to put into the environment of the processes a test starts. */
export function newMarker(): { name: string; value: string } {
  return { name: 'TRTFORGE_TEST_MARK', value: randomBytes(8).toString('hex') };
}

export interface MarkedProcess {
  pid: number;
  argv: string[];
  /** The runner's watchdog (`node …/runner/bin/watchdog.cjs <owner>`), which legitimately outlives trtforge for a moment. */
  watchdog: boolean;
}

/** Live processes (zombies excluded) whose environment holds `name=value`. Linux /proc only. */
export function markedProcesses(marker: { name: string; value: string }): MarkedProcess[] {
  const needle = `${marker.name}=${marker.value}`;
  const found: MarkedProcess[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').includes(needle)) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').filter(Boolean);
      found.push({ pid: Number(name), argv, watchdog: (argv[1] ?? '').endsWith('watchdog.cjs') });
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/**
 * Polls until no marked process is left (or `timeoutMs` passed) and returns the survivors. The
 * timeout is a bound on how long a clean-up may take, never the event a test waits for.
 */
export async function survivors(marker: { name: string; value: string }, timeoutMs = 20_000): Promise<MarkedProcess[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = markedProcesses(marker);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Kills what a failed test left behind (only processes carrying this test's marker). */
export function killMarked(marker: { name: string; value: string }): void {
  for (const { pid } of markedProcesses(marker)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}
