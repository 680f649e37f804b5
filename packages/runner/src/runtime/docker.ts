import { ContainerCliRuntime } from './container-cli.js';
import type { RuntimeOptions } from './options.js';
import type { ProcessSpec } from './types.js';

/**
 * Docker's GPU flag takes a CSV value, so a list of ids must be quoted *inside* the value:
 * `--gpus '"device=4,5"'` (NVIDIA container toolkit docs).
 */
export function dockerGpuArgs(gpus: ProcessSpec['gpus']): string[] {
  if (gpus === 'none' || gpus.length === 0) return [];
  return ['--gpus', `"device=${gpus.join(',')}"`];
}

export function createDockerRuntime(options: RuntimeOptions, hostEnv: Record<string, string | undefined>): ContainerCliRuntime {
  return new ContainerCliRuntime('docker', options, hostEnv, dockerGpuArgs);
}
