import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type nunjucks from 'nunjucks';
import { PACKAGE_ROOT } from '../package-root.js';

/** templates/plan.md.njk, the PLAN.md template. */
export const PLAN_TEMPLATE_PATH = fileURLToPath(new URL('../../templates/plan.md.njk', import.meta.url));
/** The environment options it is rendered (and precompiled) with: trimBlocks/lstripBlocks shape the compiled code itself. */
export const PLAN_TEMPLATE_OPTIONS = { autoescape: false, trimBlocks: true, lstripBlocks: true } as const;
/** Where the build puts the template precompiled to JavaScript (scripts/precompile-template.mjs). */
export const PRECOMPILED_PLAN_TEMPLATE = join(PACKAGE_ROOT, 'dist', 'templates', 'plan.md.cjs');

/** What a precompiled template must have been made from: the template's text, the options and nunjucks' version. */
export function planTemplateStamp(source: string): string {
  const require = createRequire(import.meta.url);
  const { version } = require('nunjucks/package.json') as { version: string };
  return createHash('sha256').update(JSON.stringify([source, PLAN_TEMPLATE_OPTIONS, version])).digest('hex');
}

/**
 * The PLAN.md template, ready to render. Compiling it is most of a render (nunjucks turns it into
 * JavaScript and evaluates that), so the build does it once (dist/templates/plan.md.cjs, which a
 * Node 20 CLI process also keeps V8's compiled code of); that copy is used while it was made from
 * this very template, options and nunjucks, else the template is compiled here. `precompiled:
 * false` always compiles here (the reference the build's copy is tested against).
 */
export function loadPlanTemplate(opts: { precompiled?: boolean } = {}): nunjucks.Template {
  const require = createRequire(import.meta.url);
  const { Environment, Template } = require('nunjucks') as typeof nunjucks;
  const env = new Environment(null, PLAN_TEMPLATE_OPTIONS);
  const source = readFileSync(PLAN_TEMPLATE_PATH, 'utf8');
  if (opts.precompiled ?? true) {
    let built: { templateSha256?: string } | undefined;
    try {
      built = require(PRECOMPILED_PLAN_TEMPLATE) as typeof built;
    } catch { /* not built (running from sources) */ }
    // nunjucks' own form for compiled code: new Template({ type: 'code', obj }) skips the compiler
    if (built?.templateSha256 === planTemplateStamp(source)) return new Template({ type: 'code', obj: built } as unknown as string, env, PLAN_TEMPLATE_PATH, true);
  }
  return new Template(source, env, PLAN_TEMPLATE_PATH, true);
}
