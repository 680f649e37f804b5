import type { BenchRunManifest, StoredBenchRun } from '@trtforge/runner';

/** One curve of a report: the runs of one sweep, by concurrency. */
export interface Series {
  /** `<model>/<sweep-id>` */
  id: string;
  /** Legend text: what sets this sweep apart from the others (see {@link FACETS}). */
  label: string;
  runs: StoredBenchRun[];
  manifest: BenchRunManifest;
  standIn: boolean;
}

/** A property of a sweep that two sweeps can differ in, as the report shows it. */
interface Facet {
  name: string;
  of(m: BenchRunManifest): string;
}

const short = (hash: string | null): string => (hash ? hash.slice(0, 12) : 'none');

/** What a reader compares runs by: from the manifest, never from the figures. Order = legend order. */
export const FACETS: Facet[] = [
  { name: 'model', of: (m) => m.model },
  { name: 'serve mode', of: (m) => m.serve.mode },
  { name: 'served model', of: (m) => m.serve.model },
  { name: 'engine', of: (m) => short(m.engine.key) },
  { name: 'spec', of: (m) => short(m.spec.sha256) },
  { name: 'plan', of: (m) => short(m.spec.planSha256) },
  { name: 'versions', of: (m) => Object.entries(m.spec.versions).map(([k, v]) => `${k} ${v}`).join(', ') },
  { name: 'image', of: (m) => (m.serve.imageId ? `${m.serve.image} (${m.serve.imageId.replace(/^sha256:/, '').slice(0, 12)})` : m.serve.image) },
  { name: 'GPU', of: (m) => (m.gpu.available ? gpuText(m.gpu.devices) : `none (${m.gpu.reason})`) },
  { name: 'prompt / answer tokens', of: (m) => `${m.point.inputTokens} / ${m.point.outputTokens}` },
  { name: 'requests per point', of: (m) => `${m.point.requestCount} (+${m.point.warmupRequests} warm-up)` },
  { name: 'streaming', of: (m) => (m.point.streaming ? 'yes' : 'no') },
  { name: 'runtime', of: (m) => m.runtime },
  { name: 'genai-perf', of: (m) => (m.tools.genaiPerf.standIn ? 'STAND-IN' : m.benchImage.ref) },
  { name: 'trtforge', of: (m) => m.trtforge.version },
];

function gpuText(devices: Array<{ name: string; driver: string }>): string {
  const names = [...new Set(devices.map((d) => d.name))].map((name) => `${devices.filter((d) => d.name === name).length}× ${name}`);
  return `${names.join(' + ')}, driver ${[...new Set(devices.map((d) => d.driver))].join('/')}`;
}

/** Facet values of every series, and which facets differ between them. */
export function compareSeries(series: Array<Pick<Series, 'manifest'>>): { differing: Facet[]; same: Array<{ name: string; value: string }> } {
  const differing: Facet[] = [];
  const same: Array<{ name: string; value: string }> = [];
  for (const facet of FACETS) {
    const values = new Set(series.map((s) => facet.of(s.manifest)));
    if (values.size > 1) differing.push(facet);
    else same.push({ name: facet.name, value: [...values][0] ?? '' });
  }
  return { differing, same };
}

/** The sweep's start, from its first run's manifest: `2026-12-02 00:30 UTC`. */
export const sweepDate = (m: BenchRunManifest): string => `${m.date.slice(0, 10)} ${m.date.slice(11, 16)} UTC`;

/**
 * Groups runs into sweeps (one curve each, points by concurrency) and labels each sweep with
 * the manifest facets that differ between the sweeps shown — "serve mode triton · engine 3f2a…".
 * Sweeps that differ in nothing recorded are told apart by when they ran. A stand-in sweep says so
 * in its label.
 */
export function groupSeries(runs: readonly StoredBenchRun[]): Series[] {
  const bySweep = new Map<string, StoredBenchRun[]>();
  for (const run of runs) {
    const id = `${run.manifest.model}/${run.manifest.sweep.id}`;
    bySweep.set(id, [...(bySweep.get(id) ?? []), run]);
  }
  const groups = [...bySweep.entries()].map(([id, members]) => {
    const sorted = [...members].sort((a, b) => a.manifest.point.concurrency - b.manifest.point.concurrency);
    return { id, runs: sorted, manifest: sorted[0]!.manifest, standIn: sorted.some((r) => r.manifest.standIn) };
  });
  const { differing } = compareSeries(groups);
  // The served model follows from the serve mode; the stand-in mark is a prefix of its own.
  const shown = differing.filter((f) => f.name !== 'genai-perf' && !(f.name === 'served model' && differing.some((d) => d.name === 'serve mode')));
  const labels = groups.map((g) => {
    const parts = shown.map((f) => `${f.name} ${f.of(g.manifest)}`);
    return parts.length > 0 ? parts.join(' · ') : `${g.manifest.serve.mode} · ${sweepDate(g.manifest)}`;
  });
  return groups.map((g, i) => {
    const clash = labels.filter((l) => l === labels[i]).length > 1;
    const base = clash ? `${labels[i]} · ${g.manifest.sweep.id}` : labels[i]!;
    return { ...g, label: g.standIn ? `[stand-in] ${base}` : base };
  });
}
