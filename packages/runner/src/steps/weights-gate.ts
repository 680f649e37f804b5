import type { RunContext } from '../context.js';
import { checkWeightsConfig } from '../doctor/weights.js';
import { RunnerError } from '../errors.js';

/**
 * Refuses to convert weights the plan's converter cannot take (another family, or a tensor-parallel
 * split their heads do not allow, weights quantized otherwise than the spec says), before the container starts: the same checks as `trtforge doctor`.
 */
export async function assertWeightsFit(ctx: RunContext): Promise<void> {
  for (const check of await checkWeightsConfig(ctx.plan, ctx.inputs.modelDir)) {
    if (check.status !== 'fail') continue;
    const code = check.name === 'model family' ? 'weights-family' : check.name === 'tensor parallel' ? 'weights-split' : 'weights-checkpoint';
    throw new RunnerError(code, `cannot convert ${ctx.inputs.modelDir}: ${check.detail}`, check.fix ? { hint: check.fix } : {});
  }
}
