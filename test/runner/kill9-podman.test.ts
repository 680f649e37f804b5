// kill -9 of trtforge while a tool runs in a podman container: nothing of it stays — no podman
// client, no container. (A killed `docker run` client leaves its container running; the watchdog
// removes it with `rm --force`. podman's client may remove its own container once its output pipe
// breaks, so this test shows the outcome, and test/leftovers.test.ts the removal logic.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, startCli } from './helpers/cli.js';
import { installFakeCdiGpus, probePodman, SANDBOX_PODMAN_ENV, trtforgeContainers, type PodmanProbe } from './helpers/podman.js';
import { killMarked, newMarker, survivors } from './helpers/processes.js';
import { untrustworthy } from './helpers/store-invariants.js';
import { createWorkspace, MODEL, type Workspace } from './helpers/workspace.js';

describe('kill -9 with the podman runtime', () => {
  let podman: PodmanProbe;
  let ws: Workspace;
  let removeCdi = (): void => undefined;
  const mark = newMarker();

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
    // THEN the podman client and the container are gone
    expect(await survivors(mark, 60_000)).toEqual([]);
    expect(ours()).toEqual([]);
    // AND the next run takes the dead owner's lock at once and builds
    const next = await cli(ws, ['build', MODEL]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toMatch(new RegExp(`taking lock \\S+/locks/convert-\\S+: owner pid ${run.child.pid} \\(started [^)]+\\) is gone`));
    expect(await untrustworthy(ws.store, ws.stateDir)).toEqual([]);
  }, 300_000);
});
