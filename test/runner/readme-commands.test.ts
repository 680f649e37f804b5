import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers/paths.js';
import { copyRepository } from '../helpers/repo-copy.js';
import { cli, STACK_TRACE } from './helpers/cli.js';
import { createWorkspace, MODEL, type Workspace } from './helpers/workspace.js';

/**
 * Every command of the README's command table, run as a newcomer would on a host without a GPU:
 * no stack trace, and the exit code the README documents under the table. Spec commands run in a
 * copy of the repository; run commands in a stand-in workspace whose nvidia-smi finds no driver.
 */
type Where = 'repo' | 'host';
interface Case { args: string[]; where: Where; code: 0 | 1 }

/** README table row (first cell, as written) → the invocations that cover it. */
const CASES: Record<string, Case[]> = {
  'trtforge compile [model…]': [{ args: ['compile'], where: 'repo', code: 0 }, { args: ['compile', MODEL], where: 'repo', code: 0 }],
  'trtforge compile --check': [{ args: ['compile', '--check'], where: 'repo', code: 0 }],
  'trtforge plan <model> [--json]': [{ args: ['plan', MODEL], where: 'repo', code: 0 }, { args: ['plan', MODEL, '--json'], where: 'repo', code: 0 }],
  'trtforge doctor [model]': [{ args: ['doctor'], where: 'host', code: 1 }, { args: ['doctor', MODEL], where: 'host', code: 1 }],
  'trtforge convert\\|build\\|serve <model> [--dry-run]': [
    ...['convert', 'build', 'serve'].map((verb): Case => ({ args: [verb, MODEL, '--dry-run'], where: 'host', code: 0 })),
    ...['convert', 'build', 'serve'].map((verb): Case => ({ args: [verb, MODEL], where: 'host', code: 1 })),
  ],
  'trtforge infer <model> "<prompt>"': [{ args: ['infer', MODEL, 'What is TensorRT-LLM?', '--timeout', '5'], where: 'host', code: 1 }],
  'trtforge gc [--dry-run]': [{ args: ['gc', '--dry-run'], where: 'host', code: 0 }, { args: ['gc'], where: 'host', code: 0 }],
  'trtforge verify [model] [--quarantine]': [{ args: ['verify'], where: 'host', code: 0 }, { args: ['verify', MODEL, '--quarantine'], where: 'host', code: 0 }],
  'trtforge bench <model> [--concurrency 1,4,16,64] [--json]': [{ args: ['bench', MODEL], where: 'host', code: 1 }, { args: ['bench', MODEL, '--concurrency', '1,4'], where: 'host', code: 1 }, { args: ['bench', MODEL, '--json'], where: 'host', code: 1 }],
  'trtforge bench report [run…]': [{ args: ['bench', 'report'], where: 'repo', code: 1 }, { args: ['bench', 'report', MODEL], where: 'host', code: 1 }],
  'trtforge cache push\\|pull\\|ls <model>': ['push', 'pull', 'ls'].map((action): Case => ({ args: ['cache', action, MODEL], where: 'host', code: 1 })),
  'trtforge deploy <model> [--dry-run]': [{ args: ['deploy', MODEL, '--dry-run'], where: 'repo', code: 0 }, { args: ['deploy', MODEL], where: 'repo', code: 1 }],
  // The copy is not a git repository: diff says so in one line.
  'trtforge diff [--base <git ref>] [model…] [--json]': [{ args: ['diff', '--base', 'HEAD'], where: 'repo', code: 1 }],
  'trtforge import <model_repository> [--engine <engine dir>] --name <name>': [{ args: ['import', `generated/${MODEL}/triton_model_repo`, '--name', 'imported-copy'], where: 'repo', code: 0 }],
  'trtforge new <name> [--model-dir <hf dir>]': [{ args: ['new', 'my-model'], where: 'repo', code: 0 }, { args: ['new', 'my-qwen', '--model-dir', 'hf/qwen'], where: 'repo', code: 0 }],
};

/** The first cell of every row of the table under "## Commands". */
function readmeCommands(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Commands'));
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('|')));
  return table.split('\n').filter((l) => l.startsWith('| `')).map((l) => /^\| `([^`]+)`/.exec(l)![1]!);
}

describe("the README's command table, without a GPU", () => {
  let repo: string;
  let ws: Workspace;
  beforeAll(async () => {
    repo = copyRepository('trtforge-readme-');
    mkdirSync(join(repo, 'hf', 'qwen'), { recursive: true });
    writeFileSync(join(repo, 'hf', 'qwen', 'config.json'), '{"model_type":"qwen2"}');
    ws = await createWorkspace({ generated: MODEL });
    ws.env.TRTFORGE_STANDIN_GPUS = 'none';
  });
  afterAll(() => {
    rmSync(repo, { recursive: true, force: true });
    ws.cleanup();
  });

  it('every row has cases here, and every case a row', () => {
    expect(readmeCommands().sort()).toEqual(Object.keys(CASES).sort());
  });

  const cases = Object.entries(CASES).flatMap(([row, list]) => list.map((c) => [`trtforge ${c.args.join(' ')}`, row, c] as const));
  it.each(cases)('%s', async (_name, _row, { args, where, code }) => {
    const result = where === 'repo'
      ? (() => {
        const r = spawnSync(process.execPath, [CLI, ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
        return { code: r.status, stdout: r.stdout, stderr: r.stderr };
      })()
      : await cli(ws, args);
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect(result.stderr).not.toContain('internal error');
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(code);
    // A failure says what failed, in a line of its own (doctor prints its report on stdout).
    if (code === 1) expect(`${result.stderr}\n${result.stdout}`).toMatch(/^\s*(✗|error) /m);
  });
});

describe('a clone installed without its build (npm ci --ignore-scripts)', () => {
  it('trtforge says to build, in one line, instead of a module-not-found stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trtforge-nobuild-'));
    try {
      mkdirSync(join(dir, 'cli', 'bin'), { recursive: true });
      writeFileSync(join(dir, 'cli', 'bin', 'trtforge.js'), readFileSync(CLI));
      const r = spawnSync(process.execPath, [join(dir, 'cli', 'bin', 'trtforge.js'), 'compile'], { cwd: dir, encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toBe('✗ trtforge is not built yet (packages/cli/dist is missing): run `npm run build` at the repository root\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
