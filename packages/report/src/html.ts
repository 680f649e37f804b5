import { STAND_IN_NOTE } from './charts.js';
import { figure, pointRows } from './points.js';
import { compareSeries, sweepDate, type Series } from './series.js';

export interface RenderedChart {
  name: string;
  title: string;
  svg: string | null;
  missing?: string;
}

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Inline SVG for the page: vega's output is a standalone document; an XML prolog would not belong in HTML. */
const inlineSvg = (svg: string): string => svg.replace(/^<\?xml[^>]*>\s*/, '');

const STYLE = `
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; margin: 2rem auto; max-width: 1100px; color: #1a1a1a; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 0.5rem 0; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.stand-in { background: #fde7ea; border: 2px solid #b00020; color: #7a0016; padding: 0.75rem 1rem; font-weight: bold; }
figure { margin: 1.5rem 0; } figcaption { font-size: 0.85rem; color: #555; }
code { font-size: 0.85rem; }
`;

/**
 * One self-contained page: no script, no stylesheet or image fetched from anywhere — the plots are
 * inline SVG rendered on the server, so the file can be attached to a PR or opened offline.
 */
export function renderHtml(series: Series[], charts: RenderedChart[], generated: { date: string; by: string }): string {
  const { differing, same } = compareSeries(series);
  const standIn = series.some((s) => s.standIn);
  const models = [...new Set(series.map((s) => s.manifest.model))].join(', ');
  const runsTable = [
    '<table id="runs"><thead><tr><th>run</th><th>sweep</th><th>started</th><th>concurrency</th>',
    ...differing.map((f) => `<th>${escape(f.name)}</th>`),
    '</tr></thead><tbody>',
    ...series.map((s) => [
      `<tr data-series="${escape(s.id)}"><td>${escape(s.label)}</td><td><code>${escape(s.id)}</code></td><td>${escape(sweepDate(s.manifest))}</td>`,
      `<td>${s.runs.map((r) => r.manifest.point.concurrency).join(', ')}</td>`,
      ...differing.map((f) => `<td>${escape(f.of(s.manifest))}</td>`),
      '</tr>',
    ].join('')),
    '</tbody></table>',
  ].join('\n');
  const sameList = same.length > 0 ? `<p>The same in every run shown:</p>\n<ul>${same.map((f) => `<li>${escape(f.name)}: ${escape(f.value)}</li>`).join('')}</ul>` : '';
  const figures = charts.map((c) => (c.svg
    ? `<figure id="${escape(c.name)}"><div class="plot">${inlineSvg(c.svg)}</div><figcaption>${escape(c.title)}${standIn ? ` — ${escape(STAND_IN_NOTE)}` : ''} (also <code>${escape(c.name)}.svg</code>, <code>${escape(c.name)}.png</code>)</figcaption></figure>`
    : `<figure id="${escape(c.name)}"><figcaption>${escape(c.title)}: not drawn — ${escape(c.missing ?? 'no data')}</figcaption></figure>`));
  const rows = pointRows(series);
  const pointsTable = [
    '<table id="points"><thead><tr><th>run</th><th>concurrency</th><th>output tokens/s</th><th>requests/s</th><th>TTFT p50</th><th>TTFT p90</th><th>TTFT p99</th><th>ITL p50</th><th>ITL p90</th><th>ITL p99</th><th>latency p50</th><th>latency p99</th></tr></thead><tbody>',
    ...rows.map((r) => `<tr><td>${escape(r.series)}</td>${[r.concurrency, r.outputTokensPerSec, r.requestsPerSec, r.ttft?.p50, r.ttft?.p90, r.ttft?.p99, r.itl?.p50, r.itl?.p90, r.itl?.p99, r.latency?.p50, r.latency?.p99].map((v) => `<td class="num">${figure(v)}</td>`).join('')}</tr>`),
    '</tbody></table>',
    '<p>Latencies in ms (genai-perf’s p50/p90/p99 over the measured requests of each point); throughput over the whole point.</p>',
  ].join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>trtforge bench report — ${escape(models)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Benchmark report — ${escape(models)}</h1>
${standIn ? `<p class="stand-in" id="stand-in">${escape(STAND_IN_NOTE)}. Runs marked [stand-in] were measured with trtforge’s test stand-ins for genai-perf and the servers: they check the plumbing, they are not a result.</p>` : ''}
<h2>Runs</h2>
${runsTable}
${sameList}
<h2>Plots</h2>
${figures.join('\n')}
<h2>Every point</h2>
${pointsTable}
<p><small>Generated ${escape(generated.date)} by ${escape(generated.by)} from the stored runs under <code>bench/</code> (genai-perf’s exports and each run’s manifest.json).</small></p>
</body>
</html>
`;
}
