import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
});
