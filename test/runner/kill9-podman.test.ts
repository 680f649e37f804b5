// kill -9 of trtforge while a tool runs in a podman container: a killed `podman run` client
// leaves its container running; trtforge's watchdog removes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, startCli } from './helpers/cli.js';
import { installFakeCdiGpus, probePodman, SANDBOX_PODMAN_ENV, trtforgeContainers, type PodmanProbe } from './helpers/podman.js';
import { killMarked, markedProcesses, newMarker, survivors } from './helpers/processes.js';
import { untrustworthy } from './helpers/store-invariants.js';
import { createWorkspace, MODEL, type Workspace } from './helpers/workspace.js';

describe('kill -9 with the podman runtime', () => {
  let podman: PodmanProbe;
  let ws: Workspace;
  let removeCdi = (): void => undefined;
  const mark = newMarker();
  const mark2 = newMarker();

  beforeAll(async () => {
    podman = probePodman();
    if (!podman.ok) {
      console.warn(`podman tests skipped: ${podman.reason}`);
      if (process.env.TRTFORGE_REQUIRE_PODMAN) throw new Error(`TRTFORGE_REQUIRE_PODMAN is set but ${podman.reason}`);
      return;
    }
    const cdi = installFakeCdiGpus();
    if (!cdi.ok) {
      podman = cdi;
      console.warn(`podman tests skipped: ${cdi.reason}`);
      if (process.env.TRTFORGE_REQUIRE_PODMAN) throw new Error(`TRTFORGE_REQUIRE_PODMAN is set but ${cdi.reason}`);
      return;
    }
    removeCdi = cdi.remove;
    ws = await createWorkspace();
    Object.assign(ws.env, SANDBOX_PODMAN_ENV, { TRTFORGE_RUNTIME: 'podman' });
    const image = podman.image;
    ws.editPlan((p) => {
      p.image = image;
      for (const step of [p.steps.convert, p.steps.build, ...Object.values(p.serve.modes)]) step.image = image;
    });
  });
  afterAll(() => {
    killMarked(mark);
    killMarked(mark2);
    removeCdi();
    ws?.cleanup();
  });

  it('the container of a tool whose trtforge was SIGKILLed is removed; the next run builds', async (test) => {
    if (!podman.ok) return test.skip(podman.reason);
    // GIVEN a containerized convert that holds mid-work (until a file that never comes)
    const run = startCli(ws, ['build', MODEL], {
      [mark.name]: mark.value,
      TRTFORGE_PODMAN_RUN_FLAGS: `${SANDBOX_PODMAN_ENV.TRTFORGE_PODMAN_RUN_FLAGS} --env TRTFORGE_STANDIN_HOLD_FILE=/never`,
    });
    const ours = (): string[] => trtforgeContainers(podman.ok ? podman.globalFlags : []).filter((n) => n.endsWith(`-${run.child.pid}`));
    // WHEN trtforge is killed with -9 once the tool's container runs
    const deadline = Date.now() + 120_000; // a bound for a broken runner, not the event waited for
    while (!ours().some((n) => n.includes('-convert-'))) {
      if (run.child.exitCode !== null || Date.now() > deadline) {
        run.child.kill('SIGKILL'); // its watchdog still removes what it started
        { const r = await run.done; throw new Error(`no convert container appeared:\n${r.stdout}\n${r.stderr}`); }
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    run.child.kill('SIGKILL');
    await run.done;
    // THEN the watchdog removes the container (and the podman client is gone)
    expect(await survivors(mark, 60_000)).toEqual([]);
    expect(ours()).toEqual([]);
    // AND the next run takes the dead owner's lock at once and builds
    const next = await cli(ws, ['build', MODEL]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toMatch(new RegExp(`taking lock \\S+/locks/convert-\\S+: owner pid ${run.child.pid} \\(started [^)]+\\) is gone`));
    expect(await untrustworthy(ws.store, ws.stateDir)).toEqual([]);
  }, 300_000);
  it("watchdog killed too: the next run removes the dead owner's container itself, and says so", async (test) => {
    if (!podman.ok) return test.skip(podman.reason);
    ws.editPlan((p) => { p.steps.convert.cacheKey = { ...p.steps.convert.cacheKey, variant: 'no-watchdog' }; });
    const run = startCli(ws, ['build', MODEL], {
      [mark2.name]: mark2.value,
      TRTFORGE_PODMAN_RUN_FLAGS: `${SANDBOX_PODMAN_ENV.TRTFORGE_PODMAN_RUN_FLAGS} --env TRTFORGE_STANDIN_HOLD_FILE=/never`,
    });
    const ours = (): string[] => trtforgeContainers(podman.ok ? podman.globalFlags : []).filter((n) => n.endsWith(`-${run.child.pid}`));
    const deadline = Date.now() + 120_000; // a bound for a broken runner, not the event waited for
    while (!ours().some((n) => n.includes('-convert-'))) {
      if (run.child.exitCode !== null || Date.now() > deadline) {
        run.child.kill('SIGKILL');
        { const r = await run.done; throw new Error(`no convert container appeared:\n${r.stdout}\n${r.stderr}`); }
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    // WHEN the watchdog goes first, then trtforge: nobody removes the container
    const [watchdog] = markedProcesses(mark2).filter((p) => p.watchdog);
    expect(watchdog).toBeDefined();
    process.kill(watchdog!.pid, 'SIGKILL');
    run.child.kill('SIGKILL');
    await run.done;
    const [container] = ours();
    expect(container).toBeDefined();
    // THEN the next run, taking the dead owner's lock, stops its podman client and removes its container
    const next = await cli(ws, ['build', MODEL]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toMatch(new RegExp(`taking lock \\S+/locks/convert-\\S+: owner pid ${run.child.pid} \\(started [^)]+\\) is gone`));
    expect(next.stdout).toContain(`removed container ${container} left running by pid ${run.child.pid}`);
    expect(ours()).toEqual([]);
    expect(markedProcesses(mark2)).toEqual([]);
  }, 300_000);
});
