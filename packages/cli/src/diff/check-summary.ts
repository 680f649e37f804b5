import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FileMap } from '@trtforge/compiler';
import type { Plan } from '@trtforge/spec';

/** generated/<x>/ directories whose model is gone (no models/<x>/model.ts): a deleted model's leftovers. */
export function orphanedGenerated(root: string): string[] {
  const dir = join(root, 'generated');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !existsSync(join(root, 'models', e.name, 'model.ts')))
    .map((e) => e.name)
    .sort();
}

const plan = (files: FileMap | undefined): Plan | undefined => {
  try {
    return files?.['plan.json'] ? (JSON.parse(files['plan.json']) as Plan) : undefined;
  } catch {
    return undefined; // a hand-edited plan.json that is not JSON: the file list still says it changed
  }
};

const arrow = (before?: string, after?: string) => `${before ?? '(unset)'} → ${after ?? '(unset)'}`;

/**
 * What a stale generated/<name>/ would change, semantically: each config.pbtxt field and each
 * command-line flag that differs between what is committed and what the spec compiles to (the
 * same reading `trtforge diff` gives), indented under the file list.
 */
export async function semanticStaleLines(want: FileMap, have: FileMap | undefined): Promise<string[]> {
  const { diffCommands, diffConfigs, stepInputs, stepVerdicts } = await import('@trtforge/compiler');
  const lines: string[] = [];
  for (const c of diffConfigs(have, want)) {
    if (c.status !== 'changed') lines.push(`    ${c.model}: config.pbtxt ${c.status === 'added' ? 'missing' : 'extra'}`);
    else for (const ch of c.changes) lines.push(`    ${c.model}: ${ch.path} ${arrow(ch.before, ch.after)}`);
  }
  for (const c of diffCommands(plan(have), plan(want))) {
    if (c.status !== 'changed') lines.push(`    ${c.command}: command ${c.status === 'added' ? 'missing' : 'extra'}`);
    else for (const ch of c.changes) lines.push(`    ${c.command}: ${ch.path} ${arrow(ch.before, ch.after)}`);
  }
  const [before, after] = [plan(have), plan(want)];
  if (before && after) {
    // What the runner would redo once generated/ is brought up to date.
    for (const v of stepVerdicts(stepInputs(before, have ?? {}), stepInputs(after, want))) {
      if (v.verdict === 're-runs' || v.verdict === 'may re-run') lines.push(`    step ${v.step} ${v.verdict} because ${v.because.join(', ')}`);
    }
  }
  return lines;
}
