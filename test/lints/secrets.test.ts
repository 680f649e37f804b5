import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TempRepo, specSource } from '../helpers/temp-repo.js';

/** A random token in Hugging Face's shape, different on every run. */
const randomToken = () => `hf_${randomBytes(24).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 34).padEnd(34, 'q')}`;

describe('secrets never reach generated/, plan.json or logs', () => {
  let repo: TempRepo;
  const saved = { HF_TOKEN: process.env.HF_TOKEN, TRTFORGE_TEST_API_KEY: process.env.TRTFORGE_TEST_API_KEY };
  const token = randomToken();
  const apiKey = `key-${randomBytes(12).toString('hex')}`;

  beforeEach(() => {
    repo = new TempRepo();
    // The CLI inherits the test's environment (TempRepo.trtforge spreads process.env).
    process.env.HF_TOKEN = token;
    process.env.TRTFORGE_TEST_API_KEY = apiKey;
  });

  afterEach(() => {
    repo.dispose();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('compiles with HF_TOKEN set and no generated file, stdout or stderr contains it', () => {
    // GIVEN a valid spec and secrets in the environment
    repo.addModel('qwen', specSource('qwen', "streaming: true,"));
    // WHEN it compiles
    const run = repo.trtforge('compile');
    // THEN every generated file is free of both values
    expect(run.code, run.stderr).toBe(0);
    const files = repo.snapshotGenerated();
    expect(Object.keys(files).length).toBeGreaterThan(5);
    for (const [path, text] of Object.entries({ ...files, stdout: run.stdout, stderr: run.stderr })) {
      expect(text.includes(token), path).toBe(false);
      expect(text.includes(apiKey), path).toBe(false);
    }
  });

  it('rejects a spec that holds the token and masks it in the error output', () => {
    // GIVEN the token pasted into a spec, and a spec reaching for the environment
    repo.addModel('pasted', specSource('pasted', `source: { modelDir: '/models/x', revision: '${token}' },`).replace("  source: { modelDir: '/models/x' },\n", ''));
    repo.addModel('from-env', specSource('from-env').replace("modelDir: '/models/x'", 'modelDir: (globalThis as any).process.env.HF_TOKEN'));
    repo.addModel('api-key', specSource('api-key').replace("'/models/x'", `'/models/${apiKey}'`));
    // WHEN they compile
    const run = repo.trtforge('compile');
    // THEN each is rejected, and neither value is printed
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/models\/pasted\/model\.ts:\d+:\d+ error TRT207 source\.revision: looks like a Hugging Face access token/);
    expect(run.stderr).toMatch(/models\/pasted\/model\.ts:\d+:\d+ error TRT208 source\.revision: contains the value of the environment variable \$HF_TOKEN/);
    expect(run.stderr).toMatch(/models\/from-env\/model\.ts:5:\d+ error TRT002 source\.modelDir: /);
    expect(run.stderr).toMatch(/models\/api-key\/model\.ts:\d+:\d+ error TRT208 source\.modelDir: contains the value of the environment variable \$TRTFORGE_TEST_API_KEY/);
    expect(run.stderr.includes(token)).toBe(false);
    expect(run.stderr.includes(apiKey)).toBe(false);
    expect(repo.snapshotGenerated()).toEqual({});
  });
});
