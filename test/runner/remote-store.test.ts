// The remote tier against the real registry (Debian's docker-registry on 127.0.0.1): push after a
// build, pull into an empty store with zero tool executions, refuse damaged blobs, dedupe, mount.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, chmodSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assembleRepository, createRunContext, selectServeStep, type RunEvent } from '@trtforge/runner';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cli, STACK_TRACE } from './helpers/cli.js';
import { createWorkspace, MODEL, REPO_ROOT, SECRET, type Workspace } from './helpers/workspace.js';
import { runUntil, serveOnce, statuses } from './helpers/run.js';
import { registryAvailable, registryBlobs, startRegistry, type Registry } from './helpers/registry.js';
import { treeDigests, tracedTools } from './helpers/remote.js';

const available = registryAvailable();

describe.skipIf(!available)('remote store on a real OCI registry', () => {
  let registry: Registry;
  const workspaces: Workspace[] = [];
  const workspace = async (repository: string): Promise<Workspace> => {
    const ws = await createWorkspace();
    workspaces.push(ws);
    ws.env.TRTFORGE_REMOTE_CACHE = registry.remote(repository);
    ws.env.TRTFORGE_STANDIN_TRACE = join(ws.root, 'trace');
    return ws;
  };

  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(async () => {
    for (const ws of workspaces) ws.cleanup();
    await registry?.stop();
  });

  test('A builds and pushes; B with an empty store pulls both entries, runs no tool, and gets the same files', async () => {
    const a = await workspace('team/engines');
    const built = await runUntil(a, 'build');
    expect(statuses(built)).toEqual({ convert: 'built', build: 'built' });
    expect(built.outcomes.build!.remote).toMatchObject({ status: 'pushed', reference: expect.stringMatching(new RegExp(`^${registry.address}/team/engines@sha256:[0-9a-f]{64}$`)) });
    expect(tracedTools(a)).toEqual(['convert_checkpoint.py', 'trtllm-build']);

    const b = await workspace('team/engines');
    const pulled = await runUntil(b, 'build');
    expect(statuses(pulled)).toEqual({ convert: 'pulled', build: 'pulled' });
    expect(tracedTools(b)).toEqual([]);
    expect(pulled.outcomes.build!.key).toBe(built.outcomes.build!.key);
    expect(treeDigests(pulled.outcomes.build!.output)).toEqual(treeDigests(built.outcomes.build!.output));
    expect(treeDigests(pulled.outcomes.convert!.output)).toEqual(treeDigests(built.outcomes.convert!.output));
    // entry.json is the one A committed (same files, digests, createdAt), and the manifest names the digest a cluster pulls
    const entryJson = (o: typeof pulled.outcomes.build) => JSON.parse(readFileSync(join(o!.entry!.dir, 'entry.json'), 'utf8'));
    expect(entryJson(pulled.outcomes.build)).toEqual(entryJson(built.outcomes.build));
    const manifest = JSON.parse(readFileSync(join(b.stateDir, 'build.manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ status: 'pulled', remote: { digest: pulled.outcomes.build!.remote!.digest } });
    expect(pulled.outcomes.build!.remote!.digest).toBe(built.outcomes.build!.remote!.digest);

    // a second run in B reuses its local entry: nothing is pulled again
    const again = await runUntil(b, 'build');
    expect(statuses(again)).toEqual({ convert: 'reused', build: 'reused' });
  });

  /**
   * The model repository as a container (and a Kubernetes pod) sees it: assembled through a podman
   * context. Assembling starts no container, so no podman is needed; convert/build are the local
   * runtime's entries (their keys name the image identity the runtime reports, so they differ by
   * runtime — the engine bytes a pod pulls are the same).
   */
  async function assembleForContainers(ws: Workspace, engineDir: string) {
    const events: RunEvent[] = [];
    const ctx = await createRunContext(ws.runOptions({ runtime: 'podman', onEvent: (e) => events.push(e) }));
    const outcome = await assembleRepository(ctx, selectServeStep(ctx), engineDir);
    return { outcome, events, notices: events.flatMap((e) => (e.type === 'notice' ? [e.message] : [])) };
  }

  test('the model repository: A pushes it once assembled; B pulls it (no tool run, same files, its empty version dir) and deploy --dry-run names tags the registry has', async () => {
    const a = await workspace('team/repos');
    const aBuilt = await runUntil(a, 'build');
    const aRepo = await assembleForContainers(a, aBuilt.outcomes.build!.output);
    expect(aRepo.outcome.status).toBe('built');
    expect(aRepo.outcome.remote).toMatchObject({ status: 'pushed', reference: expect.stringMatching(new RegExp(`^${registry.address}/team/repos@sha256:[0-9a-f]{64}$`)) });
    expect(readdirSync(join(aRepo.outcome.output, 'ensemble', '1'))).toEqual([]);

    const b = await workspace('team/repos');
    const bBuilt = await runUntil(b, 'build');
    expect(statuses(bBuilt)).toEqual({ convert: 'pulled', build: 'pulled' });
    const bRepo = await assembleForContainers(b, bBuilt.outcomes.build!.output);
    expect(bRepo.outcome.status).toBe('pulled');
    expect(bRepo.outcome.key).toBe(aRepo.outcome.key);
    expect(tracedTools(b)).toEqual([]);
    expect(treeDigests(bRepo.outcome.output)).toEqual(treeDigests(aRepo.outcome.output));
    // a layer is a file: the empty version directory Triton needs for the ensemble comes from the manifest
    expect(readdirSync(join(bRepo.outcome.output, 'ensemble', '1'))).toEqual([]);
    expect(bRepo.outcome.remote).toMatchObject({ status: 'pulled', digest: aRepo.outcome.remote!.digest });
    expect(JSON.parse(readFileSync(join(b.stateDir, 'repo.manifest.json'), 'utf8'))).toMatchObject({ status: 'pulled', remote: { digest: aRepo.outcome.remote!.digest } });
    // a second assembly in B reuses the pulled entry
    expect((await assembleForContainers(b, bBuilt.outcomes.build!.output)).outcome.status).toBe('reused');

    // cache ls lists the model repository next to the engine, with the digest a cluster pins
    const ls = await cli(b, ['cache', 'ls', MODEL, '--runtime', 'podman']);
    expect(ls.code, ls.stderr).toBe(0);
    expect(ls.stdout).toMatch(new RegExp(`repo\\s+key ${aRepo.outcome.key.slice(0, 12)}\\s+local: yes\\s+remote: ${aRepo.outcome.remote!.reference.replace(/[.]/g, '\\.')} \\(`));

    // `cache pull` fetches the repository by hand too (C, empty store); convert/build are not there at the
    // podman runtime's keys (the image identity differs by runtime), which it says, exit 1
    const c = await workspace('team/repos');
    const pull = await cli(c, ['cache', 'pull', MODEL, '--runtime', 'podman']);
    expect(pull.stdout).toMatch(new RegExp(`repo\\s+key ${aRepo.outcome.key.slice(0, 12)}\\s+pulled .*\\n.*every file verified`));
    expect(pull.stdout).toMatch(/build\s+key [0-9a-f]{12}\s+not in the registry/);
    expect(pull.code).toBe(1);
    const cManifest = JSON.parse(readFileSync(join(c.stateDir, 'repo.manifest.json'), 'utf8'));
    expect(cManifest).toMatchObject({ key: aRepo.outcome.key, status: 'pulled' });
    expect(treeDigests(cManifest.output)).toEqual(treeDigests(aRepo.outcome.output));
    expect(readdirSync(join(cManifest.output, 'ensemble', '1'))).toEqual([]);

    // deploy --dry-run: every `oras resolve` it prints names a tag this registry holds, at the digest pushed
    cpSync(join(REPO_ROOT, 'generated', MODEL, 'k8s'), join(b.root, 'generated', MODEL, 'k8s'), { recursive: true });
    const dry = await cli(b, ['deploy', MODEL, '--dry-run', '--state-dir', b.stateDir]);
    expect(dry.code, dry.stderr).toBe(0);
    const resolves = dry.stdout.split('\n').filter((l) => l.startsWith('oras resolve '));
    const references = resolves.map((l) => l.split(' ').pop()!);
    expect(resolves.every((l) => l.startsWith('oras resolve --plain-http '))).toBe(true); // the registry is on loopback: plain HTTP, as the runner reaches it
    expect(references.sort()).toEqual([
      `${registry.address}/team/repos:build-${bBuilt.outcomes.build!.key}`,
      `${registry.address}/team/repos:repo-${aRepo.outcome.key}`,
    ]);
    const digests = { build: aBuilt.outcomes.build!.remote!.digest, repo: aRepo.outcome.remote!.digest };
    for (const reference of references) {
      // skopeo, not trtforge's own client, reads what the registry serves under the printed tag
      const raw = spawnSync('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${reference}`], { encoding: 'utf8' });
      expect(raw.status, raw.stderr).toBe(0);
      const step = /:(build|repo)-[0-9a-f]{64}$/.exec(reference)![1] as 'build' | 'repo';
      expect(`sha256:${createHash('sha256').update(raw.stdout).digest('hex')}`).toBe(digests[step]);
    }
  }, 180_000);

  test('serve on the local runtime pushes its repository (unless --no-push); cache ls computes the same key', async () => {
    const a = await workspace('team/local');
    const served = await serveOnce(a);
    expect(served.outcomes.repo).toMatchObject({ status: 'built', remote: { status: 'pushed' } });
    const ls = await cli(a, ['cache', 'ls', MODEL]);
    expect(ls.stdout).toMatch(new RegExp(`repo\\s+key ${served.outcomes.repo!.key.slice(0, 12)}\\s+local: yes\\s+remote: ${registry.address.replace(/[.]/g, '\\.')}/team/local@sha256:`));
    // another checkout's local repository names its own paths (another key): with --no-push it stays here
    const b = await workspace('team/local');
    const quiet = await serveOnce(b, { untilStarted: true }, { noPush: true });
    expect(quiet.outcomes.repo!.key).not.toBe(served.outcomes.repo!.key);
    expect(quiet.outcomes.repo!.remote).toBeUndefined();
    const tag = await fetch(`http://${registry.address}/v2/team/local/manifests/repo-${quiet.outcomes.repo!.key}`, { method: 'HEAD', headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } });
    expect(tag.status).toBe(404);
  }, 180_000);

  test('a model repository holding what looks like a secret is never pushed: one clear line naming the file, not the value', async () => {
    const a = await workspace('team/secrets');
    const built = await runUntil(a, 'build');
    // a value of this host's secret env (HF_TOKEN) pasted into a compiled config
    appendFileSync(join(a.root, 'generated', MODEL, 'triton_model_repo', 'preprocessing', 'config.pbtxt'), `\n# token ${SECRET}\n`);
    const repo = await assembleForContainers(a, built.outcomes.build!.output);
    expect(repo.outcome.status).toBe('built');
    expect(repo.outcome.remote).toMatchObject({ status: 'push-failed' });
    const said = repo.notices.find((m) => m.startsWith('refusing to push the repo entry'));
    expect(said).toMatch(/preprocessing\/config\.pbtxt holds what looks like the value of a secret environment variable of this host \(not pushed to oci:\/\//);
    expect(repo.events.map((e) => JSON.stringify(e)).join('\n')).not.toContain(SECRET);
    const tag = await fetch(`http://${registry.address}/v2/team/secrets/manifests/repo-${repo.outcome.key}`, { method: 'HEAD', headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } });
    expect(tag.status).toBe(404);

    // a credential shape (a Hugging Face token), whatever the env holds, and through `cache push`: exit 1, the file named
    appendFileSync(join(a.root, 'generated', MODEL, 'triton_model_repo', 'postprocessing', 'config.pbtxt'), `\n# hf_${'Ab1'.repeat(12)}\n`);
    const again = await assembleForContainers(a, built.outcomes.build!.output);
    expect(again.notices.some((m) => /postprocessing\/config\.pbtxt holds what looks like a Hugging Face access token/.test(m) || /preprocessing\/config\.pbtxt/.test(m))).toBe(true);
    const push = await cli(a, ['cache', 'push', MODEL, '--runtime', 'podman'], { HF_TOKEN: '' });
    expect(push.code).toBe(1);
    expect(push.stderr).toMatch(/refusing to push the repo entry [0-9a-f]{12}: postprocessing\/config\.pbtxt holds what looks like a Hugging Face access token/);
    expect(push.stderr).not.toMatch(STACK_TRACE);
    expect(push.stderr + push.stdout).not.toContain(`hf_${'Ab1'.repeat(12)}`);
  }, 180_000);

  test('identical files are one blob; a push to another repository mounts what the registry has', async () => {
    const c = await workspace('team/engines');
    const first = await runUntil(c, 'build'); // pulled from the first test's push (same key), or built here
    const entry = first.outcomes.build!.entry!;
    const files = entry.meta.files;
    const distinct = new Set(files.map((f) => f.sha256));
    const { OciTier, Store, parseRemote } = await import('@trtforge/runner');
    const other = new OciTier(parseRemote(registry.remote('other/engines'))!, new Store(c.store), c.env);
    const pushed = await other.push(entry);
    expect(pushed.blobs).toEqual({ present: 0, mounted: distinct.size, uploaded: 0, resumedBytes: 0 });
    expect(pushed.transferredBytes).toBe(0);
    const again = await other.push(entry);
    expect(again.blobs).toMatchObject({ present: distinct.size, mounted: 0, uploaded: 0 });
    // the manifest lists every file; the registry stores each distinct content once
    const manifest = await (await fetch(`http://${registry.address}/v2/other/engines/manifests/build-${entry.key}`, { headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } })).json() as { layers: Array<{ digest: string; annotations: Record<string, string> }> };
    expect(manifest.layers.map((l) => l.annotations['org.opencontainers.image.title'])).toEqual(files.map((f) => f.path));
    const stored = new Set(registryBlobs(registry).map((b) => b.digest));
    for (const d of distinct) expect(stored.has(`sha256:${d}`)).toBe(true);
  });

  // A registry keeps one copy of a blob for all its repositories, so this test damages a registry of its own.
  test('a byte flipped in a registry blob: the pull refuses it, nothing is committed, the step is built here', async () => {
    const damaged = await startRegistry();
    try {
      await flipTest(damaged);
    } finally {
      await damaged.stop();
    }
  });

  async function flipTest(registry: Registry): Promise<void> {
    const a = await workspace('flip/engines');
    a.env.TRTFORGE_REMOTE_CACHE = registry.remote('flip/engines');
    const built = await runUntil(a, 'build', { noPush: false });
    const engine = built.outcomes.build!.entry!.meta.files.filter((f) => f.path.endsWith('.engine')).sort((x, y) => y.bytes - x.bytes)[0]!;
    const blob = registry.blobPath(`sha256:${engine.sha256}`);
    chmodSync(blob, 0o644);
    const bytes = readFileSync(blob);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    writeFileSync(blob, bytes);

    const b = await workspace('flip/engines');
    b.env.TRTFORGE_REMOTE_CACHE = registry.remote('flip/engines');
    const run = await runUntil(b, 'build', { noPush: true });
    expect(statuses(run)).toEqual({ convert: 'pulled', build: 'built' });
    expect(tracedTools(b)).toEqual(['trtllm-build']);
    const notices = run.events.flatMap((e) => (e.type === 'notice' ? [e.message] : []));
    expect(notices.some((m) => m.startsWith('refused the remote entry') && m.includes(engine.path) && m.includes(engine.sha256))).toBe(true);
    expect(treeDigests(run.outcomes.build!.output)).toEqual(treeDigests(built.outcomes.build!.output));
    // the temp dir of the refused pull is gone
    expect(existsSync(join(b.store, 'tmp')) ? readdirSync(join(b.store, 'tmp')) : []).toEqual([]);
  }

  test('trtforge cache ls|pull|push: where each entry is, an explicit pull, a push to another repository', async () => {
    const a = await workspace('cli/engines');
    expect((await cli(a, ['build', MODEL, '--no-push'])).code).toBe(0);
    const lsEmpty = await cli(a, ['cache', 'ls', MODEL]);
    expect(lsEmpty.code, lsEmpty.stderr).toBe(0);
    expect(lsEmpty.stdout).toMatch(/convert\s+key [0-9a-f]{12}\s+local: yes\s+remote: not in the registry/);
    expect(lsEmpty.stdout).toMatch(/build\s+key [0-9a-f]{12}\s+local: yes\s+remote: not in the registry/);

    const push = await cli(a, ['cache', 'push', MODEL]);
    expect(push.code, push.stderr).toBe(0);
    expect(push.stdout).toMatch(new RegExp(`build\\s+key [0-9a-f]{12}\\s+pushed ${registry.address}/cli/engines@sha256:[0-9a-f]{64}`));

    const b = await workspace('cli/engines');
    const pull = await cli(b, ['cache', 'pull', MODEL]);
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.stdout).toMatch(/build\s+key [0-9a-f]{12}\s+pulled .*\n.*every file verified/);
    expect(tracedTools(b)).toEqual([]);
    // the checkout stands on what it pulled: the state dir names the key and digest (what deploy pins)
    const recorded = JSON.parse(readFileSync(join(b.stateDir, 'build.manifest.json'), 'utf8'));
    expect(recorded).toMatchObject({ step: 'build', status: 'pulled', remote: { digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) } });
    expect(pull.stdout).toContain(`key ${recorded.key.slice(0, 12)}`);
    const ls = await cli(b, ['cache', 'ls', MODEL]);
    expect(ls.stdout).toMatch(/build\s+key [0-9a-f]{12}\s+local: yes\s+remote: 127\.0\.0\.1:\d+\/cli\/engines@sha256:/);
    // the build now reuses what the pull committed
    const build = await cli(b, ['build', MODEL]);
    expect(build.code).toBe(0);
    expect(build.stdout).toMatch(/build\s+reused/);
    expect(tracedTools(b)).toEqual([]);

    // nothing to push, and no remote at all: one clear line each, exit 1
    const empty = await workspace('cli/empty');
    const nothing = await cli(empty, ['cache', 'push', MODEL]);
    expect(nothing.code).toBe(1);
    expect(nothing.stdout).toMatch(/not in the local store: nothing to push/);
    const none = await cli(empty, ['cache', 'ls', MODEL], { TRTFORGE_REMOTE_CACHE: '' });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no remote store configured on this host/);
    expect(none.stderr).not.toMatch(STACK_TRACE);
    const bad = await cli(empty, ['cache', 'ls', MODEL], { TRTFORGE_REMOTE_CACHE: 'oci://user:s3cret-pass@registry.example/x' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/oci:\/\/\*\*\*@registry.example\/x: credentials do not belong in the setting/);
    expect(bad.stderr + bad.stdout).not.toContain('s3cret-pass');
  }, 180_000);
});
