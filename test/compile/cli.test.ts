import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers/paths.js';
import { specSource, TempRepo } from '../helpers/temp-repo.js';

let repo: TempRepo | undefined;
afterEach(() => repo?.dispose());

describe('drift check', () => {
  it('the committed generated/ equals a fresh compile (CI fails on drift)', () => {
    const r = spawnSync(process.execPath, [CLI, 'compile', '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('--check exits 1 with a diff summary when generated/ is stale, and writes nothing', () => {
    repo = new TempRepo();
    repo.addModel('m', specSource('m'));
    expect(repo.trtforge('compile').code).toBe(0);
    const pbtxt = join(repo.dir, 'generated/m/triton_model_repo/ensemble/config.pbtxt');
    writeFileSync(pbtxt, 'edited by hand\n');
    const before = repo.snapshotGenerated();
    const r = repo.trtforge('compile', '--check');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('generated/m/ is stale');
    expect(r.stderr).toContain('changed  triton_model_repo/ensemble/config.pbtxt');
    expect(repo.snapshotGenerated()).toEqual(before);
  });
});

describe('bad input: exit 1, located message, no stack trace, generated/ untouched', () => {
  it('a wrong type in one spec blocks every write', () => {
    repo = new TempRepo();
    repo.addModel('good', specSource('good'));
    expect(repo.trtforge('compile').code).toBe(0);
    const before = repo.snapshotGenerated();
    repo.addModel('bad', specSource('bad', "serve: { ports: { http: '8000' } },"));
    writeFileSync(join(repo.dir, 'models/good/model.ts'), specSource('good', 'streaming: true,'));
    const r = repo.trtforge('compile');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/models\/bad\/model\.ts:\d+:\d+ error TRT011 serve\.ports\.http: expected integer, got string "8000"/);
    expect(r.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
    expect(repo.snapshotGenerated()).toEqual(before);
  });

  it('an unknown model name is a one-line error', () => {
    repo = new TempRepo();
    repo.addModel('m', specSource('m'));
    const r = repo.trtforge('plan', 'nope');
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('error no model "nope": expected models/nope/model.ts (models: m)');
  });
});
