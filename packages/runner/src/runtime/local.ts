import { existsSync } from 'node:fs';
import type { Invocation } from '../process/run-process.js';
import { localToolEnv } from './local-env.js';
import { PathMap } from './path-map.js';
import type { ContainerRuntime, ProcessSpec } from './types.js';

/**
 * No container: the runner is already inside the NGC image (or on a host with TRT-LLM and
 * Triton installed). Mounts become path rewrites, GPU selection is the plan's
 * CUDA_VISIBLE_DEVICES, and the process gets an allowlist of the runner's environment plus passEnv
 * (local-env.ts), never the whole of it.
 */
export class LocalRuntime implements ContainerRuntime {
  readonly name = 'local' as const;
  readonly runsOnHost = true;

  constructor(private readonly hostEnv: Record<string, string | undefined>) {}

  invocation(spec: ProcessSpec): Invocation {
    const paths = new PathMap(spec.mounts);
    const [program, ...args] = spec.argv.map((arg) => paths.mapArg(arg));
    const env = localToolEnv(this.hostEnv, spec.passEnv);
    for (const [key, value] of Object.entries(spec.env)) env[key] = paths.mapArg(value);
    const workdir = paths.toHost(spec.workdir);
    return {
      file: program!,
      args,
      env,
      extendEnv: false,
      // A container creates its workdir; on the host a missing one (e.g. /opt/tritonserver) falls back to the current directory.
      cwd: existsSync(workdir) ? workdir : undefined,
    };
  }

  async imageId(): Promise<null> {
    return null;
  }

  signalCommand(): undefined {
    return undefined;
  }

  removeCommand(): undefined {
    return undefined;
  }
}
