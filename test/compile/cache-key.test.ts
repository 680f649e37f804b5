import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Plan } from '@trtforge/spec';
import { compileSpecs } from '@trtforge/compiler';
import { ROOT } from '../helpers/paths.js';

const dir = mkdtempSync(join(ROOT, 'test/golden/.tmp-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function plans(bodies: Record<string, string>): Record<string, Plan> {
  const files = Object.entries(bodies).map(([name, body]) => {
    mkdirSync(join(dir, name), { recursive: true });
    const file = join(dir, name, 'model.ts');
    writeFileSync(file, `import { defineModel } from '@trtforge/spec';
export default defineModel({ name: '${name}', source: { modelDir: '/models/q' }, ${body} });\n`);
    return file;
  });
  return Object.fromEntries(compileSpecs(files, { root: ROOT }).map((r) => {
    if (!r.files) throw new Error(`${r.name}: ${JSON.stringify(r.diagnostics)}`);
    return [r.name, JSON.parse(r.files['plan.json']!) as Plan];
  }));
}

describe('step cache keys (what the runner hashes) hold exactly what changes the output', () => {
  const p = plans({
    base: 'build: { maxBatchSize: 8 }, triton: { excludeInputInOutput: true }',
    workers: "build: { maxBatchSize: 8, builder: { workers: 4, logLevel: 'verbose' } }, convert: { workers: 4, loadModelOnCpu: true }, triton: { excludeInputInOutput: true }",
    batch: 'build: { maxBatchSize: 16 }, triton: { excludeInputInOutput: true }',
    serving: "build: { maxBatchSize: 8 }, triton: { excludeInputInOutput: true, maxQueueSize: 99 }, serve: { mode: 'openai', ports: { openai: 9100 } }",
  });

  it('workers and log level change argv but not the keys', () => {
    expect(p.workers!.steps.build.argv).toContain('--workers');
    expect(p.workers!.steps.build.cacheKey).toEqual(p.base!.steps.build.cacheKey);
    expect(p.workers!.steps.convert.cacheKey).toEqual(p.base!.steps.convert.cacheKey);
  });

  it('a build flag changes the build key only', () => {
    expect(p.batch!.steps.build.cacheKey).not.toEqual(p.base!.steps.build.cacheKey);
    expect(p.batch!.steps.convert.cacheKey).toEqual(p.base!.steps.convert.cacheKey);
  });

  it('serving settings never enter a key', () => {
    expect(p.serving!.steps.build.cacheKey).toEqual(p.base!.steps.build.cacheKey);
    expect(p.serving!.steps.convert.cacheKey).toEqual(p.base!.steps.convert.cacheKey);
  });
});
