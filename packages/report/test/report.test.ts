import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, chartSpecs, groupSeries, STAND_IN_NOTE, writeReport, type Report } from '../src/index.js';
import { fixtureRun, sweepOf } from './fixtures.js';

const GENERATED = { date: '2026-12-02T01:00:00.000Z', by: 'trtforge 0.1.0' };

describe('series: one curve per sweep, labelled by what differs', () => {
  it('labels name only the facets that differ; the served model follows the serve mode', () => {
    const series = groupSeries([...sweepOf({ mode: 'triton' }), ...sweepOf({ mode: 'openai', engine: 'f'.repeat(64) })]);
    expect(series.map((s) => s.label)).toEqual(['serve mode triton · engine eeeeeeeeeeee', 'serve mode openai · engine ffffffffffff']);
    expect(series.map((s) => s.id)).toEqual(['qwen2.5-0.5b/20261202T003000Z-triton', 'qwen2.5-0.5b/20261202T003000Z-openai']);
  });

  it('points are ordered by concurrency whatever order the runs come in', () => {
    const [series] = groupSeries([fixtureRun(16), fixtureRun(1), fixtureRun(64), fixtureRun(4)]);
    expect(series!.runs.map((r) => r.manifest.point.concurrency)).toEqual([1, 4, 16, 64]);
  });

  it('sweeps that differ in nothing recorded are told apart by time, then by sweep id', () => {
    const byTime = groupSeries([...sweepOf({ sweep: 'a1' }), ...sweepOf({ sweep: 'b2', date: '2026-12-03T08:15:00.000Z' })]);
    expect(byTime.map((s) => s.label)).toEqual(['triton · 2026-12-02 00:30 UTC', 'triton · 2026-12-03 08:15 UTC']);
    const same = groupSeries([...sweepOf({ sweep: 'a1' }), ...sweepOf({ sweep: 'b2' })]);
    expect(same.map((s) => s.label)).toEqual(['triton · 2026-12-02 00:30 UTC · a1', 'triton · 2026-12-02 00:30 UTC · b2']);
  });

  it('a stand-in sweep says so first in its label; a real one does not', () => {
    const series = groupSeries([...sweepOf({ sweep: 'a1', gpu: 'NVIDIA H100' }), ...sweepOf({ sweep: 'b2', standIn: true })]);
    expect(series.map((s) => s.label)).toEqual(['GPU 1× NVIDIA H100, driver 550.54.15', '[stand-in] GPU 1× NVIDIA A10G, driver 550.54.15']);
  });
});

describe('charts', () => {
  it('every plot carries the stand-in note when any figure is from stand-ins, and none otherwise', () => {
    const mixed = chartSpecs(groupSeries([...sweepOf({ sweep: 'a1' }), ...sweepOf({ sweep: 'b2', standIn: true })]));
    expect(mixed.map((c) => (c.spec?.title as { subtitle?: string }).subtitle)).toEqual([STAND_IN_NOTE, STAND_IN_NOTE, STAND_IN_NOTE]);
    const real = chartSpecs(groupSeries(sweepOf({})));
    expect(real.map((c) => (c.spec?.title as { subtitle?: string }).subtitle)).toEqual([undefined, undefined, undefined]);
  });

  it('without streaming there is no TTFT or ITL: those plots say why instead of drawing nothing', () => {
    const charts = chartSpecs(groupSeries(sweepOf({ streaming: false })));
    expect(charts.map((c) => [c.name, c.spec === null, c.missing])).toEqual([
      ['throughput-latency', false, undefined],
      ['ttft', true, 'no run has time_to_first_token (genai-perf reports it only for streaming runs)'],
      ['itl', true, 'no run has inter_token_latency (genai-perf reports it only for streaming runs)'],
    ]);
  });
});

