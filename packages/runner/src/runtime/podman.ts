import { ContainerCliRuntime } from './container-cli.js';
import type { RuntimeOptions } from './options.js';
import type { ProcessSpec } from './types.js';

/**
 * Podman reaches NVIDIA GPUs through CDI (`nvidia-ctk cdi generate`): one `--device
 * nvidia.com/gpu=<id>` per GPU. NVIDIA's podman instructions also disable SELinux labelling for
 * GPU containers, which otherwise cannot open the device nodes.
 */
export function podmanGpuArgs(gpus: ProcessSpec['gpus']): string[] {
  if (gpus === 'none' || gpus.length === 0) return [];
  return [...gpus.flatMap((id) => ['--device', `nvidia.com/gpu=${id}`]), '--security-opt=label=disable'];
}

export function createPodmanRuntime(options: RuntimeOptions, hostEnv: Record<string, string | undefined>): ContainerCliRuntime {
  return new ContainerCliRuntime('podman', options, hostEnv, podmanGpuArgs);
}
