import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';

interface DryTask {
  taskId: string;
  dependencies: string[];
  resolvedTaskDefinition: { cache: boolean; persistent: boolean; outputs: string[]; inputs: string[]; env: string[] };
}

/** turbo's own view of `turbo run serve --filter=<model>`: the task graph a user's command runs. */
function dryRun(model: string): Map<string, DryTask> {
  const json = execFileSync(join(ROOT, 'node_modules/.bin/turbo'), ['run', 'serve', `--filter=${model}`, '--dry=json'], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
  });
  return new Map((JSON.parse(json) as { tasks: DryTask[] }).tasks.map((t) => [t.taskId, t]));
}

describe.each(['qwen2.5-0.5b', 'qwen2.5-32b-tp4'])('turbo run serve --filter=%s', (model) => {
  const tasks = dryRun(model);
  const task = (name: string) => tasks.get(`${model}#${name}`)!;

  it('runs compile → convert → build → serve, after the packages they need are built', () => {
    expect(task('compile').dependencies).toContain('@trtforge/cli#build');
    expect(task('convert').dependencies).toContain(`${model}#compile`);
    expect(task('build').dependencies).toContain(`${model}#convert`);
    expect(task('serve').dependencies).toEqual([`${model}#build`]);
    // never another model's tasks
    expect([...tasks.keys()].filter((id) => !id.startsWith('@trtforge/') && !id.startsWith(`${model}#`))).toEqual([]);
  });

  // A turbo cache hit runs no command, so it could never put an engine into this host's store: a
  // replayed convert/build would say FULL TURBO over a missing engine. trtforge's own key + store
  // check (local, then TRTFORGE_REMOTE_CACHE) decides instead, in milliseconds when nothing changed.
  it('never replays convert/build from its cache (trtforge\'s store decides); compile is cached; serve is persistent and never cached', () => {
    expect(task('compile').resolvedTaskDefinition.outputs).toEqual([`../../generated/${model}/**`]);
    expect(task('compile').resolvedTaskDefinition.cache).toBe(true);
    for (const step of ['convert', 'build']) {
      const def = task(step).resolvedTaskDefinition;
      expect(def.cache).toBe(false);
      expect(def.outputs).toEqual([`.trtforge/${step}.manifest.json`]);
      expect(def.inputs).toContain(`../../generated/${model}/plan.json`);
      expect(def.env).toEqual(expect.arrayContaining(['TRTFORGE_STORE', 'TRTFORGE_RUNTIME', 'TRTFORGE_MODEL_DIR']));
      expect(def.env).not.toContain('HF_TOKEN'); // a secret never enters a cache key
    }
    expect(task('serve').resolvedTaskDefinition).toMatchObject({ cache: false, persistent: true });
  });
});
