/**
 * @trtforge/report: `trtforge bench report` — stored benchmark runs (bench/<model>/<run-id>/, written
 * by @trtforge/runner) → one self-contained HTML page, each plot as SVG and PNG, and a markdown
 * summary for pull requests. Reads runs, never runs anything.
 */
export { buildReport, type Report } from './report.js';
export { writeReport, ReportWriteError, HTML_FILE, MARKDOWN_FILE, REPORT_MARKER } from './write.js';
export { groupSeries, compareSeries, FACETS, type Series } from './series.js';
export { chartSpecs, STAND_IN_NOTE, type ChartSpec } from './charts.js';
