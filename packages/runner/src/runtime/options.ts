/**
 * Host-specific knobs of the container runtimes. None of them changes what a step produces, so
 * none enters a cache key. Each comes from an option or an environment variable, so sandbox or
 * cluster quirks (rootless podman without cgroups, no rlimit privilege, SELinux…) live in the
 * user's environment rather than in the product.
 */
export interface RuntimeOptions {
  /** Binary to run (`docker`, `podman`, or a path). */
  binary: string;
  /** Flags before the sub-command: `podman --runtime runc --cgroup-manager=cgroupfs run …`. */
  globalFlags: string[];
  /** Extra flags appended to `run`, before the image. */
  runFlags: string[];
  /**
   * `--ulimit` values. NVIDIA documents memlock=-1 and stack=67108864 for TensorRT-LLM containers;
   * hosts that may not raise rlimits can override them.
   */
  ulimits: string[];
  /** `--shm-size` (NVIDIA's examples use 2g; NCCL and the python backend need more than docker's 64m). */
  shmSize: string;
  /** `--ipc`; `host` replaces `--shm-size` (the two conflict). */
  ipc: 'private' | 'host' | undefined;
}

export const NVIDIA_ULIMITS = ['memlock=-1', 'stack=67108864'];

/**
 * Splits a flag list from an environment variable: a JSON array (`["-v","/a b:/c"]`) when values
 * contain spaces, otherwise whitespace-separated words. User configuration, never spec values.
 */
export function parseFlagList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('[')) {
    const parsed: unknown = JSON.parse(trimmed);
    if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string')) throw new Error(`expected a JSON array of strings, got ${trimmed}`);
    return parsed;
  }
  return trimmed.split(/\s+/);
}

/** Reads the options for `name` from the environment: TRTFORGE_<NAME>, TRTFORGE_<NAME>_FLAGS, TRTFORGE_<NAME>_RUN_FLAGS, TRTFORGE_ULIMITS, TRTFORGE_SHM_SIZE, TRTFORGE_IPC. */
export function runtimeOptionsFromEnv(name: 'docker' | 'podman', env: Record<string, string | undefined>): RuntimeOptions {
  const upper = name.toUpperCase();
  const ipc = env.TRTFORGE_IPC;
  if (ipc !== undefined && ipc !== '' && ipc !== 'host' && ipc !== 'private') throw new Error(`TRTFORGE_IPC must be "host" or "private", got "${ipc}"`);
  return {
    binary: env[`TRTFORGE_${upper}`] || name,
    globalFlags: parseFlagList(env[`TRTFORGE_${upper}_FLAGS`]) ?? [],
    runFlags: parseFlagList(env[`TRTFORGE_${upper}_RUN_FLAGS`]) ?? [],
    ulimits: (env.TRTFORGE_ULIMITS !== undefined ? env.TRTFORGE_ULIMITS.split(',').map((s) => s.trim()).filter(Boolean) : NVIDIA_ULIMITS),
    shmSize: env.TRTFORGE_SHM_SIZE || '2g',
    ipc: ipc === '' ? undefined : (ipc as RuntimeOptions['ipc']),
  };
}
