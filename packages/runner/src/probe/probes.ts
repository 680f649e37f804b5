import type { ContainerRuntime } from '../runtime/types.js';
import { queryGpus, takeStartedGpuQuery, type GpuQuery } from './gpu.js';
import { imageIdentity, type ImageIdentity } from './image.js';

/** Host facts a run needs more than once (keys, doctor), each asked at most once per run. */
export interface Probes {
  image(ref: string): Promise<ImageIdentity>;
  gpus(): Promise<GpuQuery>;
}

export function createProbes(runtime: ContainerRuntime, env: Record<string, string | undefined>): Probes {
  const images = new Map<string, Promise<ImageIdentity>>();
  let gpus: Promise<GpuQuery> | undefined;
  return {
    image(ref) {
      let hit = images.get(ref);
      if (!hit) images.set(ref, (hit = imageIdentity(runtime, ref, env)));
      return hit;
    },
    gpus() {
      return (gpus ??= takeStartedGpuQuery(env) ?? queryGpus(env));
    },
  };
}
