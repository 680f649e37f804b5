import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from './helpers/cli.js';
import { standInGate } from './helpers/standin-events.js';
import { untrustworthy } from './helpers/store-invariants.js';
import { createWorkspace, MODEL, type Workspace } from './helpers/workspace.js';

describe('concurrency', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await createWorkspace();
  });
  afterAll(() => ws.cleanup());

  it('4 concurrent builds of the same model: exactly one convert and one build execute, all 4 succeed', async () => {
    // GIVEN tools that hold mid-work until released (the overlap is made, not hoped for)
    const trace = join(ws.root, 'trace.log');
    const gate = standInGate(ws.root);
    const env = { ...gate.env, TRTFORGE_STANDIN_TRACE: trace };
    // WHEN four `trtforge build` start on one store
    const runs = Array.from({ length: 4 }, () => startCli(ws, ['build', MODEL], env));
    const exited = () => (runs.some((r) => r.child.exitCode !== null) ? 'a build exited early' : undefined);
    // AND one of them runs convert (held mid-work) while the three others wait for its lock
    const atLock = (step: string) => Promise.all(runs.map((r) => r.waitForOutput(new RegExp(`waiting for a concurrent run of ${step}|logs/${step}\\.log`), 120_000)));
    await gate.waitPaused('convert_checkpoint.py', 1, exited);
    await atLock('convert');
    gate.release('convert_checkpoint.py');
    // AND then one runs build (held) while the three others wait for that lock
    await gate.waitPaused('trtllm-build', 1, exited);
    await atLock('build');
    gate.release('trtllm-build');
    const results = await Promise.all(runs.map((r) => r.done));
    // THEN all succeed, each tool ran once, and the other three waited and reused the result
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const tools = readFileSync(trace, 'utf8').trim().split('\n').map((l) => l.split(' ')[0]).filter((t) => t !== 'nvidia-smi');
    expect(tools.sort()).toEqual(['convert_checkpoint.py', 'trtllm-build']);
    expect(gate.paused('convert_checkpoint.py')).toHaveLength(1);
    const summaries = results.map((r) => r.stdout);
    expect(summaries.filter((s) => /convert +rebuilt/.test(s))).toHaveLength(1);
    expect(summaries.filter((s) => /convert +reused .*\(waited for a concurrent run\)/.test(s))).toHaveLength(3);
    expect(summaries.filter((s) => /build +rebuilt/.test(s))).toHaveLength(1);
    expect(summaries.filter((s) => /build +reused .*\(waited for a concurrent run\)/.test(s))).toHaveLength(3);
    expect(await untrustworthy(ws.store, ws.stateDir)).toEqual([]);
  });
});
