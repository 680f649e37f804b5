import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempRepo, specSource } from '../helpers/temp-repo.js';

/**
 * The bad-spec corpus: each test/bad-specs/<case>/model.ts must draw from the real CLI exactly
 * the diagnostics in <case>/expected.txt: errors (the spec is rejected) or, for a warning rule,
 * warnings only. All cases compile in ONE `trtforge compile` (the compiler reports every spec's
 * findings together), next to a valid spec whose generated/ output must stay byte-identical. Cases
 * that only warn compile in a second repository, named on the command line: they are valid specs,
 * and a whole-repository compile would pit them against each other on ports and GPUs (TRT146/147),
 * which is what the clash-* cases test on purpose.
 * expected.txt is the reviewed oracle: a case without one fails. `UPDATE_SNAPSHOTS=1` writes
 * (or rewrites) them, for review before committing.
 */
const CORPUS = dirname(fileURLToPath(import.meta.url));
const CASES = readdirSync(CORPUS, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(CORPUS, e.name, 'model.ts')))
  .map((e) => e.name)
  .sort();
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';
const expectedFile = (name: string) => join(CORPUS, name, 'expected.txt');
const expectedText = (name: string) => (existsSync(expectedFile(name)) ? readFileSync(expectedFile(name), 'utf8') : undefined);
/** Cases the reviewed expected.txt says are rejected (at least one error); the others only warn. */
const REJECTED = CASES.filter((name) => / error (TRT\d{3}|TS\d+)[ :]/.test(expectedText(name) ?? ''));
const WARNING_ONLY = CASES.filter((name) => !REJECTED.includes(name));

/** Environment of the run: TRT208 needs a secret whose value a case contains. */
const ENV = { TRTFORGE_CORPUS_API_KEY: 'wb-9f8e7d6c5b4a' };

/** Cases whose problem is the file as a whole (no field to point at): their diagnostics have no path. */
const FILE_LEVEL = new Set(['eval-endless-loop', 'eval-function-default-export', 'eval-promise-loop', 'eval-require-call', 'import-node-module', 'import-relative-module', 'missing-source', 'no-default-export']);

/** `models/<case>/model.ts:12:5 error TRT013 build.maxBatchSize: …` (package.json / turbo.json for workspace-* cases) */
const HEAD = /^models\/([^/]+)\/(?:model\.ts|package\.json|turbo\.json):(\d+):(\d+) (error|warning) (TRT\d{3}|TS\d+)(?: (\S+))?: .+$/;

let repo: TempRepo;
let warningRepo: TempRepo;
let warningRun: { code: number; stdout: string; stderr: string };
let run: { code: number; stdout: string; stderr: string };
let before: Record<string, string>;
let after: Record<string, string>;
const blocks = new Map<string, string[]>();

beforeAll(() => {
  repo = new TempRepo();
  // GIVEN a repository whose valid spec is already compiled
  repo.addModel('good', specSource('good'));
  const first = repo.trtforge('compile', 'good');
  if (first.code !== 0) throw new Error(`the valid spec did not compile:\n${first.stderr}`);
  before = repo.snapshotGenerated();
  // AND every bad spec next to it
  for (const name of REJECTED) copyCase(repo, name);
  // AND, in a repository of their own, the cases that only warn
  warningRepo = new TempRepo();
  for (const name of WARNING_ONLY) copyCase(warningRepo, name);
  // WHEN everything compiles in one CLI call
  run = repo.trtforgeWithEnv(ENV, 'compile');
  warningRun = WARNING_ONLY.length > 0 ? warningRepo.trtforgeWithEnv(ENV, 'compile', ...WARNING_ONLY) : { code: 0, stdout: '', stderr: '' };
  after = repo.snapshotGenerated();
  // Diagnostics are blank-line separated blocks starting with models/<case>/model.ts:line:col.
  const stderr = [run.stderr.split(repo.dir).join('<repo>').trimEnd(), warningRun.stderr.split(warningRepo.dir).join('<repo>').trimEnd()].join('\n\n');
  for (const block of stderr.split('\n\n')) {
    const name = /^models\/([^/]+)\//.exec(block)?.[1];
    if (name) blocks.set(name, [...(blocks.get(name) ?? []), block]);
  }
}, 120_000);

afterAll(() => {
  repo?.dispose();
  warningRepo?.dispose();
});

/** model.ts, and the package.json / turbo.json of the workspace-* cases. */
function copyCase(into: TempRepo, name: string): void {
  mkdirSync(join(into.dir, 'models', name));
  for (const file of readdirSync(join(CORPUS, name)).filter((f) => f !== 'expected.txt')) {
    copyFileSync(join(CORPUS, name, file), join(into.dir, 'models', name, file));
  }
}

describe('bad-spec corpus', () => {
  it(`has at least 40 cases (${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it('exits 1, names every rejected case in the summary and leaves generated/ byte-identical', () => {
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(REJECTED.length).toBeGreaterThan(0);
    expect(run.stderr).toMatch(new RegExp(`error \\d+ error\\(s\\) in ${REJECTED.join(', ')}; generated/ left unchanged\\n$`));
    expect(after).toEqual(before);
    expect(warningRun.code, warningRun.stderr).toBe(0);
    expect([...blocks.keys()].sort()).toEqual(CASES);
  });

  it.each(CASES)('%s', (name) => {
    const found = blocks.get(name) ?? [];
    const heads = found.map((b) => HEAD.exec(b.split('\n')[0] ?? '')).filter((m) => m !== null);
    // THEN it has located errors with a rule id (or TS code), and a field path where one applies
    expect(heads.length, `${name}: unparsable diagnostics:\n${found.join('\n\n')}`).toBe(found.length);
    expect(heads.length, `${name}: no diagnostic at all`).toBeGreaterThan(0);
    for (const m of heads) expect(m[1]).toBe(name);
    expect(heads.some((m) => m[6] !== undefined), `${name}: no field path`).toBe(!FILE_LEVEL.has(name));
    // AND exactly the reviewed expected output (never the current output compared with itself)
    const text = `${found.join('\n\n')}\n`;
    if (UPDATE) writeFileSync(expectedFile(name), text);
    const expected = expectedText(name);
    expect(expected, `${name} has no expected.txt: write it with UPDATE_SNAPSHOTS=1 npx vitest run bad-specs, review it, commit it`).toBeDefined();
    expect(text).toBe(expected);
  });
});
