import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/paths.js';
import { specSource, TempRepo } from '../helpers/temp-repo.js';

let repo: TempRepo | undefined;
afterEach(() => repo?.dispose());

describe('trtforge up', () => {
  it('on a host with nothing but node: compiles, prints the plan and the doctor report, stops after the plan with exit 0', () => {
    repo = new TempRepo();
    repo.addModel('m', specSource('m'));
    // GIVEN a PATH with node and nothing else: no docker, no podman, no nvidia-smi, no git
    const onlyNode = join(repo.dir, 'only-node');
    mkdirSync(onlyNode);
    symlinkSync(process.execPath, join(onlyNode, 'node'));
    const env = { ...process.env, PATH: onlyNode, NO_COLOR: '1', FORCE_COLOR: '0', TRTFORGE_RUNTIME: undefined, TRTFORGE_STORE: join(repo.dir, 'store') };
    const r = spawnSync(process.execPath, [CLI, 'up', 'm'], { cwd: repo.dir, encoding: 'utf8', env });
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(repo.dir, 'generated/m/plan.json'))).toBe(true);
    // THEN PLAN.md, then the doctor's own report (the doctor command's output), then where it stopped
    expect(r.stdout).toMatch(/^# m\b/m);
    expect(r.stdout).toMatch(/✗ runtime +no container runtime found/);
    expect(r.stdout).toContain('stopping after the plan: this host cannot convert, build and serve m');
    expect(r.stdout.indexOf('trtforge doctor m')).toBeLessThan(r.stdout.indexOf('stopping after the plan'));
    expect(r.stderr).toBe('');
  });

  it('passes its run options (--model-dir, --runtime) to the doctor', () => {
    repo = new TempRepo();
    repo.addModel('m', specSource('m'));
    const missing = join(repo.dir, 'not-downloaded');
    const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', TRTFORGE_STORE: join(repo.dir, 'store') };
    const r = spawnSync(process.execPath, [CLI, 'up', 'm', '--runtime', 'local', '--model-dir', missing], { cwd: repo.dir, encoding: 'utf8', env });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`✗ model dir +${missing} does not exist`));
    expect(r.stdout).toContain('stopping after the plan');
  });
});
