import type nunjucks from 'nunjucks';
import { downloadArgv, shellQuote, type Plan } from '@trtforge/spec';
import type { Diagnostic } from '../diagnostics.js';
import type { ResolvedModelSpec } from '../resolve/resolved.js';
import { loadPlanTemplate } from './plan-template.js';

/** The template loaded once per process: 100 specs share it. */
let template: nunjucks.Template | undefined;

/** One parameter row of the effective tensorrt_llm config, for reviewers. */
export interface EffectiveParameter {
  param: string;
  value: string;
  origin: 'spec' | 'backend default';
}

/**
 * Why a serve mode's clients must call a name other than the deployment's (PLAN.md says which).
 * trtllm-serve takes its name from the MODEL directory, which emit names after the deployment.
 */
const SERVED_NAME_LIMITS: Record<string, string> = {
  triton: 'Triton serves each model under its model-repository directory name and has no option to rename one',
  // ../shared/reference/triton-25.01/openai_frontend.json, absent_options_at_r25.01.
  openai: "Triton's OpenAI frontend (r25.01) has no option to name the served model: `model` must be a Triton model directory (spec `serve.openaiModel`)",
};
/** A release data file that was not read at the release's own commit (its provenance says `exact: false`). */
export interface InexactData {
  file: string;
  commit: string;
  read: string;
}

/** PLAN.md: the same plan for people — commands to copy, effective settings, warnings. */
export function renderPlanMarkdown(plan: Plan, spec: ResolvedModelSpec, header: string, warnings: Diagnostic[], parameters: EffectiveParameter[], inexactData: InexactData[] = []): string {
  // Required on first use: a compile whose result is cached never renders, and never loads nunjucks.
  template ??= loadPlanTemplate();
  return template.render(planContext(plan, spec, header, warnings, parameters, inexactData));
}

/** What the template renders: the plan, the spec and the helpers it calls. */
export function planContext(plan: Plan, spec: ResolvedModelSpec, header: string, warnings: Diagnostic[], parameters: EffectiveParameter[], inexactData: InexactData[] = []): object {
  const cmd = (argv: string[], envVars: Record<string, string> = {}) =>
    [...Object.entries(envVars).filter(([k]) => k === 'CUDA_VISIBLE_DEVICES' || k === 'TRTLLM_ORCHESTRATOR').map(([k, v]) => `${k}=${shellQuote(v)}`), ...argv.map(shellQuote)].join(' ');
  return { header, plan, spec, warnings, parameters, cmd, servedNameLimits: SERVED_NAME_LIMITS, download: downloadArgv(plan.inputs, plan.inputs.modelDir), inexactData };
}
