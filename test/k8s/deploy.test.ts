import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers/paths.js';

const MODEL = 'qwen2.5-0.5b';
const KEY = { build: 'b'.repeat(64), repo: 'c'.repeat(64) };
const DIGEST = { build: `sha256:${'1'.repeat(64)}`, repo: `sha256:${'2'.repeat(64)}` };

/**
 * A stand-in for kubectl or oras (test fixtures, not the real tools): records its argv as one JSON
 * line in $STANDIN_LOG and answers the few commands deploy runs.
 */
const STAND_IN = `#!${process.execPath}
const { appendFileSync } = require('node:fs');
const argv = process.argv.slice(1);
const tool = require('node:path').basename(argv[0]);
appendFileSync(process.env.STANDIN_LOG, JSON.stringify([tool, ...argv.slice(1)]) + '\\n');
const args = argv.slice(1);
if (tool === 'kubectl' && args.join(' ') === 'config current-context') { if (process.env.STANDIN_CONTEXT) console.log(process.env.STANDIN_CONTEXT); else process.exit(1); }
if (tool === 'oras' && args[0] === 'resolve') {
  const digests = JSON.parse(process.env.STANDIN_DIGESTS);
  const tag = args[args.length - 1].split(':').pop().split('-')[0];
  if (!digests[tag]) { console.error('Error: ' + args[args.length - 1] + ': not found'); process.exit(1); }
  console.log(digests[tag]);
}
`;

let dir: string;
let bin: string;
let stateDir: string;
let log: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trtforge-deploy-'));
  bin = join(dir, 'bin');
  stateDir = join(dir, 'state');
  log = join(dir, 'argv.log');
  mkdirSync(bin);
  mkdirSync(stateDir);
  writeFileSync(log, '');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function standIns(...tools: string[]): void {
  for (const tool of tools) {
    writeFileSync(join(bin, tool), STAND_IN);
    chmodSync(join(bin, tool), 0o755);
  }
}

/** The state dir's manifests, as the runner writes them; `hostPaths` as the key of a repository assembled for the `local` runtime records them. */
function recordKeys(repoHostPaths: Record<string, string> | null = null): void {
  for (const step of ['build', 'repo'] as const) {
    const files = step === 'build' ? [{ path: 'rank0.engine', bytes: 3 * 1024 ** 3 }, { path: 'config.json', bytes: 1024 }] : [];
    const components = step === 'repo' ? { step, hostPaths: repoHostPaths } : { step };
    writeFileSync(join(stateDir, `${step}.manifest.json`), JSON.stringify({ format: 1, step, key: KEY[step], components, files }));
  }
}

