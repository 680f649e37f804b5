import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectGarbage, Store } from '@trtforge/runner';
import type { Plan } from '@trtforge/spec';
import { cli } from './helpers/cli.js';
import { runUntil, statuses } from './helpers/run.js';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

/** Sets `--max_batch_size` in the build step (argv and cache key), as a recompiled spec would. */
function batch(plan: Plan, value: string): void {
  const step = plan.steps.build;
  step.argv[step.argv.indexOf('--max_batch_size') + 1] = value;
  const keyArgv = (step.cacheKey as { argv: string[] }).argv;
  keyArgv[keyArgv.indexOf('--max_batch_size') + 1] = value;
}

const entries = (ws: Workspace, step: string) => (existsSync(join(ws.store, 'entries', step)) ? readdirSync(join(ws.store, 'entries', step)) : []);

describe('trtforge gc: superseded engines go, anything a checkout still references stays', () => {
  let ws: Workspace;
  let other: string;
  beforeAll(async () => {
    ws = await createWorkspace();
    other = join(ws.root, 'other-checkout', '.trtforge');
    // GIVEN a second checkout (its own state dir) that built the engine with batch 4
    await runUntil(ws, 'build', { stateDir: other });
    // AND this checkout, which then changed the batch size to 8 and rebuilt
    ws.editPlan((p) => batch(p, '8'));
    const rebuilt = await runUntil(ws, 'build');
    expect(statuses(rebuilt)).toEqual({ convert: 'reused', build: 'built' });
  });
  afterAll(() => ws.cleanup());

  it('keeps every entry a registered state dir references; fresh entries are protected by --min-age', async () => {
    const result = await collectGarbage(new Store(ws.store), { dryRun: false, minAgeMs: 3_600_000, lockStaleMs: 2_000 });
    expect(result.roots).toBe(2);
    expect(result.removed).toEqual([]);
    expect(result.kept.map((e) => e.step).sort()).toEqual(['build', 'build', 'convert']);
    expect(entries(ws, 'build')).toHaveLength(2);
  });

  it('once the other checkout is gone, its engine is garbage: the dry run lists it, gc removes it, the rest still reuses', async () => {
    rmSync(join(ws.root, 'other-checkout'), { recursive: true });
    const dry = await cli(ws, ['gc', '--dry-run', '--min-age', '0']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/would remove build +[0-9a-f]{12} +qwen2\.5-0\.5b/);
    expect(entries(ws, 'build')).toHaveLength(2);
    expect(readdirSync(join(ws.store, 'roots'))).toHaveLength(2); // a dry run changes nothing, dead roots included

    const run = await cli(ws, ['gc', '--min-age', '0']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/removed +build +[0-9a-f]{12} +qwen2\.5-0\.5b/);
    expect(run.stdout).toMatch(/2 referenced entries kept/);
    expect(run.stdout).toMatch(/^freed \d+\.\d MiB$/m);
    expect(entries(ws, 'build')).toHaveLength(1);
    expect(readdirSync(join(ws.store, 'roots'))).toHaveLength(1); // the dead root is dropped too

    // THEN this checkout's next build reuses everything it references
    expect(statuses(await runUntil(ws, 'build'))).toEqual({ convert: 'reused', build: 'reused' });
  });

  it('a bad --min-age is a usage error', async () => {
    const run = await cli(ws, ['gc', '--min-age', 'soon']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`option '--min-age <hours>' argument 'soon' is invalid. expected a number >= 0, got "soon"`);
  });
});
