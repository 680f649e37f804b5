// Prints the mutation score per module from Stryker's JSON report (`npm run mutation` runs it last).
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

/** Module → files (by path pattern); the same modules as MUTATE in stryker.config.mjs. */
const MODULES = [
  ['template fill', /compiler\/src\/emit\/fill-template\.ts$/],
  ['pbtxt writer', /pbtxt\/src\/(writer|text-escape|scalars)\.ts$/],
  ['flag emission', /compiler\/src\/emit\/(flags|steps)\.ts$/],
  ['cache keys', /runner\/src\/(store\/key|steps\/keys)\.ts$/],
  ['locks', /runner\/src\/store\/(lock|owner)\.ts$/],
  ['output validation', /runner\/src\/(steps\/validate-output|repository-check|store\/integrity)\.ts$/],
  ['secret masking', /(spec\/src\/secrets|compiler\/src\/sanitize-result|hardening\/secret-patterns|hardening\/secrets|process\/step-log)\.ts$/],
  ['lint rules', /compiler\/src\/lints\/rules\//],
];

const report = JSON.parse(readFileSync(new URL('../reports/mutation/mutation.json', import.meta.url), 'utf8'));
const rows = new Map(MODULES.map(([name]) => [name, { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, other: 0 }]));
for (const [file, { mutants }] of Object.entries(report.files)) {
  const path = relative(process.cwd(), file).split('\\').join('/');
  // A file in two modules (a secret pattern inside the lint rules) counts for the first.
  const module = MODULES.find(([, pattern]) => pattern.test(path))?.[0] ?? 'other';
  if (!rows.has(module)) rows.set(module, { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, other: 0 });
  const row = rows.get(module);
  for (const m of mutants) {
    if (m.status in row && m.status !== 'other') row[m.status]++;
    else if (m.status !== 'Ignored') row.other++;
  }
}

const score = (r) => {
  const detected = r.Killed + r.Timeout;
  const valid = detected + r.Survived + r.NoCoverage;
  return valid === 0 ? 'n/a' : `${((100 * detected) / valid).toFixed(1)}%`;
};
const total = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, other: 0 };
const lines = [['module', 'killed', 'survived', 'no coverage', 'timeout', 'errors', 'score']];
for (const [name, r] of rows) {
  for (const k of Object.keys(total)) total[k] += r[k];
  lines.push([name, r.Killed, r.Survived, r.NoCoverage, r.Timeout, r.other, score(r)].map(String));
}
lines.push(['total', total.Killed, total.Survived, total.NoCoverage, total.Timeout, total.other, score(total)].map(String));
const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => l[i].length)));
const fmt = (l) => `| ${l.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
console.log(['', 'Mutation score per module (killed + timeout) / (killed + timeout + survived + no coverage):', fmt(lines[0]), fmt(widths.map((w) => '-'.repeat(w))), ...lines.slice(1).map(fmt)].join('\n'));
console.log('\nHTML report: reports/mutation/index.html');
