import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TempRepo, specSource } from '../helpers/temp-repo.js';

/** A stack trace line ("    at fn (file:1:2)"): never shown without --debug. */
const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

describe('every compile failure is one clear message and exit 1', () => {
  let repo: TempRepo;
  beforeEach(() => { repo = new TempRepo(); });
  afterEach(() => repo.dispose());

  it('names the missing model and lists the existing ones', () => {
    repo.addModel('qwen', specSource('qwen'));
    const run = repo.trtforge('compile', 'qwne');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error no model "qwne": expected models/qwne/model.ts (models: qwen)\n');
  });

  it('explains a directory that is not a trtforge repository', () => {
    rmSync(join(repo.dir, 'models'), { recursive: true });
    const run = repo.trtforge('compile');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error no trtforge repository here/);
    expect(run.stderr).not.toMatch(STACK_LINE);
  });

  it('refuses to overwrite a generated/<name> it did not write', () => {
    repo.addModel('qwen', specSource('qwen'));
    mkdirSync(join(repo.dir, 'generated', 'qwen'), { recursive: true });
    writeFileSync(join(repo.dir, 'generated', 'qwen', 'notes.txt'), 'mine\n');
    const run = repo.trtforge('compile');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error .*generated\/qwen/m);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(repo.snapshotGenerated()).toEqual({ '/generated/qwen/notes.txt': 'mine\n' });
  });

  it('reports a spec that throws or is cyclic as TRT002 and still reports the others', () => {
    // GIVEN specs that break evaluation in two ways, next to a type error
    repo.addModel('throws', specSource('throws').replace('export default', "throw new TypeError('boom');\nexport default"));
    repo.addModel('cyclic', [
      "import { defineModel } from '@trtforge/spec';",
      'const silence: any = {};',
      'silence.self = silence;',
      "export default defineModel({ name: 'cyclic', source: { modelDir: '/models/x' }, lints: { silence } });",
    ].join('\n'));
    repo.addModel('typed', specSource('typed', "streaming: 'yes',"));
    // WHEN they compile together
    const run = repo.trtforge('compile');
    // THEN each gets its own located diagnostic, and no stack trace is printed
    expect(run.code).toBe(1);
    // (each at the line that failed: the throw; the cyclic field, with its path)
    expect(run.stderr).toMatch(/models\/throws\/model\.ts:3:7 error TRT002: evaluating the spec failed: boom/);
    expect(run.stderr).toMatch(/models\/cyclic\/model\.ts:4:\d+ error TRT002 lints\.silence\.self: evaluating the spec failed: the exported value is cyclic/);
    expect(run.stderr).toMatch(/models\/typed\/model\.ts:\d+:\d+ error TRT011 streaming: expected boolean/);
    expect(run.stderr).toMatch(/error 3 error\(s\) in cyclic, throws, typed; generated\/ left unchanged\n$/);
    expect(run.stderr).not.toMatch(STACK_LINE);
  });

  it('fails `plan` for an invalid spec with the same diagnostics', () => {
    repo.addModel('qwen', specSource('qwen', 'build: { maxBatchSize: 0 },').replace("  build: { maxBatchSize: 8 },\n", ''));
    const run = repo.trtforge('plan', 'qwen');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error TRT013 build\.maxBatchSize: must be ≥ 1, got number 0/);
    expect(run.stdout).toBe('');
  });
});
