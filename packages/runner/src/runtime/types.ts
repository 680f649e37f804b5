import type { Invocation } from '../process/run-process.js';

export type RuntimeName = 'docker' | 'podman' | 'local';

/** A mount with its host side resolved. */
export interface ResolvedMount {
  host: string;
  target: string;
  readOnly: boolean;
}

/** One plan step, ready to start: every mount resolved, secrets still by name only. */
export interface ProcessSpec {
  /** Used for the container name and logs, e.g. `qwen2.5-0.5b-build-3f2a91c0`. */
  name: string;
  image: string;
  workdir: string;
  mounts: ResolvedMount[];
  env: Record<string, string>;
  passEnv: string[];
  argv: string[];
  gpus: number[] | 'none';
}

/** How one container runtime (or none) starts a process and answers the questions the cache key needs. */
export interface ContainerRuntime {
  readonly name: RuntimeName;
  /** The argv + env that runs `spec` (for `local`, argv with container paths rewritten to host paths). */
  invocation(spec: ProcessSpec): Invocation;
  /** Image identity for the cache key: the local image id, or null when unknown (`local`). */
  imageId(image: string): Promise<string | null>;
  /** argv that stops a running container gracefully with `signal` (undefined for `local`). */
  signalCommand(containerName: string, signal: NodeJS.Signals): string[] | undefined;
  /** argv that removes a container (stopped or not); undefined for `local`. */
  removeCommand(containerName: string): string[] | undefined;
  /** True for `local`: container paths are rewritten to host paths (argv, env, config.pbtxt). */
  readonly runsOnHost: boolean;
}
