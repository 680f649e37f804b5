import { existsSync } from 'node:fs';
import type { PlanStep } from '@trtforge/spec';
import type { RunContext } from './context.js';
import { RunnerError } from './errors.js';
import type { ResolvedMount } from './runtime/types.js';

/** Host directories for the mount sources that are produced during a run. */
export interface MountBindings {
  output?: string;
  convert?: string;
  build?: string;
  modelRepo?: string;
}

/**
 * Turns a plan step's symbolic mounts into host paths: spec inputs, store entries of earlier
 * steps, this step's temp output, NVIDIA checkouts and the assembled model repository.
 */
export async function resolveMounts(ctx: RunContext, step: PlanStep, bindings: MountBindings): Promise<ResolvedMount[]> {
  const mounts: ResolvedMount[] = [];
  for (const mount of step.mounts) {
    const { source } = mount;
    let host: string | undefined;
    switch (source.kind) {
      case 'input':
        host = ctx.inputs[source.name];
        if (host === undefined) throw new RunnerError('input-missing', `the plan mounts ${source.name} but has no inputs.${source.name} (needed by ${step.id})`, { hint: `recompile: npx trtforge compile ${ctx.plan.model}` });
        if (!ctx.dryRun && !existsSync(host)) {
          throw new RunnerError('input-missing', `${source.name} ${host} does not exist (needed by ${step.id} at ${mount.target})`, {
            hint: source.name === 'calibDataset'
              ? `fix quantization.calibDataset in ${ctx.plan.spec}: a directory on this host (e.g. huggingface-cli download --repo-type dataset abisee/cnn_dailymail --local-dir <dir>)`
              : `fix source.${source.name} in ${ctx.plan.spec} or pass --${source.name === 'modelDir' ? 'model-dir' : 'tokenizer-dir'}`,
          });
        }
        break;
      case 'step':
        host = bindings[source.step];
        break;
      case 'output':
        host = bindings.output;
        break;
      case 'modelRepo':
        host = bindings.modelRepo;
        break;
      case 'source':
        host = (await ctx.source(source.name)).path;
        break;
    }
    if (host === undefined) throw new Error(`internal: no host path for ${JSON.stringify(source)} in step ${step.id}`);
    mounts.push({ host, target: mount.target, readOnly: mount.readOnly });
  }
  return mounts;
}
