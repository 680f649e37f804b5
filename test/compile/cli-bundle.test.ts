import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importGraph } from '../helpers/import-graph.js';
import { CLI, ROOT } from '../helpers/paths.js';

/**
 * bin/trtforge.js runs the CLI's esbuild bundle (packages/cli/scripts/bundle.mjs): the CLI as two
 * CommonJS files, the runner and the client as lazily loaded ES module chunks. What keeps that
 * honest: code that goes into the bundle never finds files relative to its own module (the bundle
 * lives elsewhere); a command loads the bundle and nothing else (not the CLI's ~30 modules one by
 * one, no ES module at all, no package it does not use); `--help` prints commander's text without
 * loading the commands only where that text is byte-identical; and a stale bundle never runs.
 */
describe('the CLI bundle', () => {
  it('joins only code that never locates files relative to its own module', () => {
    const bundled = importGraph(ROOT).files.filter((f) => /^packages\/(cli|runner|client)\/src\//.test(f));
    const relative = bundled.filter((f) => /new URL\([^)]*import\.meta\.url|fileURLToPath\(import\.meta\.url\)|import\.meta\.(dirname|filename)/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(relative, "resolve package files through the package's exports (createRequire(import.meta.url).resolve('@trtforge/<pkg>/<file>'))").toEqual([]);
  });

  it('is what a command loads: the launcher and the two CommonJS files of the bundle, no ES module, no package', () => {
    // `plan --help` parses the whole program (every command's options) without running an action.
    const r = traced(['plan', '--help'], { NODE_DEBUG: 'module' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Usage: trtforge plan');
    // Every file, ES module or CommonJS: no dist/ module one by one, no @trtforge package, nothing from node_modules.
    expect(r.loaded).toEqual([BIN, MAIN, STARTUP]);
    // The built-ins only some actions use are required on their first call (scripts/bundle.mjs, lazy-builtins).
    const builtins = [...r.stderr.matchAll(/load built-in module (node:\S+)/g)].map((m) => m[1]);
    expect(builtins).toContain('node:fs');
    expect(builtins.filter((b) => b === 'node:child_process' || b === 'node:fs/promises')).toEqual([]);
  });

  it('loads the runner only for commands that run steps, and the client only for what talks to a server', () => {
    // infer against a port nothing listens on: it fails after loading what it needs, and nothing more
    const infer = traced(['infer', 'qwen2.5-0.5b', 'hi', '--url', 'http://127.0.0.1:1', '--mode', 'triton', '--timeout', '5']);
    expect(infer.status).toBe(1);
    expect(infer.loaded).toContain('packages/cli/dist/bundle/client.js');
    expect(infer.loaded.filter((f) => /\/runner(\.js|\/package\.json)$/.test(f))).toEqual([]);
  });

  it("runs plan for an unchanged spec without any ES module: the compiler's fast path is joined in and hits what the compiler wrote", () => {
    const cache = mkdtempSync(join(tmpdir(), 'trtforge-cache-'));
    try {
      // WHEN the first plan misses the (empty) cache THEN the compiler itself compiles and fills it
      const first = traced(['plan', 'qwen2.5-0.5b'], { TRTFORGE_COMPILE_CACHE: cache });
      expect(first.status, first.stderr).toBe(0);
      expect(first.loaded).toContain('packages/compiler/dist/bundle/index.js'); // (the compiler's joined build: packages/compiler/scripts/bundle.mjs)
      // WHEN planned again THEN the joined fast path finds those entries (the same code fingerprint: its modules keep their own file URLs)
      const second = traced(['plan', 'qwen2.5-0.5b'], { TRTFORGE_COMPILE_CACHE: cache });
      expect(second.status, second.stderr).toBe(0);
      expect(second.stdout).toBe(first.stdout);
      expect(second.stdout).toContain('# qwen2.5-0.5b — deployment plan');
      expect(second.loaded).toEqual(['node_modules/typescript/package.json', BIN, MAIN, STARTUP].sort());
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it('prints --help from the build-time text only where commander prints the same bytes, and runs commander everywhere else', () => {
    // WHEN `--help` or `-h` alone, stdout a pipe (with or without NO_COLOR) THEN commander's very bytes, without loading the commands
    for (const [args, env] of [[['--help'], {}], [['-h'], {}], [['--help'], { NO_COLOR: '1' }]] as const) {
      const r = traced(args, env);
      expect(r.status, r.stderr).toBe(0);
      expect(r.loaded, JSON.stringify(args)).toEqual([BIN, STARTUP]);
      expect(r.stdout).toBe(commander(args, env));
      expect(r.stdout).toContain('Usage: trtforge [options] [command]');
    }
    // WHEN colour is forced, or anything else is on the command line THEN commander runs and prints what it prints
    for (const [args, env] of [[['--help'], { FORCE_COLOR: '1' }], [['--help'], { CLICOLOR_FORCE: '1' }], [['-C', '.', '--help'], {}], [['help'], {}]] as const) {
      const r = traced(args, env);
      expect(r.loaded, JSON.stringify({ args, env })).toContain(MAIN);
      expect(r.stdout).toBe(commander(args, env));
    }
    // WHEN stdout is a terminal (a pty 100 columns wide) THEN commander wraps at the terminal's width, not the text's 80
    const tty = spawnSync('script', ['-qec', `stty cols 100; ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} --help`, '/dev/null'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(tty.status, tty.stderr).toBe(0);
    const widest = Math.max(...tty.stdout.split(/\r?\n/).map((line) => line.length));
    expect(widest).toBeGreaterThan(80);
    expect(widest).toBeLessThanOrEqual(100);
  });

  it("prints each command's help the same whether commander holds only that command (`<command> --help`) or all of them (`help <command>`)", () => {
    const listed = [...traced(['--help']).stdout.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]!).filter((name) => name !== 'help');
    expect(listed.length).toBeGreaterThan(10);
    for (const name of listed) {
      const alone = spawnSync(process.execPath, [CLI, name, '--help'], { cwd: ROOT, encoding: 'utf8' });
      const all = spawnSync(process.execPath, [CLI, 'help', name], { cwd: ROOT, encoding: 'utf8' });
      expect({ name, status: alone.status, stdout: alone.stdout, stderr: alone.stderr }).toEqual({ name, status: all.status, stdout: all.stdout, stderr: all.stderr });
    }
  });

  it('is only a faster copy: it runs while it was built from the CLI and the packages joined into it as they are, else dist/main.js', () => {
    // GIVEN bin/trtforge.js beside a dist/ whose entry points say which one ran, and a package joined into the bundle
    const dir = mkdtempSync(join(tmpdir(), 'trtforge-bin-'));
    try {
      const cli = join(dir, 'cli');
      writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
      mkdirSync(join(cli, 'bin'), { recursive: true });
      mkdirSync(join(cli, 'dist/startup'), { recursive: true });
      mkdirSync(join(dir, 'compiler/dist'), { recursive: true });
      copyFileSync(CLI, join(cli, 'bin/trtforge.js'));
      copyFileSync(join(dirname(CLI), 'package.json'), join(cli, 'bin/package.json'));
      writeFileSync(join(cli, 'dist/startup/early-interrupt.js'), 'export const installEarlyInterrupt = () => {};\n');
      writeFileSync(join(cli, 'dist/startup/mask-output.js'), 'export const maskOwnOutput = () => {};\n');
      writeFileSync(join(cli, 'dist/startup/early-gpu-query.js'), 'export const startEarlyGpuQuery = () => {};\n');
      const run = () => spawnSync(process.execPath, [join(cli, 'bin/trtforge.js')], { encoding: 'utf8' });
      const at = (path: string, seconds: number) => utimesSync(join(dir, path), seconds, seconds);
      writeFileSync(join(cli, 'dist/main.js'), "export async function main() { process.stdout.write('plain'); return 0; }\n");
      writeFileSync(join(cli, 'dist/.tsbuildinfo'), '{"build":1}');
      writeFileSync(join(dir, 'compiler/dist/.tsbuildinfo'), '{"compiler":1}');
      at('compiler/dist/.tsbuildinfo', 1_000);
      // WHEN there is no bundle (a plain tsc -b) THEN dist/main.js runs
      expect(run().stdout).toBe('plain');
      // WHEN the bundle was built from this very build, after the joined package's THEN it runs
      mkdirSync(join(cli, 'dist/bundle'));
      writeFileSync(join(cli, 'dist/bundle/startup.cjs'), 'exports.installEarlyInterrupt = () => {};\nexports.maskOwnOutput = () => {};\nexports.printPrecomputedHelp = () => false;\nexports.startEarlyGpuQuery = () => {};\n');
      writeFileSync(join(cli, 'dist/bundle/main.cjs'), "exports.main = async () => { process.stdout.write('bundle'); return 0; };\n");
      writeFileSync(join(cli, 'dist/bundle/.tsbuildinfo'), '{"build":1}');
      writeFileSync(join(cli, 'dist/bundle/built-from.json'), JSON.stringify({ own: { stamp: '../.tsbuildinfo', copy: '.tsbuildinfo' }, joined: ['../../../compiler/dist/.tsbuildinfo'] }));
      at('cli/dist/bundle/built-from.json', 2_000);
      expect(run().stdout).toBe('bundle');
      // WHEN the CLI's files were restored in another order (a turbo cache restore) THEN it still runs
      at('cli/dist/.tsbuildinfo', 3_000);
      at('cli/dist/main.js', 3_000);
      at('cli/dist/bundle/main.cjs', 500);
      expect(run().stdout).toBe('bundle');
      // WHEN tsc -b rebuilt the CLI after it (a new dist/.tsbuildinfo), however old that looks, THEN it is passed over
      writeFileSync(join(cli, 'dist/.tsbuildinfo'), '{"build":2}');
      at('cli/dist/.tsbuildinfo', 500);
      expect(run().stdout).toBe('plain');
      writeFileSync(join(cli, 'dist/.tsbuildinfo'), '{"build":1}');
      expect(run().stdout).toBe('bundle');
      // WHEN a package joined into it was rebuilt after it THEN it is passed over too
      at('compiler/dist/.tsbuildinfo', 2_001);
      expect(run().stdout).toBe('plain');
      rmSync(join(dir, 'compiler/dist/.tsbuildinfo'));
      expect(run().stdout).toBe('plain');
      // WHEN nothing is built THEN one line says so
      rmSync(join(cli, 'dist/main.js'));
      rmSync(join(cli, 'dist/bundle'), { recursive: true });
      const none = run();
      expect(none.status).toBe(1);
      expect(none.stderr).toBe('✗ trtforge is not built yet (packages/cli/dist is missing): run `npm run build` at the repository root\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const BIN = 'packages/cli/bin/trtforge.js';
const STARTUP = 'packages/cli/dist/bundle/startup.cjs';
const MAIN = 'packages/cli/dist/bundle/main.cjs';

/** `trtforge <args>` with every file it loads recorded (ES modules and CommonJS), repository-relative, sorted. */
function traced(args: readonly string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string; loaded: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'trtforge-bundle-'));
  try {
    const trace = join(dir, 'modules.trace');
    const hook = fileURLToPath(new URL('../helpers/trace-modules.mjs', import.meta.url));
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '', CLICOLOR_FORCE: undefined, ...env, TRTFORGE_TRACE_MODULES: trace, NODE_OPTIONS: `--import ${hook}` } });
    const loaded = readFileSync(trace, 'utf8').split('\n').filter(Boolean).map((u) => fileURLToPath(u).slice(ROOT.length).replace(/^\//, ''));
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, loaded: [...new Set(loaded)].sort() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What commander itself prints to stdout for `trtforge <args>`: the bundle's main() called directly. */
function commander(args: readonly string[], env: Record<string, string> = {}): string {
  const script = `require(${JSON.stringify(join(ROOT, MAIN))}).main(['node', 'trtforge', ...${JSON.stringify(args)}]).then((code) => { process.exitCode = code; })`;
  return spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '', CLICOLOR_FORCE: undefined, ...env } }).stdout;
}
