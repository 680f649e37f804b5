import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { CliError } from '../cli-error.js';
import { findRoot } from '../repo.js';
import { runner } from '../runner.js';
import { fail } from './run/fail.js';
import { print } from './run/output.js';

interface ReportFlags {
  root?: string;
  out?: string;
  json?: boolean;
  debug?: boolean;
}

// Through the package's exports (this module runs from the CLI's bundle), and only when a report is written.
const version = (): string => (createRequire(import.meta.url)('@trtforge/cli/package.json') as { version: string }).version;

/**
 * `trtforge bench report [run…]`: stored runs (bench/<model>/<run-id>/) → one self-contained HTML
 * page, each plot as SVG and PNG, and summary.md for a pull request. Reads runs only: no server,
 * no genai-perf. @trtforge/report (vega, resvg) is loaded only here.
 */
export function registerBenchReport(bench: Command): void {
  const command = bench
    .command('report')
    .description('compare stored benchmark runs: one HTML page with throughput/latency, TTFT and ITL plots (+ SVG, PNG, summary.md)')
    .argument('[runs...]', 'a model, a sweep (<model>/<sweep-id>) or a run (<model>/<run-id>); default: every stored run')
    .option('--out <dir>', 'where the report goes (replaced on each run)', join('bench', 'report'))
    .option('--json', 'print what was written and the runs compared as JSON');
  command.action(async (selectors: string[]) => {
    const flags = command.optsWithGlobals<ReportFlags>();
    try {
      const root = findRoot(flags.root);
      const runs = await runner().selectStoredRuns(root, selectors);
      const { buildReport, writeReport, ReportWriteError } = await import('@trtforge/report');
      const report = await buildReport(runs, { date: new Date().toISOString(), by: `trtforge ${version()}` });
      const out = resolve(root, flags.out ?? join('bench', 'report'));
      const files = await writeReport(out, report).catch((error: unknown) => {
        if (error instanceof ReportWriteError) throw new CliError(`${error.message}\n  hint: ${error.hint}`);
        throw error;
      });
      const where = relative(root, out) || '.';
      if (flags.json) {
        print(JSON.stringify({
          out: where,
          files,
          series: report.series.map((s) => ({ sweep: s.id, label: s.label, standIn: s.standIn, runs: s.runs.map((r) => r.id) })),
          charts: report.charts.map((c) => ({ name: c.name, title: c.title, drawn: c.svg !== null, ...(c.missing ? { missing: c.missing } : {}) })),
        }, null, 2));
        return;
      }
      print(pc.bold(`bench report: ${runs.length} run${runs.length === 1 ? '' : 's'} in ${report.series.length} sweep${report.series.length === 1 ? '' : 's'}`));
      for (const s of report.series) print(`  ${s.label}  (${s.id}, concurrency ${s.runs.map((r) => r.manifest.point.concurrency).join(', ')})`);
      for (const c of report.charts.filter((chart) => !chart.svg)) print(pc.yellow(`  ! ${c.title}: not drawn, ${c.missing}`));
      if (report.series.some((s) => s.standIn)) print(pc.yellow('  ! figures from stand-in tools: labelled as such on every plot, never a result'));
      print(`wrote ${where}/index.html (+ ${files.filter((f) => f.endsWith('.svg') || f.endsWith('.png')).join(', ')}); for a PR: ${where}/summary.md`);
    } catch (error) {
      fail(command, error, flags.debug);
    }
  });
}
