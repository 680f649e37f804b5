import { readFile } from 'node:fs/promises';
import type { Plan, PLAN_FORMAT_VERSION } from '@trtforge/spec';
import { RunnerError } from '../errors.js';

/** The plan format this runner understands; typed against the spec's constant so a bump fails the build here. */
export const SUPPORTED_PLAN_FORMAT: typeof PLAN_FORMAT_VERSION = 1;

/**
 * Reads `generated/<name>/plan.json`. The compiler is the only writer, so this checks just enough
 * shape to turn a stale or hand-edited file into one clear message instead of a TypeError later.
 */
export async function loadPlan(path: string, model?: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new RunnerError('plan-missing', `no plan at ${path}`, {
      hint: `compile the model first: turbo run compile --filter=${model ?? '<model>'} (or trtforge compile ${model ?? '<model>'})`,
    });
  }
  let plan: unknown;
  try {
    plan = JSON.parse(text);
  } catch (error) {
    throw new RunnerError('plan-invalid', `${path} is not valid JSON: ${(error as Error).message}`, { hint: 'recompile the model' });
  }
  return checkPlanShape(plan, path);
}

export function checkPlanShape(value: unknown, path: string): Plan {
  const problems: string[] = [];
  const plan = value as Partial<Plan>;
  if (typeof value !== 'object' || value === null) problems.push('not an object');
  else {
    if (plan.format !== SUPPORTED_PLAN_FORMAT) problems.push(`format ${String(plan.format)} (this runner reads format ${SUPPORTED_PLAN_FORMAT})`);
    for (const field of ['model', 'image', 'spec'] as const) if (typeof plan[field] !== 'string') problems.push(`missing ${field}`);
    if (!plan.steps?.convert || !plan.steps.build) problems.push('missing steps.convert / steps.build');
    if (!plan.serve?.modes || !plan.serve.selected) problems.push('missing serve.modes / serve.selected');
    if (!plan.parallelism || !Number.isInteger(plan.parallelism.worldSize)) problems.push('missing parallelism.worldSize');
    if (!plan.inputs?.modelDir) problems.push('missing inputs.modelDir');
    if (!plan.assemble) problems.push('missing assemble');
    for (const step of [plan.steps?.convert, plan.steps?.build, ...Object.values(plan.serve?.modes ?? {})]) {
      if (step && (!Array.isArray(step.argv) || step.argv.length === 0 || !step.argv.every((a) => typeof a === 'string'))) {
        problems.push(`step ${step.id}: argv must be a non-empty array of strings`);
      }
    }
  }
  if (problems.length > 0) {
    throw new RunnerError('plan-invalid', `${path} is not a plan this runner can use: ${problems.join('; ')}`, { hint: 'recompile the model with the same trtforge version' });
  }
  return value as Plan;
}