/** The CLI in the repository (it reads generated/ only), with the stand-ins alone on PATH (this host may have a real kubectl). */
function deploy(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, 'deploy', MODEL, '--state-dir', stateDir, ...args], {
    cwd: ROOT, encoding: 'utf8',
    env: { HOME: dir, PATH: bin, NO_COLOR: '1', STANDIN_LOG: log, STANDIN_DIGESTS: JSON.stringify(DIGEST), ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const calls = (): string[][] => readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

describe('trtforge deploy --dry-run', () => {
  it('without a cluster: prints every step as argv, then what is missing, exit 0, and changes nothing', () => {
    const r = deploy(['--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`trtforge build ${MODEL}\n`);
    expect(r.stdout).toContain(`oras resolve '<registry>/<repository>:build-<build key>'\n`);
    expect(r.stdout).toContain('kubectl apply --server-side --field-manager=trtforge -f');
    expect(r.stdout).toContain('kubectl -n default rollout status deployment/qwen2-5-0-5b --timeout=1200s\n');
    expect(r.stdout).toContain('✗ kubectl is not on PATH');
    expect(r.stdout).toContain('✗ oras is not on PATH');
    expect(r.stdout).toContain('✗ TRTFORGE_REMOTE_CACHE is not set');
    expect(r.stdout).toContain('✗ no engine recorded in');
    expect(readdirSync(stateDir)).toEqual([]);
  });

  it('kubectl without a context is "no cluster configured"; the keys and the registry fill the argv', () => {
    standIns('kubectl', 'oras');
    recordKeys();
    const r = deploy(['--dry-run'], { TRTFORGE_REMOTE_CACHE: 'oci://registry.example:5000/team/engines' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`oras resolve registry.example:5000/team/engines:build-${KEY.build}\n`);
    expect(r.stdout).toContain(`oras resolve registry.example:5000/team/engines:repo-${KEY.repo}\n`);
    expect(r.stdout).toContain('✗ kubectl has no current context: no cluster is configured on this host');
    expect(r.stdout).not.toContain('not on PATH');
    // The dry run asked kubectl for its context and ran nothing else.
    expect(calls()).toEqual([['kubectl', 'config', 'current-context']]);
  });

  it('TRTFORGE_REMOTE_CACHE is read by the runner\'s own parser: a bad value is missing with its message (the password never shown)', () => {
    standIns('kubectl', 'oras');
    recordKeys();
    const r = deploy(['--dry-run'], { TRTFORGE_REMOTE_CACHE: 'oci://me:hunter2-pass@registry.example/team/engines', STANDIN_CONTEXT: 'c' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('✗ TRTFORGE_REMOTE_CACHE=oci://***@registry.example/team/engines: credentials do not belong in the setting');
    expect(r.stdout + r.stderr).not.toContain('hunter2-pass');
    const upper = deploy(['--dry-run'], { TRTFORGE_REMOTE_CACHE: 'oci://registry.example/Team/Engines', STANDIN_CONTEXT: 'c' });
    expect(upper.stdout).toContain('"Team/Engines" is not a repository name');
  });

  it('a model repository assembled for the local runtime (host paths in its configs) is missing for a cluster', () => {
    standIns('kubectl', 'oras');
    recordKeys({ '/trtforge/engine': join(dir, 'store', 'entries', 'build', 'x', 'out') });
    const r = deploy(['--dry-run'], { TRTFORGE_REMOTE_CACHE: 'oci://registry.example/team/engines', STANDIN_CONTEXT: 'c' });
    expect(r.stdout).toMatch(/✗ the model repository in .*repo\.manifest\.json was assembled for the local runtime: its configs name this host's paths/);
    expect(r.stdout).toContain(`trtforge serve ${MODEL} --runtime podman`);
  });

  it('with everything present it says so', () => {
    standIns('kubectl', 'oras');
    recordKeys();
    const r = deploy(['--dry-run'], { TRTFORGE_REMOTE_CACHE: 'oci://registry.example/team/engines', STANDIN_CONTEXT: 'gpu-cluster' });
    expect(r.stdout).toContain('✓ this host has what deploy needs (kubectl context gpu-cluster)');
    expect(r.stdout).toMatch(/# the engine is 3\.0 GiB \(.*build\.manifest\.json\), in 1 pod per copy; each pod requests 32Gi of memory/);
  });
});

describe('trtforge deploy', () => {
  it('refuses without a cluster: the missing list, exit 1, no stack trace, nothing written', () => {
    const r = deploy([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ kubectl is not on PATH');
    expect(r.stderr).toMatch(/✗ cannot deploy qwen2\.5-0\.5b: \d+ things missing/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(stateDir)).toEqual([]);
  });

  it('pins both artifacts by digest, applies the pinned manifests and waits (stand-in kubectl and oras)', () => {
    standIns('kubectl', 'oras');
    recordKeys();
    const r = deploy([], { TRTFORGE_REMOTE_CACHE: 'oci://registry.example/team/engines', STANDIN_CONTEXT: 'gpu-cluster' });
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    const pinned = join(stateDir, 'k8s');
    const deployment = readFileSync(join(pinned, 'deployment.yaml'), 'utf8');
    expect(deployment).toContain(`registry.example/team/engines@${DIGEST.build}`);
    expect(deployment).toContain(`registry.example/team/engines@${DIGEST.repo}`);
    expect(deployment).not.toContain('unpinned.trtforge.invalid');
    expect(readdirSync(pinned).sort()).toEqual(['deployment.yaml', 'podmonitor.yaml', 'service.yaml']);
    expect(calls()).toEqual([
      ['kubectl', 'config', 'current-context'],
      ['oras', 'resolve', `registry.example/team/engines:repo-${KEY.repo}`],
      ['oras', 'resolve', `registry.example/team/engines:build-${KEY.build}`],
      ['kubectl', 'config', 'current-context'],
      ['kubectl', 'get', 'crd', 'podmonitors.monitoring.coreos.com'],
      ['kubectl', 'apply', '--server-side', '--field-manager=trtforge', '-f', pinned],
      ['kubectl', '-n', 'default', 'rollout', 'status', 'deployment/qwen2-5-0-5b', '--timeout=1200s'],
    ]);
    // generated/ keeps its placeholders: the pinned copy lives in the (git-ignored) state dir.
    expect(readFileSync(join(ROOT, 'generated', MODEL, 'k8s', 'deployment.yaml'), 'utf8')).toContain('unpinned.trtforge.invalid');
  });

  it('a registry on loopback is resolved over plain HTTP, as the runner pushed to it', () => {
    standIns('kubectl', 'oras');
    recordKeys();
    const r = deploy([], { TRTFORGE_REMOTE_CACHE: 'oci://127.0.0.1:5000/team/engines', STANDIN_CONTEXT: 'gpu-cluster' });
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(calls().filter((c) => c[0] === 'oras')).toEqual([
      ['oras', 'resolve', '--plain-http', `127.0.0.1:5000/team/engines:repo-${KEY.repo}`],
      ['oras', 'resolve', '--plain-http', `127.0.0.1:5000/team/engines:build-${KEY.build}`],
    ]);
    expect(readFileSync(join(stateDir, 'k8s', 'deployment.yaml'), 'utf8')).toContain(`127.0.0.1:5000/team/engines@${DIGEST.repo}`);
  });

  it('an artifact missing from the registry: one clear line naming it, nothing applied', () => {
    standIns('kubectl', 'oras');
    recordKeys();
    const r = deploy([], { TRTFORGE_REMOTE_CACHE: 'oci://registry.example/team/engines', STANDIN_CONTEXT: 'c', STANDIN_DIGESTS: JSON.stringify({ repo: DIGEST.repo }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`✗ the build artifact registry.example/team/engines:build-${KEY.build} is not in the registry`);
    expect(r.stderr).toContain(`trtforge cache push ${MODEL}`);
    expect(existsSync(join(stateDir, 'k8s'))).toBe(false);
    expect(calls().some((c) => c[1] === 'apply')).toBe(false);
  });
});
