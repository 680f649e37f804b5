import type { Invocation } from '../process/run-process.js';
import { probe } from '../process/probe.js';
import { containerName, containerRunArgs } from './container-args.js';
import type { RuntimeOptions } from './options.js';
import type { ContainerRuntime, ProcessSpec } from './types.js';

/** A docker-compatible CLI (docker, podman); the runtimes differ only in how GPUs are requested. */
export class ContainerCliRuntime implements ContainerRuntime {
  readonly runsOnHost = false;

  constructor(
    readonly name: 'docker' | 'podman',
    readonly options: RuntimeOptions,
    private readonly hostEnv: Record<string, string | undefined>,
    private readonly gpuArgs: (gpus: ProcessSpec['gpus']) => string[],
  ) {}

  /** `<binary> <global flags> <args>`: the argv of any other sub-command (inspect, kill, info…). */
  command(...args: string[]): string[] {
    return [this.options.binary, ...this.options.globalFlags, ...args];
  }

  invocation(spec: ProcessSpec): Invocation {
    return {
      file: this.options.binary,
      args: containerRunArgs(spec, this.options, this.gpuArgs(spec.gpus)),
      env: this.hostEnv,
      extendEnv: false,
      containerName: containerName(spec.name),
    };
  }

  async imageId(image: string): Promise<string | null> {
    const [file, ...args] = this.command('image', 'inspect', '--format', '{{.Id}}', image);
    const result = await probe(file!, args, this.hostEnv);
    return result.ok ? result.stdout.trim() : null;
  }

  signalCommand(name: string, signal: NodeJS.Signals): string[] {
    return this.command('kill', '--signal', signal, name);
  }

  removeCommand(name: string): string[] {
    return this.command('rm', '--force', name);
  }
}
