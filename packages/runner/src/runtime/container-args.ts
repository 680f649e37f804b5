import { RunnerError } from '../errors.js';
import type { RuntimeOptions } from './options.js';
import type { ProcessSpec, ResolvedMount } from './types.js';

/** Docker container names: `[a-zA-Z0-9][a-zA-Z0-9_.-]*`. */
export function containerName(name: string): string {
  return `trtforge-${name}`.replace(/[^a-zA-Z0-9_.-]/g, '-');
}

/**
 * `--mount` rather than `-v`: it refuses a missing source instead of silently creating an empty
 * directory (an empty model dir would only fail much later, inside the tool). Its value is a CSV
 * list, so a comma in a path would be misread: refuse it with a clear message.
 */
export function mountArg(mount: ResolvedMount): string {
  for (const path of [mount.host, mount.target]) {
    if (/[,\n"]/.test(path)) {
      throw new RunnerError('mount-path', `cannot mount "${path}": container runtimes cannot mount paths containing a comma, quote or newline`, {
        hint: 'move or symlink the directory to a path without those characters',
      });
    }
  }
  return `type=bind,source=${mount.host},target=${mount.target}${mount.readOnly ? ',readonly' : ''}`;
}

/**
 * Inside a container the GPUs passed with --gpus/--device are renumbered from 0, so the plan's
 * CUDA_VISIBLE_DEVICES (host ids, right for `local`) must become 0..n-1 there.
 */
export function containerEnv(spec: ProcessSpec): Record<string, string> {
  const env = { ...spec.env };
  if (env.CUDA_VISIBLE_DEVICES !== undefined && spec.gpus !== 'none') {
    env.CUDA_VISIBLE_DEVICES = spec.gpus.map((_, index) => String(index)).join(',');
  }
  return env;
}

/**
 * `<runtime> run` for one step, shared by docker and podman (podman's CLI is docker-compatible
 * for everything here except GPU selection, passed in as `gpuArgs`). Settings follow NVIDIA's
 * TensorRT-LLM container instructions: host network, large shm, unlimited memlock, 64 MiB stack.
 */
export function containerRunArgs(spec: ProcessSpec, options: RuntimeOptions, gpuArgs: string[]): string[] {
  const args = [...options.globalFlags, 'run', '--rm', '--init', '--name', containerName(spec.name), '--network', 'host'];
  if (options.ipc === 'host') args.push('--ipc', 'host');
  else args.push('--shm-size', options.shmSize);
  for (const ulimit of options.ulimits) args.push('--ulimit', ulimit);
  args.push(...gpuArgs);
  for (const mount of spec.mounts) args.push('--mount', mountArg(mount));
  args.push('--workdir', spec.workdir);
  const env = containerEnv(spec);
  for (const key of Object.keys(env).sort()) args.push('--env', `${key}=${env[key]}`);
  // By name only: the runtime CLI copies the value from its own environment, so a secret never
  // appears in an argv (visible in `ps`), a log or a manifest.
  for (const name of spec.passEnv) args.push('--env', name);
  args.push(...options.runFlags, spec.image, ...spec.argv);
  return args;
}
