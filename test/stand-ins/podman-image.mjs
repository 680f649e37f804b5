// STAND-IN FOR TESTS: not NVIDIA's tool; validates argv against the reference option table and writes artifacts of the real layout.
// A local podman image that plays the NGC tritonserver image for container tests: a busybox
// rootfs with these stand-ins under /standins (first on PATH). Like
// ../shared/tools/podman-test-image.sh, it is run with the host's /usr, /lib and /lib64
// mounted read-only, so the stand-ins' node comes from the host.
import { FAMILY_TABLES, SERVE_TABLE_FILES, referenceDir } from './lib/tables.mjs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const STAND_INS = fileURLToPath(new URL('./', import.meta.url));
const BUSYBOX = '/bin/busybox';

function contentHash(dir) {
  const hash = createHash('sha256');
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else hash.update(full.slice(dir.length)).update(readFileSync(full));
    }
  };
  walk(dir);
  return hash.digest('hex').slice(0, 12);
}

/** Images of earlier stand-in versions are dead weight: remove them (best effort; one in use stays). */
function pruneOlderImages(run, keep) {
  const current = keep.replace(/-[a-z]+$/, '');
  const tags = run('images', '--format', '{{.Repository}}:{{.Tag}}').split('\n').filter((t) => t.startsWith('localhost/trtforge-standins:'));
  for (const tag of tags) {
    if (tag.replace(/-[a-z]+$/, '') === current) continue;
    try {
      run('rmi', tag);
    } catch {
      // in use by a container of a concurrent run
    }
  }
}

/**
 * Builds (once per content) `localhost/trtforge-standins:<hash>[-<variant>]` and returns its name.
 * A different `variant` yields an image with another id: "same model, new image" for cache tests.
 */
export function buildStandInImage({ podman = 'podman', globalFlags = [], variant = '' } = {}) {
  const run = (...args) => execFileSync(podman, [...globalFlags, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const image = `localhost/trtforge-standins:${contentHash(STAND_INS)}${contentHash(FAMILY_TABLES).slice(0, 4)}${variant ? `-${variant}` : ''}`;
  try {
    run('image', 'exists', image);
    return image;
  } catch {
    // not built yet
  }
  if (!existsSync(BUSYBOX)) throw new Error(`${BUSYBOX} is missing (apt-get install busybox-static)`);
  const root = mkdtempSync(join(tmpdir(), 'trtforge-rootfs-'));
  try {
    for (const dir of ['bin', 'tmp', 'work', 'standins']) mkdirSync(join(root, dir), { recursive: true });
    cpSync(BUSYBOX, join(root, 'bin', 'busybox'));
    for (const applet of ['sh', 'ls', 'cat', 'env', 'mkdir', 'rm', 'sleep']) symlinkSync('busybox', join(root, 'bin', applet));
    cpSync(STAND_INS, join(root, 'standins'), { recursive: true });
    // The real tools' option tables come from ../shared at image-build time (never committed).
    for (const table of ['trtllm-0.17', 'triton-25.01']) cpSync(join(referenceDir(), table), join(root, 'standins', 'reference', table), { recursive: true });
    // The converters' option tables per family and the serving tools' per release are the compiler's data (packages/compiler/data).
    const serveTables = new Set(Object.values(SERVE_TABLE_FILES).map((file) => file('').split('/').at(-1)));
    for (const dir of readdirSync(FAMILY_TABLES).filter((d) => d.startsWith('trtllm-') || d.startsWith('tensorrtllm_backend-'))) {
      mkdirSync(join(root, 'standins', 'families', dir), { recursive: true });
      for (const file of readdirSync(join(FAMILY_TABLES, dir)).filter((f) => f.startsWith('convert_checkpoint.') || serveTables.has(f))) cpSync(join(FAMILY_TABLES, dir, file), join(root, 'standins', 'families', dir, file));
    }
    writeFileSync(join(root, 'standins', 'VARIANT'), `${variant}\n`);
    const tar = `${root}.tar`;
    execFileSync('tar', ['-C', root, '-cf', tar, '.']);
    run('import', '--change', 'ENV PATH=/standins/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', tar, image);
    rmSync(tar, { force: true });
    pruneOlderImages(run, image);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return image;
}
