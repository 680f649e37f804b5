// Test helper: drive the runner API in-process (fast) and collect what it reports.
import { createRunContext, runStep, serve, type RunEvent, type RunOptions, type ServeOptions, type StepOutcome } from '@trtforge/runner';
import type { Workspace } from './workspace.js';

export interface RunRecord {
  outcomes: Record<string, StepOutcome>;
  events: RunEvent[];
  commands: string[][];
}

function record(events: RunEvent[]): RunRecord {
  const outcomes: Record<string, StepOutcome> = {};
  for (const e of events) if (e.type === 'step-done') outcomes[e.step] = e.outcome;
  return { outcomes, events, commands: events.flatMap((e) => (e.type === 'command' ? [e.argv] : [])) };
}

/** Runs convert, or convert+build, through the API with the `local` runtime. */
export async function runUntil(ws: Workspace, step: 'convert' | 'build', extra: Partial<RunOptions> = {}): Promise<RunRecord> {
  const events: RunEvent[] = [];
  const ctx = await createRunContext(ws.runOptions({ onEvent: (e) => events.push(e), ...extra }));
  await runStep(ctx, step);
  return record(events);
}

/** convert → build → assemble → start the server; returns once the server was started and stopped. */
export async function serveOnce(ws: Workspace, serveOptions: ServeOptions = { untilStarted: true }, extra: Partial<RunOptions> = {}): Promise<RunRecord & { status: string }> {
  const events: RunEvent[] = [];
  const ctx = await createRunContext(ws.runOptions({ onEvent: (e) => events.push(e), ...extra }));
  const result = await serve(ctx, serveOptions);
  return { ...record(events), status: result.status };
}

/** Statuses by step, e.g. { convert: 'reused', build: 'built' }. */
export function statuses(run: RunRecord): Record<string, string> {
  return Object.fromEntries(Object.entries(run.outcomes).map(([k, v]) => [k, v.status]));
}
