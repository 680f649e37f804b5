import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Report } from './report.js';

/** Marks a directory as a trtforge report: only such a directory is ever replaced. */
export const REPORT_MARKER = '.trtforge-report';
export const HTML_FILE = 'index.html';
export const MARKDOWN_FILE = 'summary.md';

export class ReportWriteError extends Error {
  override readonly name = 'ReportWriteError';
  constructor(message: string, readonly hint: string) {
    super(message);
  }
}

/**
 * Writes index.html, summary.md and each plot as SVG and PNG into `dir`, whole or not at all:
 * everything goes into a sibling temporary directory that then replaces `dir`. A `dir` that holds
 * anything but an earlier report is left alone (an error says so).
 */
export async function writeReport(dir: string, report: Report): Promise<string[]> {
  if (existsSync(dir)) {
    const entries = await readdir(dir);
    if (entries.length > 0 && !entries.includes(REPORT_MARKER)) {
      throw new ReportWriteError(`${dir} exists and is not a trtforge report; not replacing it`, 'choose another directory with --out, or remove it');
    }
  }
  await mkdir(dirname(dir), { recursive: true });
  const temp = join(dirname(dir), `.${basename(dir)}.${process.pid}.partial`);
  const written = [HTML_FILE, MARKDOWN_FILE];
  try {
    await rm(temp, { recursive: true, force: true });
    await mkdir(temp);
    await writeFile(join(temp, REPORT_MARKER), 'written by `trtforge bench report`; the next report replaces this directory\n');
    await writeFile(join(temp, HTML_FILE), report.html);
    await writeFile(join(temp, MARKDOWN_FILE), report.markdown);
    for (const chart of report.charts) {
      if (!chart.svg || !chart.png) continue;
      await writeFile(join(temp, `${chart.name}.svg`), chart.svg);
      await writeFile(join(temp, `${chart.name}.png`), chart.png);
      written.push(`${chart.name}.svg`, `${chart.name}.png`);
    }
    await rm(dir, { recursive: true, force: true });
    await rename(temp, dir);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  return written;
}
