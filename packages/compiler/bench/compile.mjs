#!/usr/bin/env node
// Compile-speed figures for the closing note (never asserted in tests):
//   1. cold `trtforge compile qwen2.5-0.5b`, whole process (node start + type-check + emit + write)
//   2. 100 generated specs compiled in one `trtforge compile` run
//   3. `turbo run compile --filter=qwen2.5-0.5b` on a full turbo cache hit
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(root, 'packages/cli/bin/trtforge.js');
const runs = Number(process.env.BENCH_RUNS ?? 5);

function time(label, cmd, args, opts = {}) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${label} failed:\n${r.stderr}`);
    samples.push(ms);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  console.log(`${label.padEnd(58)} median ${(median / 1000).toFixed(3)} s   min ${(samples[0] / 1000).toFixed(3)} s   (${runs} runs)`);
  return median;
}

// 1. cold compile of the bundled spec (writes nothing new: the output is already current)
time('cold trtforge compile qwen2.5-0.5b (whole process)', process.execPath, [cli, 'compile', '-q', 'qwen2.5-0.5b'], { cwd: root });

// 2. 100 specs in one run, in a throwaway repository
const dir = mkdtempSync(join(tmpdir(), 'trtforge-bench-'));
try {
  writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const template = readFileSync(join(root, 'models/qwen2.5-0.5b/model.ts'), 'utf8');
  for (let i = 0; i < 100; i++) {
    const name = `bench-${String(i).padStart(3, '0')}`;
    mkdirSync(join(dir, 'models', name), { recursive: true });
    const batch = 4 + (i % 16);
    writeFileSync(join(dir, 'models', name, 'model.ts'), template
      .replace("name: 'qwen2.5-0.5b'", `name: '${name}'`)
      .replace(/maxBatchSize: 20/g, `maxBatchSize: ${batch}`));
  }
  time('100 specs, one trtforge compile run (writes 100 dirs)', process.execPath, [cli, 'compile', '-q'], {
    cwd: dir,
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// 3. turbo cache hit (prime once, then measure)
const turbo = join(root, 'node_modules/.bin/turbo');
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
spawnSync(turbo, ['run', 'compile', '--filter=qwen2.5-0.5b'], { cwd: root, env });
time('turbo run compile --filter=qwen2.5-0.5b (cache hit)', turbo, ['run', 'compile', '--filter=qwen2.5-0.5b', '--output-logs=none'], { cwd: root, env });
