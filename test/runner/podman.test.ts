import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRunContext, serve } from '@trtforge/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStandInImage } from '../stand-ins/podman-image.mjs';
import { cli } from './helpers/cli.js';
import { installFakeCdiGpus, podmanRequired, probePodman, SANDBOX_PODMAN_ENV, trtforgeContainers, type PodmanProbe } from './helpers/podman.js';
import { runUntil, serveOnce, statuses } from './helpers/run.js';
import { standInGate } from './helpers/standin-events.js';
import { untrustworthy } from './helpers/store-invariants.js';
import { createWorkspace, MODEL, type Workspace } from './helpers/workspace.js';

const useImage = (ws: Workspace, image: string): void =>
  ws.editPlan((p) => {
    p.image = image;
    for (const step of [p.steps.convert, p.steps.build, ...Object.values(p.serve.modes)]) step.image = image;
  });

describe('podman runtime (stand-in image, fake CDI GPUs)', () => {
  let podman: PodmanProbe;
  let ws: Workspace;
  let removeCdi = (): void => undefined;

  beforeAll(async () => {
    podman = probePodman();
    if (!podman.ok) {
      if (podmanRequired()) throw new Error(`podman tests are required here (CI or TRTFORGE_REQUIRE_PODMAN=1) but ${podman.reason}`);
      console.warn(`podman tests skipped: ${podman.reason}`);
      return;
    }
    const cdi = installFakeCdiGpus();
    if (!cdi.ok) {
      podman = cdi;
      if (podmanRequired()) throw new Error(`podman tests are required here (CI or TRTFORGE_REQUIRE_PODMAN=1) but ${cdi.reason}`);
      console.warn(`podman tests skipped: ${cdi.reason}`);
      return;
    }
    removeCdi = cdi.remove;
    ws = await createWorkspace();
    Object.assign(ws.env, SANDBOX_PODMAN_ENV, { TRTFORGE_RUNTIME: 'podman' });
    useImage(ws, podman.image);
  });
  afterAll(() => {
    removeCdi();
    ws?.cleanup();
  });

  const runtime = { runtime: 'podman' as const };

  it('serves: convert → build → assemble → tritonserver in containers, ready probe, stop removes the container', async (test) => {
    if (!podman.ok) return test.skip(podman.reason);
    const abort = new AbortController();
    const ctx = await createRunContext(ws.runOptions({ ...runtime, signal: abort.signal }));
    let ready = '';
    const result = await serve(ctx, { readyTimeoutMs: 30_000, onReady: (_s, url) => { ready = url; abort.abort('SIGINT'); } });
    expect(ready).toBe(`http://127.0.0.1:${ws.ports.http}/v2/health/ready`);
    expect(result.outcomes.map((o) => o.status)).toEqual(['built', 'built', 'built']);
    expect(result.status).toBe('stopped');
    expect(trtforgeContainers(podman.globalFlags).filter((n) => n.includes(String(process.pid)))).toEqual([]);
  });

  it('a second run reuses everything; the image id is part of the key', async (test) => {
    if (!podman.ok) return test.skip(podman.reason);
    const again = await serveOnce(ws, { untilStarted: true }, runtime);
    expect(statuses(again)).toEqual({ convert: 'reused', build: 'reused', repo: 'reused' });
    expect((again.outcomes.convert!.components.image as { id: string }).id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('same tag, new image content → convert and build re-run (image.id changed)', async (test) => {
    if (!podman.ok) return test.skip(podman.reason);
    // GIVEN the tag now points at a rebuilt image (another id)
    const other = buildStandInImage({ globalFlags: podman.globalFlags, variant: 'rebuilt' });
    const tagged = `localhost/trtforge-test-ngc:${process.pid}`;
    const { execFileSync } = await import('node:child_process');
    execFileSync('podman', [...podman.globalFlags, 'tag', podman.image, tagged]);
    useImage(ws, tagged);
    const first = await runUntil(ws, 'build', runtime);
    execFileSync('podman', [...podman.globalFlags, 'tag', other, tagged]);
    // WHEN building again
    const second = await runUntil(ws, 'build', runtime);
    execFileSync('podman', [...podman.globalFlags, 'rmi', tagged]);
    useImage(ws, podman.image);
    // THEN everything that ran in the image ran again, and the reason is the image id
    expect(statuses(first)).toEqual({ convert: 'built', build: 'built' });
    expect(statuses(second)).toEqual({ convert: 'built', build: 'built' });
    expect(second.outcomes.convert!.reasons.join('\n')).toMatch(/image\.id: sha256:[0-9a-f]{12} → sha256:[0-9a-f]{12}|image\.id: [0-9a-f]{12} → [0-9a-f]{12}/);
  });

  it('interrupting a containerized build removes its container and stores nothing', async (test) => {
    if (!podman.ok) return test.skip(podman.reason);
    ws.editPlan((p) => { p.steps.build.cacheKey = { ...p.steps.build.cacheKey, variant: 'interrupt' }; });
    const abort = new AbortController();
    // The stand-ins in the container report their pause point into a mounted dir and hold there (events, not a sleep).
    const gateDir = join(ws.root, 'podman-gate');
    mkdirSync(gateDir, { recursive: true });
    const gate = standInGate(gateDir);
    const inContainer = `-v ${gateDir}:/gate --env TRTFORGE_STANDIN_EVENTS=/gate/gate.events --env TRTFORGE_STANDIN_RELEASE=/gate/gate.release`;
    gate.release('convert_checkpoint.py');
    let ended = false;
    const started = runUntil(ws, 'build', { ...runtime, signal: abort.signal, env: { ...ws.env, TRTFORGE_PODMAN_RUN_FLAGS: `${SANDBOX_PODMAN_ENV.TRTFORGE_PODMAN_RUN_FLAGS} ${inContainer}` } });
    started.then(() => (ended = true), () => (ended = true));
    await gate.waitPaused('trtllm-build', 1, () => (ended ? 'the build ended before trtllm-build paused' : undefined));
    expect(trtforgeContainers(podman.globalFlags).filter((n) => n.includes('-build-'))).toHaveLength(1);
    abort.abort('SIGINT');
    await expect(started).rejects.toThrow(/interrupted during build/);
    expect(trtforgeContainers(podman.globalFlags).filter((n) => n.includes('-build-'))).toEqual([]);
    expect(await untrustworthy(ws.store, ws.stateDir)).toEqual([]);
  });

  it('doctor with podman: runtime, CDI GPUs and image present', async (test) => {
    if (!podman.ok) return test.skip(podman.reason);
    const result = await cli(ws, ['doctor', MODEL, '--runtime', 'podman']);
    expect(result.stdout).toMatch(/✓ runtime +podman \d/);
    expect(result.stdout).toMatch(/✓ NVIDIA container support +CDI spec/);
    expect(result.stdout).toMatch(/✓ image +localhost\/trtforge-standins:\S+ present/);
    expect(result.code, result.stdout).toBe(0);
  });
});
