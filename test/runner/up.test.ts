import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from './helpers/cli.js';
import { createWorkspace, MODEL, REPO_ROOT, type Workspace } from './helpers/workspace.js';

/**
 * `trtforge up` (what `npm start` runs) end to end through the stand-ins: compile the spec, print
 * PLAN.md, run the doctor, then convert → build → serve — the doctor and serve being the commands'
 * own functions, called directly.
 */
describe('trtforge up (CLI)', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await createWorkspace({ generated: MODEL });
    // `up` compiles models/<model>/model.ts: a spec on this workspace's weights and free ports.
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(ws.root, 'node_modules'), 'dir');
    writeFileSync(join(ws.root, 'models', MODEL, 'model.ts'), `import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: '${MODEL}',
  source: { modelDir: 'hf/model' },
  streaming: true,
  triton: { excludeInputInOutput: true, maxBatchSize: 8 },
  build: { maxBatchSize: 8 },
  serve: { ports: { http: ${ws.ports.http}, grpc: ${ws.ports.grpc}, metrics: ${ws.ports.metrics} } },
});
`);
  });
  afterAll(() => ws.cleanup());

  it('on a host that can run it: plan, doctor, then the server becomes ready; SIGTERM stops it, exit 0', async () => {
    const run = startCli(ws, ['up', MODEL, '--runtime', 'local']);
    // A generous bound against a hang only: compile + stand-in convert/build on a loaded machine.
    await run.waitForOutput(/is ready/, 180_000);
    // (the line the smoke request prints: PLAN.md, printed first, also mentions "the smoke request")
    await run.waitForOutput(/^. smoke request: /m);
    run.child.kill('SIGTERM');
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(new RegExp(`^# ${MODEL.replace(/\./g, '\\.')}\\b`, 'm'));
    expect(out).toContain('all checks passed');
    expect(out).not.toContain('stopping after the plan');
    expect(out).toContain(`generate_stream  http://127.0.0.1:${ws.ports.http}/v2/models/ensemble/generate_stream`);
    expect(out).toMatch(/✓ smoke request: generate_stream answered/);
    expect(out).toContain('server stopped (exit 0)');
    // In that order: the plan, the doctor, the server.
    const order = ['trtforge doctor', 'all checks passed', 'is ready'].map((s) => out.indexOf(s));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(readFileSync(join(ws.root, 'generated', MODEL, 'plan.json'), 'utf8')).toContain(`"http": ${ws.ports.http}`);
  });
});
