import { startGpuQuery } from '@trtforge/runner/gpu-query';
import { invokedCommand } from '../invoked-command.js';

/**
 * Commands whose every run asks nvidia-smi: the doctor's GPU check before the run, and the build
 * key (an engine is tied to the GPU architecture). `up` serves after its plan and doctor.
 */
const GPU_COMMANDS: ReadonlySet<string> = new Set(['serve', 'build', 'up']);

/**
 * Starts the GPU query as the process starts, when argv runs one of GPU_COMMANDS (not its --help):
 * a real nvidia-smi takes tens to hundreds of ms, the stand-in (a node script) about as long as
 * loading the CLI and the runner, so the answer is ready about when the run context asks for it
 * (the runner takes it: packages/runner/src/probe/gpu.ts). Part of the bundle's startup file; a
 * child_process loads only here.
 */
export function startEarlyGpuQuery(argv: readonly string[], env: Record<string, string | undefined>): void {
  if (invokedCommand(argv, GPU_COMMANDS) === undefined) return;
  if (argv.includes('--help') || argv.includes('-h')) return;
  startGpuQuery(env);
}
