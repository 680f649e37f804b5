// STAND-IN FOR TESTS: not NVIDIA's tool; validates argv against the reference option table and writes artifacts of the real layout.
// Knobs every stand-in honours, so tests can make them slow, fail or count their executions:
//   TRTFORGE_STANDIN_SLEEP_MS   pause this long in the middle of the work (after partial output is written)
//   TRTFORGE_STANDIN_HOLD_FILE  pause there until this file exists (tests that order runs by events, not by time)
//   TRTFORGE_STANDIN_FAIL       comma list of tool names that exit 1 instead of working
//   TRTFORGE_STANDIN_TRACE      file to append "<tool> <pid> <argv as JSON>" to, once per execution
//   TRTFORGE_STANDIN_ECHO_ENV   comma list of env var names to print as NAME=value (as a careless tool might)
//   TRTFORGE_STANDIN_EVENTS     file to append "<tool> <pid> paused" to when the tool reaches its pause
//                               (partial output written): tests wait for it instead of guessing a delay
//   TRTFORGE_STANDIN_RELEASE    file that ends the pause (instead of TRTFORGE_STANDIN_SLEEP_MS) once it lists
//                               the tool's name on a line of its own, or `*`
//   TRTFORGE_STANDIN_SKIP_RANKS comma list of ranks whose output file the tool does not write, exiting 0
//                               anyway (a rank that died while rank 0 reported success)
import { appendFileSync, closeSync, existsSync, openSync, ftruncateSync, readFileSync, writeSync } from 'node:fs';

export function trace(tool, argv) {
  for (const name of (process.env.TRTFORGE_STANDIN_ECHO_ENV ?? '').split(',').filter(Boolean)) console.log(`${name}=${process.env[name] ?? ''}`);
  const file = process.env.TRTFORGE_STANDIN_TRACE;
  if (!file) return;
  try {
    appendFileSync(file, `${tool} ${process.pid} ${JSON.stringify(argv)}\n`);
  } catch {
    // not writable from inside a container: tracing is best effort
  }
}

export function failIfAsked(tool) {
  const failing = (process.env.TRTFORGE_STANDIN_FAIL ?? '').split(',').map((s) => s.trim());
  if (failing.includes(tool)) {
    process.stderr.write(`[stand-in ${tool}] failing because TRTFORGE_STANDIN_FAIL includes ${tool}\n`);
    process.exit(1);
  }
}

export async function pause(tool = 'stand-in') {
  const events = process.env.TRTFORGE_STANDIN_EVENTS;
  if (events) appendFileSync(events, `${tool} ${process.pid} paused\n`);
  const release = process.env.TRTFORGE_STANDIN_RELEASE;
  if (release) {
    await new Promise((resolve) => {
      const poll = setInterval(() => {
        const names = existsSync(release) ? readFileSync(release, 'utf8').split('\n') : [];
        if (names.includes(tool) || names.includes('*')) {
          clearInterval(poll);
          resolve();
        }
      }, 10);
    });
    return;
  }
  const ms = Number(process.env.TRTFORGE_STANDIN_SLEEP_MS ?? 0);
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  const hold = process.env.TRTFORGE_STANDIN_HOLD_FILE;
  while (hold && !existsSync(hold)) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Whether the tool writes the output file of `rank` (see TRTFORGE_STANDIN_SKIP_RANKS). */
export function writesRank(rank) {
  return !(process.env.TRTFORGE_STANDIN_SKIP_RANKS ?? '').split(',').filter(Boolean).map(Number).includes(rank);
}

/** A sparse file of `bytes` bytes starting with `header` (engines of GB size cost no disk). */
export function writeSparse(path, bytes, header) {
  const fd = openSync(path, 'w');
  try {
    ftruncateSync(fd, Math.max(bytes, Buffer.byteLength(header)));
    writeSync(fd, header, 0);
  } finally {
    closeSync(fd);
  }
}

/** Exit like a Python tool killed by a signal (no cleanup: partial output stays, as with the real tools). */
export function dieOnSignals(tool) {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      process.stderr.write(`[stand-in ${tool}] ${signal}\n`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

/**
 * The compute capability of the first GPU the process sees: TRTFORGE_STANDIN_GPUS lists one per host
 * GPU id, and CUDA_VISIBLE_DEVICES (set by every plan step) picks the ids, as the driver would.
 */
export function visibleComputeCap(fallback = '8.6') {
  const caps = (process.env.TRTFORGE_STANDIN_GPUS ?? fallback).split(',');
  const first = Number((process.env.CUDA_VISIBLE_DEVICES ?? '0').split(',')[0]);
  return caps[Number.isInteger(first) && caps[first] !== undefined ? first : 0];
}
