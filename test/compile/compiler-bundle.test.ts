import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGraph } from '../helpers/import-graph.js';
import { ROOT } from '../helpers/paths.js';

/**
 * The compiler runs as its single-file build (packages/compiler/scripts/bundle.mjs → dist/bundle/):
 * every module's code lands in a file directly in dist/bundle/. A module that locates a file from
 * its own location must therefore find the same file from there as from its place in dist/ — or
 * name a sibling entry of the build (the Kubernetes thread's worker).
 */
const PKG = join(ROOT, 'packages/compiler');
const OWN_LOCATION = /new URL\(\s*'([^']+)'\s*,\s*import\.meta\.url\s*\)/g;

describe('the compiler build', () => {
  it('finds from dist/bundle/ every file its modules locate from their own place', () => {
    const modules = importGraph(ROOT).files.filter((f) => f.startsWith('packages/compiler/src/'));
    const located = modules.flatMap((f) => [...readFileSync(join(ROOT, f), 'utf8').matchAll(OWN_LOCATION)].map((m) => ({ file: f, target: m[1]! })));
    expect(located.length).toBeGreaterThan(0);
    const meta = JSON.parse(readFileSync(join(PKG, 'dist/bundle/meta.json'), 'utf8')) as { outputs: Record<string, unknown> };
    const wrong = located.filter(({ file, target }) => {
      const fromDist = join(PKG, 'dist', dirname(relative(join(PKG, 'src'), join(ROOT, file))), target);
      const fromBundle = join(PKG, 'dist/bundle', target);
      if (fromDist === fromBundle) return false;
      // a module of its own: it must be an entry of the build, beside the one that names it
      const entry = relative(PKG, fromBundle);
      return !(entry in meta.outputs) || !existsSync(fromBundle);
    });
    expect(wrong).toEqual([]);
  });

  it('is what package.json exports, with the declarations of the same modules', () => {
    const manifest = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8')) as { exports: Record<string, string | { types: string; default: string }> };
    const meta = JSON.parse(readFileSync(join(PKG, 'dist/bundle/meta.json'), 'utf8')) as { outputs: Record<string, { entryPoint?: string }> };
    for (const [sub, entry] of Object.entries(manifest.exports)) {
      if (typeof entry === 'string') continue; // ./package.json
      const output = meta.outputs[entry.default.replace(/^\.\//, '')];
      expect(output?.entryPoint, sub).toBe(entry.types.replace(/^\.\//, '').replace(/\.d\.ts$/, '.js'));
    }
  });
});
