import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type nunjucks from 'nunjucks';
import { downloadArgv, shellQuote, type Plan } from '@trtforge/spec';
import type { Diagnostic } from '../diagnostics.js';
import type { ResolvedModelSpec } from '../resolve/resolved.js';

const templatePath = fileURLToPath(new URL('../../templates/plan.md.njk', import.meta.url));
/** The template compiled once per process: compiling it is most of a render, and 100 specs share it. */
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
  if (!template) {
    const { Environment, Template } = createRequire(import.meta.url)('nunjucks') as typeof nunjucks;
    const env = new Environment(null, { autoescape: false, trimBlocks: true, lstripBlocks: true });
    template = new Template(readFileSync(templatePath, 'utf8'), env, templatePath, true);
  }
  const cmd = (argv: string[], envVars: Record<string, string> = {}) =>
    [...Object.entries(envVars).filter(([k]) => k === 'CUDA_VISIBLE_DEVICES' || k === 'TRTLLM_ORCHESTRATOR').map(([k, v]) => `${k}=${shellQuote(v)}`), ...argv.map(shellQuote)].join(' ');
  return template.render({ header, plan, spec, warnings, parameters, cmd, servedNameLimits: SERVED_NAME_LIMITS, download: downloadArgv(plan.inputs, plan.inputs.modelDir), inexactData });
}
