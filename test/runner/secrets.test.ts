import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, startCli, type CliResult } from './helpers/cli.js';
import { createWorkspace, MODEL, SECRET, type Workspace } from './helpers/workspace.js';

/** Every regular file under `dir` (symlinks not followed: they point at files listed elsewhere in the tree). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.isFile() ? [path] : [];
  });
}

describe('one masking policy: no secret value in logs, stdout/stderr, generated/ or the store', () => {
  let ws: Workspace;
  // Three secret-named variables plus one whose name says nothing but that a step receives by passEnv.
  const secrets: Record<string, string> = {
    HF_TOKEN: SECRET,
    NGC_API_KEY: 'nvapi-NGC-secret-value-0123456789',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY-secret',
    DATABASE_URL: 'postgres://user:pw-passenv-only@db/x',
  };
  // Secret-named but not in passEnv: the local runtime must not hand it to the tools at all.
  const notPassed = { GITHUB_TOKEN: 'ghp-not-passed-to-tools-0123456789' };
  const outputs: CliResult[] = [];

  beforeAll(async () => {
    ws = await createWorkspace({ generated: MODEL }); // the compiler's plan: it has the bench steps
    Object.assign(ws.env, secrets, notPassed);
    // GIVEN tools that print their environment, as a careless tool might
    ws.env.TRTFORGE_STANDIN_ECHO_ENV = [...Object.keys(secrets), ...Object.keys(notPassed)].join(',');
    ws.editPlan((plan) => {
      for (const step of [plan.steps.convert, plan.steps.build, ...Object.values(plan.serve.modes), ...Object.values(plan.bench)]) step.passEnv = Object.keys(secrets);
    });
    // WHEN a build fails (its log tail goes to stderr), an error names a path holding a secret,
    // a build succeeds, and the server runs until ready and is benchmarked
    outputs.push(await cli(ws, ['build', MODEL], { TRTFORGE_STANDIN_FAIL: 'trtllm-build' }));
    outputs.push(await cli(ws, ['build', MODEL, '--model-dir', `/nonexistent/${secrets.NGC_API_KEY}`]));
    outputs.push(await cli(ws, ['build', MODEL]));
    const server = startCli(ws, ['serve', MODEL, '--no-smoke']);
    try {
      await server.waitForOutput(/is ready/);
      outputs.push(await cli(ws, ['bench', MODEL, '--concurrency', '1']));
    } finally {
      server.child.kill('SIGTERM');
      outputs.push(await server.done);
    }
  }, 240_000); // five trtforge runs and a server, one after another, on a busy machine
  afterAll(() => ws.cleanup());

  it('the tools did print them: the logs hold the masks', () => {
    const convertLog = readFileSync(join(ws.stateDir, 'logs', 'convert.log'), 'utf8');
    for (const name of Object.keys(secrets)) expect(convertLog).toContain(`${name}=***`);
    expect(outputs[0]!.stderr).toContain('NGC_API_KEY=***');
    expect(outputs[1]!.code).toBe(1);
    expect(outputs[1]!.stderr).toContain('/nonexistent/***');
    expect(outputs[2]!.code, outputs[2]!.stderr).toBe(0);
    expect(outputs[3]!.code, outputs[3]!.stderr).toBe(0);
    expect(readFileSync(join(ws.stateDir, 'logs', 'bench.log'), 'utf8')).toContain('AWS_SECRET_ACCESS_KEY=***');
  });

  it('a secret-named variable that is not in passEnv never reaches a local tool', () => {
    const convertLog = readFileSync(join(ws.stateDir, 'logs', 'convert.log'), 'utf8');
    expect(convertLog).toMatch(/^GITHUB_TOKEN=$/m);
  });

  it('0 plain-text occurrences anywhere in the tree (logs, generated/, store, state) or in stdout/stderr', () => {
    const values = [...Object.values(secrets), ...Object.values(notPassed)];
    const files = filesUnder(ws.root).filter((f) => statSync(f).size < 64 << 20);
    expect(files.some((f) => f.includes('/store/entries/'))).toBe(true);
    expect(files.some((f) => f.endsWith('.log'))).toBe(true);
    const leaks = files.flatMap((file) => {
      const bytes = readFileSync(file);
      return values.filter((v) => bytes.includes(v)).map((v) => `${file}: ${v.slice(0, 6)}…`);
    });
    for (const { stdout, stderr } of outputs) for (const v of values) leaks.push(...[stdout, stderr].filter((t) => t.includes(v)).map(() => `output: ${v.slice(0, 6)}…`));
    expect(leaks).toEqual([]);
  });
});
