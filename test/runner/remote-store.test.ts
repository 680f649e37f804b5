// The remote tier against the real registry (Debian's docker-registry on 127.0.0.1): push after a
// build, pull into an empty store with zero tool executions, refuse damaged blobs, dedupe, mount.
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cli, STACK_TRACE } from './helpers/cli.js';
import { createWorkspace, MODEL, type Workspace } from './helpers/workspace.js';
import { runUntil, statuses } from './helpers/run.js';
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
