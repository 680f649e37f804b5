import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queryGpus, startGpuQuery, takeStartedGpuQuery } from '../src/probe/gpu.js';
import { createProbes } from '../src/probe/probes.js';
import { probe } from '../src/process/probe.js';
import type { ContainerRuntime } from '../src/runtime/types.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trtforge-probe-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const env = (): Record<string, string | undefined> => ({ PATH: `${dir}:${process.env.PATH}` });

/** A fake nvidia-smi on PATH that counts its runs in `dir/runs` and lists one A10G. */
function fakeNvidiaSmi(): void {
  const script = join(dir, 'nvidia-smi');
  writeFileSync(script, `#!/bin/sh\necho run >> "${join(dir, 'runs')}"\necho "0, NVIDIA A10G, 8.6, 23028"\n`);
  chmodSync(script, 0o755);
}
const runs = (): number => readFileSync(join(dir, 'runs'), 'utf8').trim().split('\n').length;

describe('probe: a short command with an argv array and exactly the given env', () => {
  it('returns its output without the final newline, and ok only on exit 0', async () => {
    const node = process.execPath;
    expect(await probe(node, ['-e', 'process.stdout.write("a\\nb\\n"); process.stderr.write("warn\\n")'], env())).toEqual({ ok: true, stdout: 'a\nb', stderr: 'warn' });
    expect(await probe(node, ['-e', 'console.log(process.env.HOME ?? "no home"); process.exit(3)'], env())).toEqual({ ok: false, stdout: 'no home', stderr: '' });
  });

  it('a missing program and one that outlives its timeout are failures, not exceptions', async () => {
    expect(await probe(join(dir, 'missing'), [], env())).toEqual({ ok: false, stdout: '', stderr: '' });
    // Never exits by itself: only the timeout's SIGTERM ends it.
    const hung = await probe(process.execPath, ['-e', 'console.log("started"); setInterval(() => {}, 1000)'], env(), 300);
    expect(hung.ok).toBe(false);
  });
});

describe('a GPU query started early (trtforge serve, before the runner loads)', () => {
  const runtime = { name: 'local', runsOnHost: true } as unknown as ContainerRuntime;

  it('is the answer the next run context with the same env gets: nvidia-smi runs once', async () => {
    fakeNvidiaSmi();
    const sameEnv = env();
    startGpuQuery(sameEnv);
    const probes = createProbes(runtime, sameEnv);
    expect(await probes.gpus()).toEqual({ ok: true, gpus: [{ index: 0, name: 'NVIDIA A10G', computeCap: '8.6', memoryMiB: 23028 }] });
    expect(await probes.gpus()).toEqual(await queryGpus(sameEnv));
    // probes.gpus() twice (one run) + the direct queryGpus: the started query served the run.
    expect(runs()).toBe(2);
  });

  it('is handed out once, and never to a context with another env', async () => {
    fakeNvidiaSmi();
    const started = env();
    startGpuQuery(started);
    expect(takeStartedGpuQuery(env())).toBeUndefined();
    const query = takeStartedGpuQuery(started);
    expect(query).toBeDefined();
    expect(takeStartedGpuQuery(started)).toBeUndefined();
    expect((await query!).ok).toBe(true);
  });

  it('is taken by another copy of the module: the CLI bundle starts it from its start-up file, the runner takes it', async () => {
    fakeNvidiaSmi();
    const started = env();
    startGpuQuery(started);
    vi.resetModules();
    const copy = await import('../src/probe/gpu.js');
    expect(copy.takeStartedGpuQuery).not.toBe(takeStartedGpuQuery);
    expect(await copy.takeStartedGpuQuery(started)).toEqual({ ok: true, gpus: [{ index: 0, name: 'NVIDIA A10G', computeCap: '8.6', memoryMiB: 23028 }] });
    expect(takeStartedGpuQuery(started)).toBeUndefined();
    expect(runs()).toBe(1);
  });
});
