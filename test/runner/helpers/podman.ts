// Test helper: can this machine run the runner's podman path, and with which host quirks?
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildStandInImage } from '../../stand-ins/podman-image.mjs';

/**
 * Flags this sandbox needs (see ../shared/tools/podman-test-image.sh), passed the way a user
 * would: through TRTFORGE_* variables, never hard-coded in the runner. Override with the same
 * variables on a machine that needs none (e.g. TRTFORGE_PODMAN_FLAGS='').
 */
export const SANDBOX_PODMAN_ENV = {
  TRTFORGE_PODMAN_FLAGS: process.env.TRTFORGE_PODMAN_FLAGS ?? '--runtime runc --cgroup-manager=cgroupfs',
  // node and its libraries come from the host; the sandbox may not raise memlock, so NVIDIA's memlock=-1 is replaced.
  TRTFORGE_PODMAN_RUN_FLAGS: process.env.TRTFORGE_PODMAN_RUN_FLAGS ?? '-v /usr:/usr:ro -v /lib:/lib:ro -v /lib64:/lib64:ro',
  TRTFORGE_ULIMITS: process.env.TRTFORGE_ULIMITS ?? 'stack=67108864,nofile=1024:1024,nproc=1000:1000',
};

/**
 * Whether a podman failure must fail the suite instead of skipping it: on CI (turbo passes `CI`
 * and `TRTFORGE_REQUIRE_PODMAN` through to the test task, turbo.json `test.env`) unless
 * TRTFORGE_REQUIRE_PODMAN=0 opts out, and anywhere with TRTFORGE_REQUIRE_PODMAN=1.
 */
export function podmanRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  const flag = env.TRTFORGE_REQUIRE_PODMAN;
  if (flag !== undefined && flag !== '') return flag !== '0' && flag.toLowerCase() !== 'false';
  return env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
}

const CDI_DIR = '/var/run/cdi';
const FAKE_CDI = join(CDI_DIR, 'trtforge-test-fake-gpus.json');

export type PodmanProbe = { ok: true; image: string; globalFlags: string[] } | { ok: false; reason: string };

/** Builds the stand-in image and runs one container with the runner's flags; says exactly what failed otherwise. */
export function probePodman(): PodmanProbe {
  const globalFlags = SANDBOX_PODMAN_ENV.TRTFORGE_PODMAN_FLAGS.split(/\s+/).filter(Boolean);
  try {
    execFileSync('podman', ['--version'], { stdio: 'pipe' });
  } catch (error) {
    return { ok: false, reason: `podman is not installed or not on PATH (${(error as Error).message.split('\n')[0]})` };
  }
  let image: string;
  try {
    image = buildStandInImage({ globalFlags });
  } catch (error) {
    return { ok: false, reason: `cannot build the stand-in image with podman import: ${String((error as { stderr?: string }).stderr ?? (error as Error).message).trim().split('\n').pop()}` };
  }
  try {
    const out = execFileSync(
      'podman',
      [...globalFlags, 'run', '--rm', '--init', '--network', 'host', ...SANDBOX_PODMAN_ENV.TRTFORGE_ULIMITS.split(',').flatMap((u) => ['--ulimit', u]), ...SANDBOX_PODMAN_ENV.TRTFORGE_PODMAN_RUN_FLAGS.split(/\s+/), image, 'node', '-e', 'console.log("ok")'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 },
    );
    if (out.trim() !== 'ok') return { ok: false, reason: `a test container ran but printed ${JSON.stringify(out)}` };
  } catch (error) {
    return { ok: false, reason: `podman cannot run a container here: ${String((error as { stderr?: string }).stderr ?? (error as Error).message).trim().split('\n').pop()}` };
  }
  return { ok: true, image, globalFlags };
}

/**
 * The runner asks podman for GPUs through CDI (`--device nvidia.com/gpu=N`). Without NVIDIA's
 * CDI spec (no GPU here) podman refuses the flag, so tests install a spec declaring fake GPUs that
 * only set an env var — unless a real NVIDIA spec exists, which is then used as is.
 */
export function installFakeCdiGpus(count = 2): { ok: true; remove: () => void } | { ok: false; reason: string } {
  const hasReal = [CDI_DIR, '/etc/cdi'].some((dir) => existsSync(dir) && readdirSync(dir).some((f) => f !== 'trtforge-test-fake-gpus.json' && readFileSync(join(dir, f), 'utf8').includes('nvidia.com/gpu')));
  if (hasReal) return { ok: true, remove: () => undefined };
  const devices = Array.from({ length: count }, (_, i) => ({ name: String(i), containerEdits: { env: [`TRTFORGE_FAKE_GPU_${i}=1`] } }));
  try {
    mkdirSync(CDI_DIR, { recursive: true });
    writeFileSync(FAKE_CDI, JSON.stringify({ cdiVersion: '0.5.0', kind: 'nvidia.com/gpu', devices, containerEdits: { env: ['TRTFORGE_FAKE_CDI=1'] } }));
  } catch (error) {
    return { ok: false, reason: `no NVIDIA CDI spec and cannot write a fake one to ${FAKE_CDI} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); podman --device nvidia.com/gpu=N needs one` };
  }
  return { ok: true, remove: () => rmSync(FAKE_CDI, { force: true }) };
}

export function trtforgeContainers(globalFlags: string[]): string[] {
  const out = execFileSync('podman', [...globalFlags, 'ps', '-a', '--format', '{{.Names}}'], { encoding: 'utf8' });
  return out.split('\n').filter((n) => n.startsWith('trtforge-'));
}
