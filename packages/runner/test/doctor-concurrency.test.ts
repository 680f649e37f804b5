import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Plan } from '@trtforge/spec';
import { doctor } from '../src/doctor/doctor.js';
import type { GpuQuery } from '../src/probe/gpu.js';
import type { ImageIdentity } from '../src/probe/image.js';
import type { Probes } from '../src/probe/probes.js';
import type { ContainerRuntime } from '../src/runtime/types.js';

const plan = JSON.parse(readFileSync(new URL('../../../generated/qwen2.5-0.5b/plan.json', import.meta.url), 'utf8')) as Plan;
// podman that runs no probe of its own here: the checks reach the image and the GPUs through `probes`.
const runtime = { name: 'podman', runsOnHost: false } as unknown as ContainerRuntime;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trtforge-doctor-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('doctor: the checks after the runtime run at once', () => {
  it('the image is asked while the GPU query is still out (nvidia-smi does not hold up the other checks)', async () => {
    let imageAsked!: () => void;
    const asked = new Promise<void>((resolve) => (imageAsked = resolve));
    const probes: Probes = {
      image: async (ref): Promise<ImageIdentity> => {
        imageAsked();
        return { ref, id: 'sha256:0123456789abcdef0123456789abcdef' };
      },
      // Answers once the image was asked; one check after another would never get there, and gets the fallback.
      gpus: (): Promise<GpuQuery> => Promise.race([
        asked.then((): GpuQuery => ({ ok: true, gpus: [{ index: 0, name: 'NVIDIA A10G', computeCap: '8.6', memoryMiB: 23028 }] })),
        new Promise<GpuQuery>((resolve) => setTimeout(() => resolve({ ok: false, reason: 'the image was not asked while the GPU query ran' }), 3_000).unref()),
      ]),
    };
    // The plan's tools on PATH, so the runtime check passes and the image is checked at all.
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    for (const tool of ['python3', 'trtllm-build', 'tritonserver', 'mpirun', 'trtllm-serve']) {
      writeFileSync(join(bin, tool), '#!/bin/sh\n');
      chmodSync(join(bin, tool), 0o755);
    }
    const report = await doctor({ env: { PATH: bin }, runtime, storeRoot: join(dir, 'store'), plan, inputs: { modelDir: dir, tokenizerDir: dir }, probes, needsGpu: true });
    const byName = new Map(report.checks.map((c) => [c.name, c]));
    expect(byName.get('GPUs')?.detail).not.toContain('was not asked');
    expect(byName.get('GPUs')?.status).toBe('ok');
    expect(byName.get('image')).toMatchObject({ status: 'ok' });
    // AND the report keeps its order: runtime, container support, GPUs, image, disk, model dir…
    expect(report.checks.map((c) => c.name).slice(0, 5)).toEqual(['runtime', 'NVIDIA container support', 'GPUs', 'image', 'disk']);
  });
});
