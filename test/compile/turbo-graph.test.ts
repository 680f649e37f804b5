import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';

interface DryTask {
  taskId: string;
  command: string;
  dependencies: string[];
  resolvedTaskDefinition: { cache: boolean; persistent: boolean; outputs: string[]; inputs: string[]; env: string[] };
}

/** turbo's own view of `turbo run <task> --filter=<model>`: the task graph a user's command runs. */
function dryRun(model: string, run: 'serve' | 'build'): Map<string, DryTask> {
  const json = execFileSync(join(ROOT, 'node_modules/.bin/turbo'), ['run', run, `--filter=${model}`, '--dry=json'], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
  });
  return new Map((JSON.parse(json) as { tasks: DryTask[] }).tasks.map((t) => [t.taskId, t]));
}

describe.each(['qwen2.5-0.5b', 'qwen2.5-32b-tp4'])('turbo run serve|build --filter=%s', (model) => {
  const tasks = dryRun(model, 'serve');
  const task = (name: string) => tasks.get(`${model}#${name}`)!;
  const buildTasks = dryRun(model, 'build');
  const buildTask = (name: string) => buildTasks.get(`${model}#${name}`)!;

  // serve settles convert and build itself, in its one process (the same key + store check, and the
  // hash of what the server reads): separate convert/build task processes would only add two CLI
  // start-ups to a no-op serve. `turbo run build` still runs compile → convert → build (below).
  it('runs compile → serve, after the packages they need are built; serve settles convert and build itself', () => {
    expect(task('compile').dependencies).toContain('@trtforge/cli#build');
    expect(task('serve').dependencies).toContain(`${model}#compile`);
    expect(task('serve').dependencies).toContain('@trtforge/cli#build');
    expect(task('serve').dependencies.filter((id) => id.startsWith(`${model}#`))).toEqual([`${model}#compile`]);
    expect(tasks.has(`${model}#convert`) || tasks.has(`${model}#build`)).toBe(false);
    // never another model's tasks
    for (const graph of [tasks, buildTasks]) expect([...graph.keys()].filter((id) => !id.startsWith('@trtforge/') && !id.startsWith(`${model}#`))).toEqual([]);
  });

  it('runs compile → convert → build for `turbo run build`', () => {
    expect(buildTask('compile').dependencies).toContain('@trtforge/cli#build');
    expect(buildTask('convert').dependencies).toContain(`${model}#compile`);
    expect(buildTask('build').dependencies).toContain(`${model}#convert`);
  });

  // A turbo cache hit runs no command, so it could never put an engine into this host's store: a
  // replayed convert/build would say FULL TURBO over a missing engine. trtforge's own key + store
  // check (local, then TRTFORGE_REMOTE_CACHE) decides instead, in milliseconds when nothing changed.
  it('never replays convert/build from its cache (trtforge\'s store decides); compile is cached; serve is persistent and never cached', () => {
    expect(task('compile').resolvedTaskDefinition.outputs).toEqual([`../../generated/${model}/**`]);
    expect(task('compile').resolvedTaskDefinition.cache).toBe(true);
    for (const step of ['convert', 'build']) {
      const def = buildTask(step).resolvedTaskDefinition;
      expect(def.cache).toBe(false);
      expect(def.outputs).toEqual([`.trtforge/${step}.manifest.json`]);
      expect(def.inputs).toContain(`../../generated/${model}/plan.json`);
      expect(def.env).toEqual(expect.arrayContaining(['TRTFORGE_STORE', 'TRTFORGE_RUNTIME', 'TRTFORGE_MODEL_DIR']));
      expect(def.env).not.toContain('HF_TOKEN'); // a secret never enters a cache key
    }
    expect(task('serve').resolvedTaskDefinition).toMatchObject({ cache: false, persistent: true });
  });

  // turbo runs the task's own argv (turbo.json `command`), not `npm run serve`: npm's start would
  // come before every serve (test/compile/serve-command.test.ts keeps it equal to the npm script).
  it('starts serve as trtforge itself, with no package manager in between', () => {
    expect(task('serve').command).toBe(`../../node_modules/.bin/trtforge serve ${model}`);
  });
});
