import { relative } from 'node:path';
import type { StepOutcome } from './steps/outcome.js';
import { formatDamage } from './store/integrity.js';

const STATUS: Record<StepOutcome['status'], string> = { built: 'rebuilt', reused: 'reused', pulled: 'pulled', 'would-run': 'would run', 'would-reuse': 'would reuse' };

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** `pulled <ref>: 1.2 GiB in 3.0 s`, `pushed …`, `push failed: …`. */
function remoteLine(r: NonNullable<StepOutcome['remote']>): string {
  if (r.status === 'push-failed') return `push to ${r.reference} failed: ${r.error ?? 'unknown error'}`;
  const mib = (r.transferredBytes / 1024 ** 2).toFixed(1);
  return `${r.status} ${r.reference} (${(r.bytes / 1024 ** 2).toFixed(1)} MiB, ${mib} MiB transferred, ${seconds(r.durationMs)})`;
}

/**
 * One line per step: reused or rebuilt, the key, and why — the inputs that changed since the
 * manifest of the last run (so "why did this rebuild?" never needs guesswork).
 */
export function formatSummary(outcomes: StepOutcome[], root: string): string[] {
  const lines: string[] = [];
  for (const o of outcomes) {
    const key = o.key === 'unknown' ? 'key ?' : `key ${o.key.slice(0, 12)}`;
    const extra = o.status === 'built' || o.status === 'pulled' ? ` in ${seconds(o.durationMs)}` : o.waited ? ' (waited for a concurrent run)' : '';
    lines.push(`  ${o.step.padEnd(8)} ${STATUS[o.status].padEnd(11)} ${key}${extra}`);
    const why = o.reasons.filter((r) => r !== 'unchanged');
    const label = o.status === 'built' || o.status === 'pulled' || o.status === 'would-run' ? 'because' : 'changed since last run, matched the store';
    if (why.length > 0) lines.push(`           ${label}: ${why.join('; ')}`);
    for (const d of o.damaged?.damage ?? []) lines.push(`           damaged: ${formatDamage(d)}`);
    if (o.damaged?.quarantinedTo) lines.push(`           damaged entry moved to ${o.damaged.quarantinedTo}`);
    if (o.remote) lines.push(`           ${remoteLine(o.remote)}`);
    if (o.status === 'built' || o.status === 'reused' || o.status === 'pulled') lines.push(`           → ${relative(root, o.output).startsWith('..') ? o.output : relative(root, o.output)}`);
  }
  return lines;
}
