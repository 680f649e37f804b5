import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, startCli, STACK_TRACE } from './helpers/cli.js';
import { createWorkspace, REPO_ROOT, type Workspace } from './helpers/workspace.js';


/** Servers, genai-perf and a browser on a 2-core machine shared with other runs: generous, so load never fails a case. */
const SLOW = 300_000;
/** Debian's chromium (scripts/install-system-packages.sh installs it); never a downloaded browser. */
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

const STAND_IN_NOTE = 'STAND-IN TOOLS: these figures time trtforge’s test stand-ins, not a model';

/** What the page shows, measured by the browser after layout. */
interface PlotInBrowser {
  id: string;
  width: number;
  height: number;
  axisTitles: string[];
  legendLabels: string[];
  subtitle: string;
  /** Drawn line paths (one per sweep, or per sweep × percentile), with their rendered size. */
  lines: Array<{ stroke: string; width: number; height: number }>;
}

/**
 * `trtforge bench` sweeps in two serve modes through the real CLI (stand-in servers and
 * genai-perf), then `trtforge bench report`, and the page opened in headless Chromium: every plot
 * is a non-empty SVG with labelled axes and one curve per sweep, and says it shows stand-in figures.
 */
describe('trtforge bench report: the page in a real browser (stand-in tools)', () => {
  let ws: Workspace;
  let browser: Browser | undefined;
  const sweeps: Record<string, { sweep: string; runs: Array<{ run: string; dir: string; concurrency: number }> }> = {};

  beforeAll(async () => {
    ws = await createWorkspace({ generated: 'qwen2.5-0.5b' });
    copyFileSync(join(REPO_ROOT, 'models', ws.model, 'model.ts'), join(ws.root, 'models', ws.model, 'model.ts'));
    ws.editPlan((plan) => {
      for (const step of Object.values(plan.bench ?? {})) {
        step.argv = step.argv.map((arg, i, argv) => (argv[i - 1] === '--request-count' ? '6' : argv[i - 1] === '--warmup-request-count' ? '1' : arg));
      }
    });
  }, SLOW);
  afterAll(async () => {
    await browser?.close();
    ws.cleanup();
  }, SLOW);

  it.each([['triton', []], ['openai', ['--mode', 'openai']]] as const)('%s: a 3-point sweep through the CLI, --json', async (mode, modeArgs) => {
    const server = startCli(ws, ['serve', ws.model, ...modeArgs, '--no-smoke']);
    try {
      await server.waitForOutput(/is ready/);
      const run = await cli(ws, ['bench', ws.model, ...modeArgs, '--concurrency', '1,2,4', '--json']);
      expect(run.code, run.stderr).toBe(0);
      const summary = JSON.parse(run.stdout);
      expect(summary).toMatchObject({ model: ws.model, mode, standIn: true, warnings: [] });
      expect(summary.runs.map((r: { concurrency: number }) => r.concurrency)).toEqual([1, 2, 4]);
      for (const r of summary.runs) {
        expect(r.dir).toBe(`bench/${ws.model}/${summary.sweep}-c${r.concurrency}`);
        expect(r.manifest.serve.mode).toBe(mode);
        expect(r.metrics.request_count.avg).toBe(6);
      }
      expect(run.stdout).not.toContain(ws.root);
      sweeps[mode] = summary;
    } finally {
      server.child.kill('SIGINT');
      await server.done;
    }
  }, SLOW);

  it('writes the page, each plot as SVG and PNG, and summary.md', async () => {
    const run = await cli(ws, ['bench', 'report']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('bench report: 6 runs in 2 sweeps');
    expect(run.stdout).toContain('wrote bench/report/index.html');
    const out = join(ws.root, 'bench', 'report');
    expect(readdirSync(out).sort()).toEqual(['.trtforge-report', 'index.html', 'itl.png', 'itl.svg', 'summary.md', 'throughput-latency.png', 'throughput-latency.svg', 'ttft.png', 'ttft.svg']);
    for (const name of ['itl', 'throughput-latency', 'ttft']) {
      expect(readFileSync(join(out, `${name}.png`)).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(readFileSync(join(out, `${name}.svg`), 'utf8')).toContain(STAND_IN_NOTE);
    }
    const markdown = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(markdown).toContain(`> **${STAND_IN_NOTE}.**`);
    expect(markdown).toContain(`| [stand-in] serve mode triton | \`${ws.model}/${sweeps.triton!.sweep}\` | triton | ensemble |`);
    // The page is self-contained: nothing is fetched (the only URLs are SVG's XML namespaces).
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|url\(/i);
    expect(html.replace(/xmlns(:xlink)?="http:\/\/www\.w3\.org\/[^"]+"/g, '')).not.toMatch(/https?:\/\//);
  }, SLOW);

  it('headless Chromium shows every plot: non-empty SVG, labelled axes, one curve per sweep', async () => {
    if (!CHROMIUM) throw new Error('chromium is not installed: run scripts/install-system-packages.sh (Debian package chromium)');
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(ws.root, 'bench', 'report', 'index.html')).href, { waitUntil: 'load' });
    const plots: PlotInBrowser[] = await page.$$eval('figure', (figures) => figures.map((figure) => {
      const svg = figure.querySelector('svg');
      const box = svg?.getBoundingClientRect();
      const texts = (selector: string): string[] => [...(svg?.querySelectorAll(selector) ?? [])].map((t) => t.textContent ?? '');
      return {
        id: figure.id,
        width: box?.width ?? 0,
        height: box?.height ?? 0,
        axisTitles: texts('.role-axis-title text'),
        legendLabels: texts('.role-legend-label text'),
        subtitle: texts('.role-title-subtitle text').join(' '),
        lines: [...(svg?.querySelectorAll('.mark-line path') ?? [])].map((path) => {
          const bbox = (path as unknown as { getBBox(): { width: number; height: number } }).getBBox(); // runs in the page (no DOM lib here)
          return { stroke: path.getAttribute('stroke') ?? '', width: bbox.width, height: bbox.height };
        }),
      };
    }));
    const title = await page.title();
    const banner = await page.$eval('#stand-in', (p) => p.textContent ?? '');
    expect(title).toBe(`trtforge bench report — ${ws.model}`);
    expect(banner).toContain(STAND_IN_NOTE);
    expect(plots.map((p) => p.id)).toEqual(['throughput-latency', 'ttft', 'itl']);
    const labels = ['[stand-in] serve mode triton', '[stand-in] serve mode openai'];
    const axes: Record<string, string[]> = {
      'throughput-latency': ['request latency p50 (ms)', 'output token throughput (tokens/s)'],
      ttft: ['concurrency (requests in flight)', 'time to first token (ms)'],
      itl: ['concurrency (requests in flight)', 'inter-token latency (ms)'],
    };
    for (const plot of plots) {
      expect(plot.width, plot.id).toBeGreaterThan(300);
      expect(plot.height, plot.id).toBeGreaterThan(200);
      expect(plot.axisTitles, plot.id).toEqual(axes[plot.id]);
      expect(plot.subtitle, plot.id).toBe(STAND_IN_NOTE);
      // one legend entry per sweep (the percentile plots add a p50/p90/p99 legend)
      expect(plot.legendLabels.filter((l) => l.startsWith('[stand-in]')), plot.id).toEqual(labels);
      // one curve per sweep — per sweep and percentile on the percentile plots — each drawn
      const perSweep = plot.id === 'throughput-latency' ? 1 : 3;
      expect(plot.lines, plot.id).toHaveLength(labels.length * perSweep);
      expect(new Set(plot.lines.map((l) => l.stroke)).size, plot.id).toBe(labels.length);
      for (const line of plot.lines) expect(line.width + line.height, plot.id).toBeGreaterThan(0);
    }
    // The table of points lists every run.
    expect(await page.$$eval('#points tbody tr', (rows) => rows.length)).toBe(6);
  }, SLOW);

  it('selects runs by sweep; an unknown run or a foreign --out directory is one clear error', async () => {
    const one = await cli(ws, ['bench', 'report', `${ws.model}/${sweeps.openai!.sweep}`, '--json', '--out', 'reports/openai']);
    expect(one.code, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout)).toMatchObject({ out: 'reports/openai', series: [{ sweep: `${ws.model}/${sweeps.openai!.sweep}`, runs: sweeps.openai!.runs.map((r) => r.run) }] });

    const unknown = await cli(ws, ['bench', 'report', 'llama-3-8b']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('✗ no stored run matches "llama-3-8b"');
    expect(unknown.stderr).not.toMatch(STACK_TRACE);

    mkdirSync(join(ws.root, 'notes'), { recursive: true });
    writeFileSync(join(ws.root, 'notes', 'todo.txt'), 'keep me\n');
    const foreign = await cli(ws, ['bench', 'report', '--out', 'notes']);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toContain(`${join(ws.root, 'notes')} exists and is not a trtforge report; not replacing it`);
    expect(readdirSync(join(ws.root, 'notes'))).toEqual(['todo.txt']);
  }, SLOW);
});
