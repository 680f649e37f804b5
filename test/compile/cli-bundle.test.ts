import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importGraph } from '../helpers/import-graph.js';
import { CLI, ROOT } from '../helpers/paths.js';

/**
 * bin/trtforge.js runs the CLI's esbuild bundle (packages/cli/scripts/bundle.mjs), with the runner
 * and the client joined into a lazily loaded chunk. Two things keep that honest: code that goes
 * into the bundle never finds files relative to its own module (the bundle lives elsewhere), and
 * `--help` loads the bundle, not the CLI's ~30 modules one by one, nor any package it does not use.
 */
describe('the CLI bundle', () => {
  it('joins only code that never locates files relative to its own module', () => {
    const bundled = importGraph(ROOT).files.filter((f) => /^packages\/(cli|runner|client)\/src\//.test(f));
    const relative = bundled.filter((f) => /new URL\([^)]*import\.meta\.url|fileURLToPath\(import\.meta\.url\)|import\.meta\.(dirname|filename)/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(relative, "resolve package files through the package's exports (createRequire(import.meta.url).resolve('@trtforge/<pkg>/<file>'))").toEqual([]);
  });

  it('is what --help loads: the bundle, the start-up files and the secret patterns of the spec package', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trtforge-bundle-'));
    try {
      const trace = join(dir, 'modules.trace');
      const hook = fileURLToPath(new URL('../helpers/trace-modules.mjs', import.meta.url));
      const r = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8', env: { ...process.env, TRTFORGE_TRACE_MODULES: trace, NODE_OPTIONS: `--import ${hook}` } });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('Usage: trtforge');
      const loaded = readFileSync(trace, 'utf8').split('\n').filter(Boolean).map((u) => fileURLToPath(u).slice(ROOT.length).replace(/^\//, ''));
      const cli = loaded.filter((f) => f.startsWith('packages/cli/dist/') && !f.startsWith('packages/cli/dist/startup/'));
      expect(cli).toContain('packages/cli/dist/bundle/main.js');
      // (main.js and a chunk it shares with the lazily loaded runner chunk)
      expect(cli.filter((f) => !f.startsWith('packages/cli/dist/bundle/'))).toEqual([]);
      expect(cli.length).toBeLessThanOrEqual(3);
      expect(loaded.filter((f) => /^packages\/(compiler|runner|client|pbtxt)\/|^node_modules\//.test(f))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is only a faster copy: a build without it, or with an older one, runs dist/main.js', () => {
    // GIVEN bin/trtforge.js beside a dist/ whose entry points say which one ran
    const dir = mkdtempSync(join(tmpdir(), 'trtforge-bin-'));
    try {
      mkdirSync(join(dir, 'bin'));
      mkdirSync(join(dir, 'dist/startup'), { recursive: true });
      copyFileSync(CLI, join(dir, 'bin/trtforge.js'));
      writeFileSync(join(dir, 'dist/startup/early-interrupt.js'), 'export const installEarlyInterrupt = () => {};\n');
      writeFileSync(join(dir, 'dist/startup/mask-output.js'), 'export const maskOwnOutput = () => {};\n');
      const entry = (name: string) => `export async function main() { process.stdout.write('${name}'); return 0; }\n`;
      const run = () => spawnSync(process.execPath, [join(dir, 'bin/trtforge.js')], { encoding: 'utf8' });
      writeFileSync(join(dir, 'dist/main.js'), entry('plain'));
      // WHEN there is no bundle (a plain tsc -b) THEN dist/main.js runs
      expect(run().stdout).toBe('plain');
      // WHEN the bundle is the newer build THEN it runs
      mkdirSync(join(dir, 'dist/bundle'));
      writeFileSync(join(dir, 'dist/bundle/main.js'), entry('bundle'));
      utimesSync(join(dir, 'dist/main.js'), 1_000, 1_000);
      expect(run().stdout).toBe('bundle');
      // WHEN dist/main.js was rebuilt after it THEN the stale bundle is passed over
      utimesSync(join(dir, 'dist/bundle/main.js'), 500, 500);
      expect(run().stdout).toBe('plain');
      // WHEN nothing is built THEN one line says so
      rmSync(join(dir, 'dist/main.js'));
      rmSync(join(dir, 'dist/bundle'), { recursive: true });
      const none = run();
      expect(none.status).toBe(1);
      expect(none.stderr).toBe('✗ trtforge is not built yet (packages/cli/dist is missing): run `npm run build` at the repository root\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
