import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readManifest } from '@trtforge/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, STACK_TRACE } from './helpers/cli.js';
import { DAMAGE, digestMismatches } from './helpers/damage.js';
import { runUntil, statuses } from './helpers/run.js';
import { createWorkspace, MODEL, type Workspace } from './helpers/workspace.js';

const quarantined = (ws: Workspace, step: string): string[] => (existsSync(join(ws.store, 'quarantine', step)) ? readdirSync(join(ws.store, 'quarantine', step)) : []);

describe('trtforge verify: re-hashes store entries against the digests recorded at build time', () => {
  let ws: Workspace;
  let engine: string;
  beforeAll(async () => {
    ws = await createWorkspace();
    await runUntil(ws, 'build');
    engine = (await readManifest(ws.stateDir, 'build'))!.entry;
  });
  afterAll(() => ws.cleanup());

  it('an intact store: one ok line per entry, exit 0', async () => {
    const r = await cli(ws, ['verify']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ {2}ok +convert +[0-9a-f]{12} +qwen2\.5-0\.5b/m);
    expect(r.stdout).toMatch(/^ {2}ok +build +[0-9a-f]{12} +qwen2\.5-0\.5b/m);
    expect(r.stdout).toMatch(/^2 entries checked, 1\.0 MiB hashed: all intact$/m);
  });

  it('a flipped byte (invisible to the size check): damaged, with file, expected and actual digest on one line; exit 1; nothing moved', async () => {
    const expected = (JSON.parse(readFileSync(join(engine, 'entry.json'), 'utf8')) as { files: Array<{ path: string; sha256: string }> }).files.find((f) => f.path === 'rank0.engine')!.sha256;
    DAMAGE[1]!.apply(join(engine, 'out'), 'rank0.engine');
    const r = await cli(ws, ['verify', MODEL]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {2}damaged build +[0-9a-f]{12} +qwen2\.5-0\.5b/m);
    expect(r.stdout).toMatch(new RegExp(`^ +rank0\\.engine: expected sha256 ${expected}, found sha256 [0-9a-f]{64}$`, 'm'));
    expect(r.stdout).toMatch(/^ {2}ok +convert/m);
    expect(r.stderr).toMatch(/1 damaged store entry: the next run that reads a damaged entry moves it aside and rebuilds it/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(existsSync(engine)).toBe(true); // verify reports; it does not move without --quarantine
  });

  it('--quarantine moves the damaged entry aside (exit 1 still); the next build rebuilds it; then all is intact', async () => {
    const r = await cli(ws, ['verify', '--quarantine']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ +moved to .*quarantine\/build\/[0-9a-f]{64}-/m);
    expect(existsSync(engine)).toBe(false);
    expect(quarantined(ws, 'build')).toHaveLength(1);
    expect(statuses(await runUntil(ws, 'build'))).toEqual({ convert: 'reused', build: 'built' });
    const again = await cli(ws, ['verify']);
    expect(again.code, again.stdout).toBe(0);
  });

  it('a model with no entries: says so, exit 0', async () => {
    const r = await cli(ws, ['verify', 'no-such-model']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no store entries of no-such-model in /);
  });

  it('an entry written before digests (format 1, sizes only) is reused by size, then hashed once and its digests recorded', async () => {
    const convert = (await readManifest(ws.stateDir, 'convert'))!.entry;
    const metaPath = join(convert, 'entry.json');
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as { format: number; files: Array<{ path: string; bytes: number; sha256?: string }> };
    const digests = meta.files.map((f) => f.sha256);
    chmodSync(convert, 0o755);
    chmodSync(metaPath, 0o644);
    writeFileSync(metaPath, JSON.stringify({ ...meta, format: 1, files: meta.files.map(({ path, bytes }) => ({ path, bytes })) }, null, 2));
    expect(statuses(await runUntil(ws, 'build'))).toEqual({ convert: 'reused', build: 'reused' });
    const r = await cli(ws, ['verify', MODEL]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/ok +convert .*written before digests: hashed now, digests recorded/);
    const upgraded = JSON.parse(readFileSync(metaPath, 'utf8')) as typeof meta;
    expect(upgraded.format).toBe(2);
    expect(upgraded.files.map((f) => f.sha256)).toEqual(digests);
    expect([statSync(convert).mode & 0o777, statSync(metaPath).mode & 0o777]).toEqual([0o555, 0o444]);
  });

  it('an entry written before digests whose size changed is damaged like any other', async () => {
    const convert = (await readManifest(ws.stateDir, 'convert'))!.entry;
    const metaPath = join(convert, 'entry.json');
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as { files: Array<{ path: string; bytes: number }> };
    chmodSync(convert, 0o755);
    chmodSync(metaPath, 0o644);
    writeFileSync(metaPath, JSON.stringify({ ...meta, format: 1, files: meta.files.map(({ path, bytes }) => ({ path, bytes })) }, null, 2));
    DAMAGE[0]!.apply(join(convert, 'out'), 'rank0.safetensors');
    const run = await runUntil(ws, 'build');
    expect(statuses(run)).toEqual({ convert: 'built', build: 'reused' });
    expect(digestMismatches(convert)).toEqual([]);
  });

  it('trtforge serve prints the damage, one line per file, and what it rebuilt', async () => {
    DAMAGE[3]!.apply(join(engine, 'out'), 'rank0.engine');
    const r = await cli(ws, ['serve', MODEL, '--until-started']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/build +rebuilt .*\n.*because: the store entry was damaged \(moved to quarantine\)/);
    expect(r.stdout).toMatch(/^ +damaged: config\.json: expected sha256 [0-9a-f]{64}, found sha256 [0-9a-f]{64}$/m);
    expect(r.stdout).toMatch(/^ +damaged entry moved to .*quarantine\/build\//m);
    expect(digestMismatches(engine)).toEqual([]);
  });

  it('gc keeps quarantined entries younger than --min-age and removes older ones, saying so', async () => {
    const before = quarantined(ws, 'build').length + quarantined(ws, 'convert').length;
    expect(before).toBe(3);
    const kept = await cli(ws, ['gc']);
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stdout.match(/quarantined, newer than --min-age/g)).toHaveLength(3);
    const dry = await cli(ws, ['gc', '--dry-run', '--min-age', '0']);
    expect(dry.stdout.match(/would remove .*\(damaged; in quarantine\/ since then\)/g)).toHaveLength(3);
    expect(quarantined(ws, 'build').length + quarantined(ws, 'convert').length).toBe(3);
    const gone = await cli(ws, ['gc', '--min-age', '0']);
    expect(gone.code, gone.stderr).toBe(0);
    expect(gone.stdout.match(/removed .*\(damaged; in quarantine\/ since then\)/g)).toHaveLength(3);
    expect(quarantined(ws, 'build').length + quarantined(ws, 'convert').length).toBe(0);
    // What the checkout references is untouched and intact.
    expect(statuses(await runUntil(ws, 'build'))).toEqual({ convert: 'reused', build: 'reused' });
    expect((await cli(ws, ['verify'])).code).toBe(0);
  });
});
