import { STAND_IN_NOTE } from './charts.js';
import { figure, pointRows } from './points.js';
import { compareSeries, type Series } from './series.js';
import type { RenderedChart } from './html.js';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A summary to paste into a pull request: what differs, the figures per point, the plot files. */
export function renderMarkdown(series: Series[], charts: RenderedChart[]): string {
  const { differing, same } = compareSeries(series);
  const standIn = series.some((s) => s.standIn);
  const lines = [`## Benchmark: ${[...new Set(series.map((s) => s.manifest.model))].join(', ')}`, ''];
  if (standIn) lines.push(`> **${STAND_IN_NOTE}.** Runs marked [stand-in] check the plumbing; they are not a result.`, '');
  lines.push('| run | sweep | ' + differing.map((f) => cell(f.name)).join(' | ') + (differing.length > 0 ? ' |' : '|'));
  lines.push('|---|---|' + differing.map(() => '---|').join(''));
  for (const s of series) lines.push(`| ${cell(s.label)} | \`${s.id}\` | ${differing.map((f) => cell(f.of(s.manifest))).join(' | ')}${differing.length > 0 ? ' |' : ''}`);
  if (same.length > 0) lines.push('', `Same in every run: ${same.map((f) => `${f.name} ${f.value}`).join('; ')}.`);
  lines.push('', '| run | concurrency | output tok/s | req/s | TTFT p50 / p99 (ms) | ITL p50 / p99 (ms) | latency p50 / p99 (ms) |', '|---|---:|---:|---:|---:|---:|---:|');
  for (const r of pointRows(series)) {
    lines.push(`| ${cell(r.series)} | ${r.concurrency} | ${figure(r.outputTokensPerSec)} | ${figure(r.requestsPerSec)} | ${figure(r.ttft?.p50)} / ${figure(r.ttft?.p99)} | ${figure(r.itl?.p50)} / ${figure(r.itl?.p99)} | ${figure(r.latency?.p50)} / ${figure(r.latency?.p99)} |`);
  }
  lines.push('', `Plots: ${charts.map((c) => (c.svg ? `\`${c.name}.svg\` / \`${c.name}.png\` (${c.title})` : `${c.title}: not drawn, ${c.missing ?? 'no data'}`)).join('; ')}.`, '');
  return lines.join('\n');
}
