import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '@trtforge/spec';
import type { Diagnostic } from '../src/diagnostics.js';
import { inexactData, loadBackendData } from '../src/backend/backend-data.js';
import { effectiveParameters } from '../src/emit/effective-parameters.js';
import { planContext } from '../src/emit/plan-md.js';
import { loadPlanTemplate } from '../src/emit/plan-template.js';
import { parsePlainSpec } from '../src/load/plain-spec.js';
import { resolve } from '../src/resolve/resolve.js';
import { synth } from '../src/synth.js';

/**
 * The build precompiles PLAN.md's template (scripts/precompile-template.mjs); the copy must render
 * exactly what compiling the template at run time renders, for every example.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('the precompiled PLAN.md template', { timeout: 120_000 }, () => {
  const precompiled = loadPlanTemplate();
  const compiledHere = loadPlanTemplate({ precompiled: false });

  it('is the build\'s copy (nunjucks\' code form), not a compile of the template', () => {
    expect((precompiled as unknown as { tmplProps?: unknown }).tmplProps, 'run the compiler build first').toBeDefined();
    expect((compiledHere as unknown as { tmplProps?: unknown }).tmplProps).toBeUndefined();
  });

  it.each(readdirSync(join(ROOT, 'models')).sort())('renders %s exactly as the template compiled at run time', (name) => {
    const spec = resolve(parsePlainSpec(readFileSync(join(ROOT, 'models', name, 'model.ts'), 'utf8'))!.value as unknown as ModelSpec);
    const { plan } = synth(spec, `models/${name}/model.ts`);
    const backend = loadBackendData(spec.runtime.backendVersion);
    // one warning, so the template's warnings section renders too
    const warning = { code: 'TRT999', severity: 'warning', path: 'build.maxBatchSize', message: 'a made-up warning', hint: 'a hint' } as unknown as Diagnostic;
    const ctx = planContext(plan, spec, 'header', [warning], effectiveParameters(spec, backend), inexactData(backend));
    const rendered = precompiled.render(ctx);
    expect(rendered).toContain('- **TRT999** `build.maxBatchSize`: a made-up warning — a hint');
    expect(rendered).toBe(compiledHere.render(ctx));
  });
});
