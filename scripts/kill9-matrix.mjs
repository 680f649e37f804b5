#!/usr/bin/env node
// kill -9 matrix: runs test/runner/kill9.test.ts with KILL9_RUNS runs (default 30) — the real
// trtforge CLI on the stand-in tools, SIGKILLed during convert and build, then run again — and
// prints the figures: orphaned tools, temp dirs left after the next run, lock waits on the dead
// owner, results identical to an uninterrupted build. Needs the packages built (npm run build).
//
//   node scripts/kill9-matrix.mjs [runs]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 30);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`kill9-matrix: runs must be a positive integer, got ${process.argv[2]}`);
  process.exit(2);
}
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'trtforge-kill9-'));
const report = join(dir, 'figures.json');
const vitest = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', 'runner/kill9.test.ts', '-t', 'runs: no tool survives'], {
  cwd: join(root, 'test'),
  env: { ...process.env, KILL9_RUNS: String(runs), KILL9_REPORT: report, TURBO_TELEMETRY_DISABLED: '1' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
let figures;
try {
  figures = JSON.parse(readFileSync(report, 'utf8'));
} catch {
  console.error(`kill9-matrix: the test wrote no figures (vitest exit ${vitest.status}); see its output above`);
  process.exit(1);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const count = (test) => figures.filter(test).length;
const byPhase = {};
for (const f of figures) byPhase[f.phase] = (byPhase[f.phase] ?? 0) + 1;
console.log(`\nkill -9 matrix: ${figures.length} runs (${Object.entries(byPhase).map(([p, n]) => `${n} × ${p}`).join(', ')})`);
console.log(`  runs leaving a tool running after trtforge died   ${count((f) => f.orphans > 0)} / ${figures.length} (${figures.reduce((s, f) => s + f.orphans, 0)} processes)`);
console.log(`  runs leaving a temp dir after the next run        ${count((f) => f.tmpAfterNextRun > 0)} / ${figures.length} (the kill left one in ${count((f) => f.tmpAfterKill > 0)})`);
console.log(`  next runs that waited on the dead owner's lock    ${count((f) => f.waited > 0)} / ${figures.length}`);
console.log(`  next runs that took the dead owner's lock at once ${count((f) => f.takenAtOnce === 1)} / ${figures.length} ("… owner pid N (started …) is gone")`);
console.log(`  results identical to an uninterrupted build       ${count((f) => f.identical)} / ${figures.length}`);
process.exit(vitest.status === 0 ? 0 : 1);
