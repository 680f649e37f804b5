#!/usr/bin/env node
// Builds the prototype snapshot (see README.md): bundles entry.mjs with esbuild into one CommonJS
// script (Node 20's --build-snapshot entry may require only built-in modules), then runs
// `node --snapshot-blob <blob> --build-snapshot <bundle>` with the warm-up spec. Prints the bundle
// and blob sizes and the build time as JSON. Usage: node build.mjs <out-dir> [warm-up model.ts]
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '../../../..');
const [outDir, warm = join(root, 'models/qwen2.5-0.5b/model.ts')] = process.argv.slice(2);
if (!outDir) throw new Error('usage: node build.mjs <out-dir> [warm-up model.ts]');
mkdirSync(outDir, { recursive: true });
const bundle = join(outDir, 'bundle.cjs');
const blob = join(outDir, 'snapshot.blob');

// esbuild is a dev dependency of this package (its joined build).
const esbuild = createRequire(import.meta.url)('esbuild');
const t0 = performance.now();
await esbuild.build({
  entryPoints: [join(here, 'entry.mjs')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: bundle,
  // The blob holds the script's source: minified, it is 10.9 instead of 17.4 MB for TypeScript
  // alone, and deserializes in 0.2 instead of 0.35 s (V8 deserializes it object by object).
  // SNAPSHOT_MINIFY=0 keeps the source as it is (for comparison).
  minify: process.env.SNAPSHOT_MINIFY !== '0',
  logLevel: 'error',
  // typescript.js requires it only under a debug flag, in a try.
  external: ['source-map-support'],
  // evaluate.js resolves node:inspector relative to itself (only when a spec timed out).
  define: {
    'import.meta.url': JSON.stringify(pathToFileURL(join(root, 'packages/compiler/dist/load/evaluate.js')).href),
    TS_LIB_DIR: JSON.stringify(dirname(createRequire(join(root, 'packages/compiler/package.json')).resolve('typescript'))),
  },
});
const t1 = performance.now();
const r = spawnSync(process.execPath, ['--snapshot-blob', blob, '--build-snapshot', bundle], {
  encoding: 'utf8', env: { ...process.env, SNAPSHOT_WARM_SPEC: warm },
});
const t2 = performance.now();
if (r.status !== 0) {
  process.stderr.write(`node --build-snapshot failed (exit ${r.status}, signal ${r.signal}):\n${r.stderr}`);
  process.exit(1);
}
console.log(JSON.stringify({
  node: process.version, minified: process.env.SNAPSHOT_MINIFY !== '0',
  typescript: createRequire(join(root, 'packages/compiler/package.json'))('typescript/package.json').version,
  bundleBytes: statSync(bundle).size, blobBytes: statSync(blob).size,
  bundleMs: Math.round(t1 - t0), buildSnapshotMs: Math.round(t2 - t1), bundle, blob,
  // Node 20 warns about built-ins it has not verified in snapshots (typescript.js requires perf_hooks).
  warnings: r.stderr.split('\n').filter((l) => l.includes('Warning:')),
}));
