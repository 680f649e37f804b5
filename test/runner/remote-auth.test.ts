// Registry logins: the bearer-token flow (401 challenge → token service with the Basic login →
// Bearer token), credentials from a docker config file or the env, and no password in any output.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cli } from './helpers/cli.js';
import { createWorkspace, MODEL, type Workspace } from './helpers/workspace.js';
import { runUntil, statuses } from './helpers/run.js';
import { registryAvailable, startRegistry, type Registry } from './helpers/registry.js';
import { startRegistryProxy, type RegistryProxy } from './helpers/registry-proxy.js';

const LOGIN = { username: 'ci-bot', password: 'registry-Pa55word-never-printed' };

describe.skipIf(!registryAvailable())('a registry that wants a bearer token', () => {
  let registry: Registry;
  let proxy: RegistryProxy;
  const workspaces: Workspace[] = [];
  const workspace = async (): Promise<Workspace> => {
    const ws = await createWorkspace();
    workspaces.push(ws);
    ws.env.TRTFORGE_REMOTE_CACHE = proxy.remote('auth/engines');
    // No login of the machine's user leaks in: each case says where its login comes from.
    Object.assign(ws.env, { DOCKER_CONFIG: join(ws.root, 'no-docker-config'), REGISTRY_AUTH_FILE: undefined, XDG_RUNTIME_DIR: undefined, TRTFORGE_REGISTRY_USER: undefined, TRTFORGE_REGISTRY_PASSWORD: undefined });
    return ws;
  };
  beforeAll(async () => {
    registry = await startRegistry();
    proxy = await startRegistryProxy(registry.address, { bearer: LOGIN });
  });
  afterAll(async () => {
    await proxy?.stop();
    for (const ws of workspaces) ws.cleanup();
    await registry?.stop();
  });

  test('the login from $DOCKER_CONFIG/config.json gets a token; push and pull go through', async () => {
    const a = await workspace();
    const dockerConfig = join(a.root, 'docker');
    mkdirSync(dockerConfig);
    writeFileSync(join(dockerConfig, 'config.json'), JSON.stringify({ auths: { [proxy.address]: { auth: Buffer.from(`${LOGIN.username}:${LOGIN.password}`).toString('base64') } } }));
    a.env.DOCKER_CONFIG = dockerConfig;
    const built = await runUntil(a, 'build');
    expect(built.outcomes.build!.remote?.status).toBe('pushed');
    expect(proxy.requests.some((r) => r.startsWith('GET /token?') && r.includes('scope=repository%3Aauth%2Fengines%3Apull%2Cpush'))).toBe(true);

    const b = await workspace();
    Object.assign(b.env, { TRTFORGE_REGISTRY_USER: LOGIN.username, TRTFORGE_REGISTRY_PASSWORD: LOGIN.password });
    const pulled = await runUntil(b, 'build');
    expect(statuses(pulled)).toEqual({ convert: 'pulled', build: 'pulled' });
  });

  test('a wrong or missing login: one notice naming where the login came from, the step runs here, the password is nowhere', async () => {
    const c = await workspace();
    Object.assign(c.env, { TRTFORGE_REGISTRY_USER: LOGIN.username, TRTFORGE_REGISTRY_PASSWORD: 'wrong-Pa55word-also-secret' });
    const run = await runUntil(c, 'convert');
    expect(statuses(run)).toEqual({ convert: 'built' });
    const notices = run.events.flatMap((e) => (e.type === 'notice' ? [e.message] : []));
    expect(notices).toContainEqual(expect.stringMatching(/remote store unavailable: the token service of oci:\/\/127\.0\.0\.1:\d+\/auth\/engines refused the login from TRTFORGE_REGISTRY_USER\/TRTFORGE_REGISTRY_PASSWORD \(HTTP 401\)/));
    expect(notices).toContainEqual(expect.stringMatching(/^push to oci:\/\/127\.0\.0\.1:\d+\/auth\/engines failed: .*refused the login/));

    const d = await workspace();
    Object.assign(d.env, { TRTFORGE_REGISTRY_USER: LOGIN.username, TRTFORGE_REGISTRY_PASSWORD: 'wrong-Pa55word-also-secret' });
    const out = await cli(d, ['build', MODEL]);
    expect(out.code).toBe(0);
    const logs = readdirSync(join(d.stateDir, 'logs')).map((f) => readFileSync(join(d.stateDir, 'logs', f), 'utf8')).join('\n');
    for (const text of [out.stdout, out.stderr, logs, JSON.stringify(readdirSync(d.store, { recursive: true }))]) {
      expect(text).not.toContain('wrong-Pa55word-also-secret');
      expect(text).not.toContain(LOGIN.password);
    }
    expect(out.stdout).toMatch(/refused the login from TRTFORGE_REGISTRY_USER\/TRTFORGE_REGISTRY_PASSWORD/);

    const e = await workspace();
    const anonymous = await cli(e, ['cache', 'ls', MODEL]);
    expect(anonymous.code).toBe(1);
    expect(anonymous.stderr).toMatch(/refused an anonymous request \(HTTP 401\)/);
    expect(anonymous.stderr).toMatch(/hint: log in with `docker login`/);
  }, 180_000);
});
