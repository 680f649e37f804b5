import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';

/**
 * turbo replays a cached `test` pass whenever the task hash is unchanged. These tests ask turbo
 * itself (`--dry=json`), so they hold whatever turbo.json says: every file of a workspace is an
 * input of its `test` task, and a planted failing assertion (in a test file, a helper, a fixture,
 * a snapshot, or a new test file) changes the hash, so it runs instead of being replayed.
 */
interface DryTask {
  taskId: string;
  task: string;
  hash: string;
  directory: string;
  command: string;
  inputs: Record<string, string>;
  resolvedTaskDefinition: { env: string[] };
  environmentVariables: { specified: { env: string[] } };
}

const TURBO = join(ROOT, 'node_modules/.bin/turbo');
/** The suite's own environment minus the switch under test (CI sets it for the whole run). */
const TURBO_ENV: NodeJS.ProcessEnv = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
delete TURBO_ENV.TRTFORGE_REQUIRE_PODMAN;

function testTasks(cwd: string, env: NodeJS.ProcessEnv = TURBO_ENV): Map<string, DryTask> {
  const json = execFileSync(TURBO, ['run', 'test', '--dry=json'], { cwd, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  const tasks = (JSON.parse(json) as { tasks: DryTask[] }).tasks.filter((t) => t.task === 'test' && t.command !== '<NONEXISTENT>');
  return new Map(tasks.map((t) => [t.directory, t]));
}

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

/** What a planted bug looks like in each kind of file (each still parses as what it is). */
function plant(file: string): void {
  if (file.endsWith('.ts') || file.endsWith('.mjs')) appendFileSync(file, "\nif (process.env.NEVER_SET === 'x') throw new Error('planted');\n");
  else if (file.endsWith('.json')) appendFileSync(file, '\n');
  else appendFileSync(file, '\nplanted difference\n');
}

/** Files of a workspace by role, from its own tracked files (test dirs are `test/` or, for the test workspace, everything). */
function byRole(files: string[]): Record<'test file' | 'helper' | 'fixture' | 'snapshot', string | undefined> {
  const inTests = files.filter((f) => !f.startsWith('src/'));
  return {
    'test file': inTests.find((f) => f.endsWith('.test.ts')),
    helper: inTests.find((f) => /\.(ts|mjs)$/.test(f) && !f.endsWith('.test.ts') && !f.includes('fixtures/') && !f.endsWith('vitest.config.ts') && /(^|\/)(test|helpers?|lints|golden|property|runner)\//.test(f)),
    fixture: inTests.find((f) => f.includes('fixtures/')),
    snapshot: inTests.find((f) => /expected\.txt$|\.snap$/.test(f)),
  };
}

describe('turbo test cache: a changed test input is never replayed', () => {
  const tasks = testTasks(ROOT);
  const workspaces = [...tasks.keys()].sort();

  it('finds the test task of every package and of test/', () => {
    expect(workspaces).toEqual(expect.arrayContaining(['packages/cli', 'packages/client', 'packages/compiler', 'packages/pbtxt', 'packages/runner', 'packages/spec', 'test']));
  });

  it.each(workspaces)('%s: every tracked file of the workspace is an input of its test task', (dir) => {
    const tracked = git(ROOT, 'ls-files', '--', dir).split('\n').filter(Boolean).map((f) => f.slice(dir.length + 1));
    expect(tracked.length).toBeGreaterThan(0);
    const inputs = new Set(Object.keys(tasks.get(dir)!.inputs));
    expect(tracked.filter((f) => !inputs.has(f))).toEqual([]);
  });

  it('TRTFORGE_REQUIRE_PODMAN reaches the test tasks (declared env: strict mode passes it through and hashes it)', () => {
    for (const task of tasks.values()) expect(task.resolvedTaskDefinition.env, task.taskId).toContain('TRTFORGE_REQUIRE_PODMAN');
    const withSwitch = testTasks(ROOT, { ...TURBO_ENV, TRTFORGE_REQUIRE_PODMAN: '1' }).get('test')!;
    expect(withSwitch.environmentVariables.specified.env).toContain('TRTFORGE_REQUIRE_PODMAN');
    expect(withSwitch.hash).not.toBe(tasks.get('test')!.hash);
  });

  describe('in a scratch clone', () => {
    let scratch: string;
    let baseline: Map<string, DryTask>;
    const roles: Record<string, ReturnType<typeof byRole>> = {};

    beforeAll(() => {
      // GIVEN a copy of the tracked tree, committed in its own git repository (turbo hashes through git)
      scratch = mkdtempSync(join(tmpdir(), 'trtforge-turbo-'));
      for (const file of git(ROOT, 'ls-files').split('\n').filter(Boolean)) {
        mkdirSync(dirname(join(scratch, file)), { recursive: true });
        cpSync(join(ROOT, file), join(scratch, file), { dereference: false });
      }
      symlinkSync(join(ROOT, 'node_modules'), join(scratch, 'node_modules'), 'dir');
      git(scratch, 'init', '-q');
      git(scratch, 'add', '-A');
      git(scratch, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'scratch');
      baseline = testTasks(scratch);
      for (const dir of workspaces) roles[dir] = byRole(git(scratch, 'ls-files', '--', dir).split('\n').filter(Boolean).map((f) => f.slice(dir.length + 1)));
    }, 120_000);
    afterAll(() => {
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    });

    it('every workspace has test files, and the test workspace has helpers, fixtures and snapshots', () => {
      for (const dir of workspaces) expect(roles[dir]!['test file'], dir).toBeDefined();
      expect(roles.test).toMatchObject({ helper: expect.any(String), fixture: expect.any(String), snapshot: expect.any(String) });
    });

    // test/ first and alone: packages/* are internal dependencies of the root package, so a change
    // there changes every hash through turbo's global hash and would hide a gap in test/'s inputs.
    it.each(['test file', 'helper', 'fixture', 'snapshot'] as const)('a planted change in a %s changes the test hash of its workspace', (role) => {
      const groups = [['test'], workspaces.filter((dir) => dir !== 'test')];
      for (const group of groups) {
        git(scratch, 'checkout', '-q', '--', '.');
        // WHEN one file of that role changes (in each workspace of the group that has one)
        const planted = group.filter((dir) => roles[dir]?.[role] !== undefined);
        for (const dir of planted) plant(join(scratch, dir, roles[dir]![role]!));
        const after = testTasks(scratch);
        git(scratch, 'checkout', '-q', '--', '.');
        // THEN each of those workspaces gets a new test hash (turbo runs the tests again)
        for (const dir of planted) expect(after.get(dir)!.hash, `${dir}: ${roles[dir]![role]}`).not.toBe(baseline.get(dir)!.hash);
      }
    });

    it('TRTFORGE_REQUIRE_PODMAN set for `turbo run test` is what the test process sees (strict env mode)', () => {
      // GIVEN test/'s test script replaced by a probe printing the variable
      const pkg = join(scratch, 'test/package.json');
      const original = readFileSync(pkg, 'utf8');
      writeFileSync(pkg, JSON.stringify({ ...JSON.parse(original), scripts: { test: 'node -e "console.log(\'require-podman=\' + process.env.TRTFORGE_REQUIRE_PODMAN)"' } }));
      try {
        // WHEN turbo runs it (no cache, no dependencies) with the switch set
        const out = execFileSync(TURBO, ['run', 'test', '--filter=@trtforge/test', '--only', '--force', '--output-logs=full'], {
          cwd: scratch, encoding: 'utf8', env: { ...TURBO_ENV, TRTFORGE_REQUIRE_PODMAN: '1', TURBO_CACHE_DIR: join(scratch, '.turbo-cache') },
        });
        // THEN the test process received it
        expect(out).toContain('require-podman=1');
      } finally {
        writeFileSync(pkg, original);
      }
    });

    it('a new, untracked test file changes the test hash of its workspace', () => {
      const file = join(scratch, 'test/lints/planted.test.ts');
      writeFileSync(file, "import { it, expect } from 'vitest';\nit('planted', () => expect(1).toBe(2));\n");
      const after = testTasks(scratch);
      rmSync(file);
      expect(after.get('test')!.hash).not.toBe(baseline.get('test')!.hash);
    });
  });
});
