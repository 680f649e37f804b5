// `trtforge diff` end to end in a throwaway git repository, and `compile --check`'s orphans and
// semantic summary.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { specSource, TempRepo } from '../helpers/temp-repo.js';

let repo: TempRepo | undefined;
afterEach(() => repo?.dispose());

function git(dir: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** A git repository on `main` with models a and b committed; node_modules is ignored as in the real repository. */
function gitRepo(): TempRepo {
  const r = new TempRepo();
  r.addModel('a', specSource('a', 'triton: { excludeInputInOutput: true, maxBatchSize: 8, maxQueueSize: 16 },').replace("  triton: { excludeInputInOutput: true, maxBatchSize: 8 },\n", ''));
  r.addModel('b', specSource('b'));
  writeFileSync(join(r.dir, '.gitignore'), 'node_modules\n');
  git(r.dir, 'init', '-q', '-b', 'main');
  git(r.dir, 'add', '.');
  git(r.dir, 'commit', '-q', '-m', 'base');
  return r;
}

describe('trtforge diff', () => {
  it('an uncommitted edit: the changed model only, config fields and steps in markdown; nothing written into the repository', () => {
    repo = gitRepo();
    writeFileSync(join(repo.dir, 'models/a/model.ts'), specSource('a', 'triton: { excludeInputInOutput: true, maxBatchSize: 8, maxQueueSize: 32 },').replace("  triton: { excludeInputInOutput: true, maxBatchSize: 8 },\n", ''));
    const status = git(repo.dir, 'status', '--porcelain', '--ignored');
    const r = repo.trtforge('diff');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^## trtforge diff against `merge-base\(HEAD, main\)`/);
    expect(r.stdout).toContain('### `a` — changed');
    expect(r.stdout).not.toContain('`b`');
    expect(r.stdout).toContain('| `tensorrt_llm` | `dynamic_batching.default_queue_policy.max_queue_size` | `16` | `32` |');
    expect(r.stdout).toContain('| build | reused |');
    expect(r.stdout).toContain('| repository | **re-runs** because `configs.tensorrt_llm/config.pbtxt` |');
    expect(git(repo.dir, 'status', '--porcelain', '--ignored')).toBe(status);
  }, 240_000); // each trtforge diff type-checks both sides, on a busy machine

  it('--json, --base <ref>, an added and a removed model', () => {
    repo = gitRepo();
    rmSync(join(repo.dir, 'models/b'), { recursive: true });
    repo.addModel('c', specSource('c'));
    mkdirSync(join(repo.dir, 'models/c'), { recursive: true });
    git(repo.dir, 'checkout', '-q', '-b', 'feature');
    git(repo.dir, 'add', '-A');
    git(repo.dir, 'commit', '-q', '-m', 'swap b for c');
    const r = repo.trtforge('diff', '--base', 'main', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { base: { ref: string }; models: Array<{ name: string; status: string; steps: Array<{ step: string; verdict: string }> }> };
    expect(report.base.ref).toBe('main');
    expect(report.models.map((m) => [m.name, m.status])).toEqual([['b', 'removed'], ['c', 'added']]);
    expect(report.models[1]!.steps.map((s) => s.verdict)).toEqual(['added', 'added', 'added', 'added']);
    // Named models narrow it; an unknown one is an error naming what exists.
    expect(JSON.parse(repo.trtforge('diff', '--base', 'main', '--json', 'c').stdout).models.map((m: { name: string }) => m.name)).toEqual(['c']);
    const unknown = repo.trtforge('diff', '--base', 'main', 'zzz');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no model "zzz"');
  }, 240_000);

  it('no change: says so; a bad --base and a non-git directory are one clear line, exit 1', () => {
    repo = gitRepo();
    const same = repo.trtforge('diff');
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('No spec changes what is deployed.');
    const bad = repo.trtforge('diff', '--base', 'no-such-ref');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('error --base no-such-ref: no such commit, branch or tag in this repository\n');
    rmSync(join(repo.dir, '.git'), { recursive: true, force: true });
    const nogit = repo.trtforge('diff');
    expect(nogit.code).toBe(1);
    expect(nogit.stderr).toMatch(/^error .* is not in a git repository/);
  }, 240_000);
});

describe('compile --check', () => {
  it('reports a deleted model\'s generated/ dir as orphaned, and a stale one with what it changes', () => {
    repo = new TempRepo();
    repo.addModel('a', specSource('a'));
    repo.addModel('gone', specSource('gone', 'serve: { ports: { http: 8100, grpc: 8101, metrics: 8102, openai: 9100 } }, parallelism: { gpuIds: [1] },'));
    expect(repo.trtforge('compile').code).toBe(0);
    rmSync(join(repo.dir, 'models/gone'), { recursive: true });
    const orphan = repo.trtforge('compile', '--check');
    expect(orphan.code).toBe(1);
    expect(orphan.stderr).toContain('generated/gone/ is orphaned: there is no models/gone/model.ts');
    // Checking named models cannot tell leftovers from models not asked about.
    expect(repo.trtforge('compile', '--check', 'a').code).toBe(0);
    rmSync(join(repo.dir, 'generated/gone'), { recursive: true });
    writeFileSync(join(repo.dir, 'models/a/model.ts'), specSource('a', "serve: { mode: 'triton' }, streaming: true,"));
    const stale = repo.trtforge('compile', '--check');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('generated/a/ is stale:');
    expect(stale.stderr).toContain('    tensorrt_llm: model_transaction_policy.decoupled false → true');
  }, 240_000);
});
