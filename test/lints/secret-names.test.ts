import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempRepo, specSource } from '../helpers/temp-repo.js';

/**
 * The documented secret-variable policy (docs/lints.md TRT208): HF_TOKEN and every *_TOKEN,
 * *_KEY, *_SECRET, *PASSWORD variable (any case) holds a secret. A spec that contains the value
 * of such a variable is rejected, and the value never appears in what the CLI prints.
 */
const SECRET_NAMES = [
  'HF_TOKEN', 'GITHUB_TOKEN', 'TRTFORGE_TEST_API_KEY', 'AWS_SECRET_ACCESS_KEY',
  'WANDB_SECRET', 'TRTFORGE_TEST_CLIENT_SECRET', 'DB_PASSWORD', 'PASSWORD', 'trtforge_test_smtp_password', 'MYSQL_ROOT_PASSWORD',
];
const folder = (name: string) => `secret-${name.toLowerCase().replace(/_/g, '-')}`;

describe('secret environment variable names (by the documented policy)', () => {
  const values = Object.fromEntries(SECRET_NAMES.map((name) => [name, `v${randomBytes(10).toString('hex')}`]));
  let repo: TempRepo;
  let run: ReturnType<TempRepo['trtforge']>;

  beforeAll(() => {
    // GIVEN one spec per variable, each holding that variable's value in a host path
    repo = new TempRepo();
    for (const name of SECRET_NAMES) repo.addModel(folder(name), specSource(folder(name)).replace("'/models/x'", `'/models/${values[name]}'`));
    // WHEN they compile with those variables set in the CLI's environment
    run = repo.trtforgeWithEnv(values, 'compile');
  }, 120_000);
  afterAll(() => repo?.dispose());

  it.each(SECRET_NAMES)('$%s: the spec is rejected (TRT208) and the value is never printed', (name) => {
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`models/${folder(name)}/model\\.ts:\\d+:\\d+ error TRT208 source\\.modelDir: contains the value of the environment variable \\$${name}\\b`));
    expect(run.stdout.includes(values[name]!) || run.stderr.includes(values[name]!)).toBe(false);
  });
});
