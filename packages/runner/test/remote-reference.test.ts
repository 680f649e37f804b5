import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryReference, entryTag, parseRemote } from '../src/store/remote/reference.js';
import { findCredentials, parseChallenge } from '../src/store/remote/credentials.js';

describe('TRTFORGE_REMOTE_CACHE', () => {
  it('loopback registries are plain HTTP, every other one TLS unless TRTFORGE_REMOTE_INSECURE names it', () => {
    expect(parseRemote('oci://127.0.0.1:5000/team/engines')).toEqual({ registry: '127.0.0.1:5000', repository: 'team/engines', scheme: 'http' });
    expect(parseRemote('oci://localhost:5000/e')?.scheme).toBe('http');
    expect(parseRemote('oci://[::1]:5000/e')?.scheme).toBe('http');
    expect(parseRemote('oci://registry.example.com/team/engines')?.scheme).toBe('https');
    expect(parseRemote('oci://10.0.0.5:5000/e')?.scheme).toBe('https');
    expect(parseRemote('oci://10.0.0.5:5000/e', { TRTFORGE_REMOTE_INSECURE: 'other:1, 10.0.0.5:5000' })?.scheme).toBe('http');
    expect(parseRemote('oci://127.0.0.1.evil.example/e')?.scheme).toBe('https');
  });

  it('unset is no remote; bad values fail with what was expected and never echo a login', () => {
    expect(parseRemote(undefined)).toBeUndefined();
    expect(parseRemote('  ')).toBeUndefined();
    expect(() => parseRemote('https://127.0.0.1:5000/e')).toThrow(/not an oci:\/\/ reference/);
    expect(() => parseRemote('oci://127.0.0.1:5000/Team/Engines')).toThrow(/not a repository name/);
    expect(() => parseRemote('oci://127.0.0.1:5000')).toThrow(/not an oci:\/\/ reference/);
    let message = '';
    try {
      parseRemote('oci://me:hunter2hunter2@r.example/e');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/credentials do not belong/);
    expect(message).not.toContain('hunter2');
  });

  it('a step entry is tagged <step>-<key> and referenced by digest once known', () => {
    const key = 'a'.repeat(64);
    expect(entryTag('build', key)).toBe(`build-${key}`);
    const target = { registry: '127.0.0.1:5000', repository: 'team/engines' };
    expect(entryReference(target, 'build', key)).toBe(`127.0.0.1:5000/team/engines:build-${key}`);
    expect(entryReference(target, 'build', key, `sha256:${'b'.repeat(64)}`)).toBe(`127.0.0.1:5000/team/engines@sha256:${'b'.repeat(64)}`);
    expect(entryTag('convert', key).length).toBeLessThanOrEqual(128);
  });
});

describe('registry credentials', () => {
  const home = (): string => mkdtempSync(join(tmpdir(), 'trtforge-creds-'));
  const auth = (user: string, pass: string): string => Buffer.from(`${user}:${pass}`).toString('base64');

  it('env first, then REGISTRY_AUTH_FILE, then ~/.docker/config.json; keys with a scheme or path match', async () => {
    const dir = home();
    mkdirSync(join(dir, '.docker'));
    writeFileSync(join(dir, '.docker', 'config.json'), JSON.stringify({ auths: { 'https://r.example:5000/v2/': { auth: auth('docker', 'from-docker') } } }));
    writeFileSync(join(dir, 'auth.json'), JSON.stringify({ auths: { 'other.example': { auth: auth('x', 'y') }, 'r.example:5000': { auth: auth('podman', 'pass:with:colons') } } }));
    expect(await findCredentials('r.example:5000', { HOME: dir })).toEqual({ username: 'docker', password: 'from-docker', from: '~/.docker/config.json' });
    expect(await findCredentials('r.example:5000', { HOME: dir, REGISTRY_AUTH_FILE: join(dir, 'auth.json') })).toEqual({ username: 'podman', password: 'pass:with:colons', from: 'REGISTRY_AUTH_FILE' });
    expect(await findCredentials('r.example:5000', { HOME: dir, REGISTRY_AUTH_FILE: join(dir, 'auth.json'), TRTFORGE_REGISTRY_USER: 'ci', TRTFORGE_REGISTRY_PASSWORD: 'env-pass' })).toMatchObject({ username: 'ci', from: 'TRTFORGE_REGISTRY_USER/TRTFORGE_REGISTRY_PASSWORD' });
    expect(await findCredentials('unknown.example', { HOME: dir })).toBeUndefined();
    expect(await findCredentials('r.example:5000', { HOME: join(dir, 'nowhere') })).toBeUndefined();
  });

  it('parses bearer and basic challenges', () => {
    expect(parseChallenge('Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:a/b:pull,push' },
    });
    expect(parseChallenge('Basic realm="Registry Realm"')).toEqual({ scheme: 'basic', params: { realm: 'Registry Realm' } });
    expect(parseChallenge(null)).toBeUndefined();
  });
});
