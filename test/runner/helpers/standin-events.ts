// Test helper: synchronise with the stand-in tools on events instead of guessing delays.
// A tool reaching its pause point (partial output written) appends "<tool> <pid> paused" to
// TRTFORGE_STANDIN_EVENTS and stays there until TRTFORGE_STANDIN_RELEASE lists its name.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type StandInTool = 'convert_checkpoint.py' | 'trtllm-build';

export interface StandInGate {
  /** Environment for the runs to synchronise with. */
  env: { TRTFORGE_STANDIN_EVENTS: string; TRTFORGE_STANDIN_RELEASE: string };
  /** Pids of the tools that reached their pause point, in order. */
  paused(tool: StandInTool): number[];
  /** Resolves once `count` executions of `tool` are paused; rejects when `gaveUp()` says so (e.g. the run ended). */
  waitPaused(tool: StandInTool, count?: number, gaveUp?: () => string | undefined): Promise<number[]>;
  /** Lets every current and future execution of `tool` continue. */
  release(tool: StandInTool | '*'): void;
}

export function standInGate(dir: string, name = 'gate'): StandInGate {
  const events = join(dir, `${name}.events`);
  const releaseFile = join(dir, `${name}.release`);
  const paused = (tool: StandInTool): number[] =>
    (existsSync(events) ? readFileSync(events, 'utf8').split('\n') : [])
      .map((line) => line.split(' '))
      .filter((p) => p[0] === tool && p[2] === 'paused')
      .map((p) => Number(p[1]));
  return {
    env: { TRTFORGE_STANDIN_EVENTS: events, TRTFORGE_STANDIN_RELEASE: releaseFile },
    paused,
    async waitPaused(tool, count = 1, gaveUp = () => undefined) {
      // Polls a file the tool writes; no deadline of its own: the test timeout bounds a hang.
      for (;;) {
        const pids = paused(tool);
        if (pids.length >= count) return pids;
        const reason = gaveUp();
        if (reason) throw new Error(`waiting for ${count} paused ${tool}: ${reason}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    release(tool) {
      appendFileSync(releaseFile, `${tool}\n`);
    },
  };
}