describe('buildReport', () => {
  // Each report renders 3 SVGs and 3 PNGs: built once here, shared by the cases below.
  let plain: Report;
  let standIn: Report;
  let escaped: Report;
  const escapedRuns = [...sweepOf({ sweep: 'a1', gpu: 'NVIDIA <A10G> & "co"' }), ...sweepOf({ sweep: 'b2' })];
  beforeAll(async () => {
    plain = await buildReport([...sweepOf({ mode: 'triton' }), ...sweepOf({ mode: 'openai' })], GENERATED);
    standIn = await buildReport([...sweepOf({ mode: 'triton', standIn: true }), ...sweepOf({ mode: 'openai', standIn: true })], GENERATED);
    escaped = await buildReport(escapedRuns, GENERATED);
  });

  it('renders each plot to SVG (axis titles, a legend entry per sweep) and PNG', () => {
    expect(plain.charts.map((c) => c.name)).toEqual(['throughput-latency', 'ttft', 'itl']);
    for (const chart of plain.charts) {
      expect(chart.svg).toMatch(/^<svg [^>]*width="\d+" height="\d+"/);
      expect(chart.svg).toContain('>serve mode triton</text>');
      expect(chart.svg).toContain('>serve mode openai</text>');
      expect(chart.png!.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(chart.png!.length).toBeGreaterThan(5_000);
    }
    expect(plain.charts[0]!.svg).toContain('>output token throughput (tokens/s)</text>');
    expect(plain.charts[1]!.svg).toContain('>time to first token (ms)</text>');
    expect(plain.html).not.toContain(STAND_IN_NOTE);
    expect(plain.markdown).not.toContain('STAND-IN');
    for (const chart of standIn.charts) expect(chart.svg).toContain(`>${STAND_IN_NOTE}</text>`);
  });

  it('is pure: the same runs give the same page; text from manifests is escaped', async () => {
    const again = await buildReport(escapedRuns, GENERATED);
    expect(again.html).toBe(escaped.html);
    expect(again.markdown).toBe(escaped.markdown);
    expect(escaped.html).toContain('<td>1× NVIDIA &lt;A10G&gt; &amp; &quot;co&quot;, driver 550.54.15</td>');
    expect(escaped.html).not.toContain('<A10G>');
  });

  it('the markdown summary lists what differs and every point', () => {
    const lines = standIn.markdown.split('\n');
    expect(lines[0]).toBe('## Benchmark: qwen2.5-0.5b');
    expect(lines[2]).toBe(`> **${STAND_IN_NOTE}.** Runs marked [stand-in] check the plumbing; they are not a result.`);
    expect(lines).toContain('| run | sweep | serve mode | served model |');
    expect(lines).toContain('| [stand-in] serve mode triton | `qwen2.5-0.5b/20261202T003000Z-triton` | triton | ensemble |');
    expect(lines.filter((l) => /^\| \[stand-in\] serve mode \w+ \| \d+ \|/.test(l))).toHaveLength(8);
  });
});

describe('writeReport', () => {
  const base = mkdtempSync(join(tmpdir(), 'trtforge-report-'));
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('writes the page, SVG + PNG per plot and summary.md, and replaces an earlier report whole', async () => {
    const out = join(base, 'report');
    const report = await buildReport(sweepOf({ streaming: false }), GENERATED);
    expect(await writeReport(out, report)).toEqual(['index.html', 'summary.md', 'throughput-latency.svg', 'throughput-latency.png']);
    writeFileSync(join(out, 'stale.svg'), '<svg/>');
    await writeReport(out, report);
    expect(readdirSync(out).sort()).toEqual(['.trtforge-report', 'index.html', 'summary.md', 'throughput-latency.png', 'throughput-latency.svg']);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('Time to first token (p50 / p90 / p99): not drawn — no run has time_to_first_token');
    expect(readdirSync(base)).toEqual(['report']);
  });

  it('never replaces a directory that is not a report', async () => {
    const out = join(base, 'mine');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'keep\n');
    await expect(writeReport(out, await buildReport(sweepOf({ streaming: false }), GENERATED))).rejects.toThrow(`${out} exists and is not a trtforge report; not replacing it`);
    expect(readdirSync(out)).toEqual(['notes.txt']);
    expect(existsSync(join(base, '.mine.' + process.pid + '.partial'))).toBe(false);
  });
});
