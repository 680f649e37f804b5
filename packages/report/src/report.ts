import type { StoredBenchRun } from '@trtforge/runner';
import { chartSpecs } from './charts.js';
import { renderHtml, type RenderedChart } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderPng, renderSvg } from './render.js';
import { groupSeries, type Series } from './series.js';

export interface Report {
  series: Series[];
  html: string;
  markdown: string;
  charts: Array<RenderedChart & { png: Buffer | null }>;
}

/**
 * A report from stored runs only (pure: no server, no genai-perf, no clock but `generated.date`):
 * runs grouped into sweeps, plots rendered to SVG and PNG, the page and the PR summary.
 */
export async function buildReport(runs: readonly StoredBenchRun[], generated: { date: string; by: string }): Promise<Report> {
  const series = groupSeries(runs);
  const charts: Report['charts'] = [];
  for (const chart of chartSpecs(series)) {
    if (!chart.spec) {
      charts.push({ name: chart.name, title: chart.title, svg: null, png: null, ...(chart.missing ? { missing: chart.missing } : {}) });
      continue;
    }
    const svg = await renderSvg(chart.spec);
    charts.push({ name: chart.name, title: chart.title, svg, png: renderPng(svg) });
  }
  return { series, html: renderHtml(series, charts, generated), markdown: renderMarkdown(series, charts), charts };
}
