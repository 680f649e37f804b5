import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { untrustworthy } from './helpers/store-invariants.js';
import { createWorkspace, MODEL, type Workspace } from './helpers/workspace.js';

describe('concurrency', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await createWorkspace();
  });
  afterAll(() => ws.cleanup());

  it('4 concurrent builds of the same model: exactly one convert and one build execute, all 4 succeed', async () => {
    // GIVEN tools slow enough that the four runs overlap
    const trace = join(ws.root, 'trace.log');
    const env = { TRTFORGE_STANDIN_SLEEP_MS: '400', TRTFORGE_STANDIN_TRACE: trace };
    // WHEN four `trtforge build` start at once on one store
    const results = await Promise.all(Array.from({ length: 4 }, () => cli(ws, ['build', MODEL], env)));
    // THEN all succeed, each tool ran once, and the other three waited and reused the result
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const tools = readFileSync(trace, 'utf8').trim().split('\n').map((l) => l.split(' ')[0]).filter((t) => t !== 'nvidia-smi');
    expect(tools.sort()).toEqual(['convert_checkpoint.py', 'trtllm-build']);
    const summaries = results.map((r) => r.stdout);
    expect(summaries.filter((s) => /build +rebuilt/.test(s))).toHaveLength(1);
    expect(summaries.filter((s) => /build +reused .*\(waited for a concurrent run\)/.test(s)).length).toBeGreaterThanOrEqual(1);
    expect(await untrustworthy(ws.store, ws.stateDir)).toEqual([]);
  });
});
