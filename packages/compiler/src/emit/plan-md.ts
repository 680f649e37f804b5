import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type nunjucks from 'nunjucks';
import { downloadArgv, shellQuote, type Plan } from '@trtforge/spec';
import type { Diagnostic } from '../diagnostics.js';
import type { ResolvedModelSpec } from '../resolve/resolved.js';

const templatePath = fileURLToPath(new URL('../../templates/plan.md.njk', import.meta.url));
let env: nunjucks.Environment | undefined;

/** One parameter row of the effective tensorrt_llm config, for reviewers. */
export interface EffectiveParameter {
  param: string;
  value: string;
  origin: 'spec' | 'backend default';
}

/** A release data file that was not read at the release's own commit (its provenance says `exact: false`). */
export interface InexactData {
  file: string;
  commit: string;
  read: string;
}

/** PLAN.md: the same plan for people — commands to copy, effective settings, warnings. */
export function renderPlanMarkdown(plan: Plan, spec: ResolvedModelSpec, header: string, warnings: Diagnostic[], parameters: EffectiveParameter[], inexactData: InexactData[] = []): string {
  // Required on first use: a compile whose result is cached never renders, and never loads nunjucks.
  const { Environment } = createRequire(import.meta.url)('nunjucks') as typeof nunjucks;
  env ??= new Environment(null, { autoescape: false, trimBlocks: true, lstripBlocks: true });
  const cmd = (argv: string[], envVars: Record<string, string> = {}) =>
    [...Object.entries(envVars).filter(([k]) => k === 'CUDA_VISIBLE_DEVICES' || k === 'TRTLLM_ORCHESTRATOR').map(([k, v]) => `${k}=${shellQuote(v)}`), ...argv.map(shellQuote)].join(' ');
  return env.renderString(readFileSync(templatePath, 'utf8'), { header, plan, spec, warnings, parameters, cmd, download: downloadArgv(plan.inputs, plan.inputs.modelDir), inexactData });
}
