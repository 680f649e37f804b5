import pc from 'picocolors';
import type { DoctorReport, RunEvent, StepOutcome } from '@trtforge/runner';
import { runner, spec } from '../../runner.js';

export const print = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

export function printSummary(title: string, outcomes: StepOutcome[], root: string): void {
  print(pc.bold(title));
  for (const line of runner().formatSummary(outcomes, root)) print(line);
}

export function printDoctor(report: DoctorReport): void {
  const lines = runner().formatDoctorReport(report, { ok: pc.green, fail: pc.red, warn: pc.yellow, skip: pc.dim });
  for (const line of lines) print(line);
}

/** --dry-run: every command, in order, as a copy-pasteable line; cached steps as comments. */
export function dryRunPrinter(): (event: RunEvent) => void {
  return (event) => {
    if (event.type === 'step-start') {
      print(pc.dim(`# ${event.step}: would run (key ${event.key === 'unknown' ? '?' : event.key.slice(0, 12)}) because ${event.reasons.join('; ')}`));
    } else if (event.type === 'step-done' && event.outcome.status === 'would-reuse') {
      const o = event.outcome;
      const why = o.reasons.filter((r) => r !== 'unchanged').join('; ');
      print(pc.dim(`# ${o.step}: in the store already (key ${o.key.slice(0, 12)}), would not run${why ? `; changed since last run: ${why}` : ''}`));
    } else if (event.type === 'command') {
      print(spec().formatArgv(event.argv));
    } else if (event.type === 'notice') {
      print(pc.dim(`# ${event.step ?? ''}: ${event.message}`));
    }
  };
}

/** Redrawing progress only on a real terminal; turbo and CI get the plain renderer. */
export function isTty(): boolean {
  return Boolean(process.stdout.isTTY) && !process.env.CI;
}
