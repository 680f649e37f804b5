// Test helper: what a later run could trust after an interrupted or concurrent one.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkpointValidator, engineValidator, readManifest, Store } from '@trtforge/runner';

const validators = { convert: checkpointValidator(1), build: engineValidator(1) } as const;

/**
 * Every store entry is complete and named by its own key, no temp dir or lock is left behind,
 * and every manifest points at such an entry. Returns the problems found (empty = trustworthy).
 */
export async function untrustworthy(storeRoot: string, stateDir: string): Promise<string[]> {
  const problems: string[] = [];
  const list = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir) : []);
  for (const name of list(join(storeRoot, 'tmp'))) problems.push(`temp dir left: tmp/${name}`);
  for (const name of list(join(storeRoot, 'locks'))) if (name.endsWith('.lock')) problems.push(`lock left: locks/${name}`);
  const store = new Store(storeRoot);
  for (const step of ['convert', 'build'] as const) {
    for (const key of list(join(storeRoot, 'entries', step))) {
      const meta = JSON.parse(readFileSync(join(storeRoot, 'entries', step, key, 'entry.json'), 'utf8')) as { key: string };
      if (meta.key !== key) problems.push(`${step}/${key}: entry.json names ${meta.key}`);
      const problem = await validators[step](join(storeRoot, 'entries', step, key, 'out'));
      if (problem) problems.push(`${step}/${key}: ${problem}`);
    }
    const manifest = await readManifest(stateDir, step);
    if (manifest && !(await store.find(step, manifest.key, validators[step]))) problems.push(`${step} manifest points at a missing or invalid entry ${manifest.key}`);
  }
  return problems;
}

/** Stand-in processes recorded in a trace file that are still alive. */
export function liveTracedProcesses(traceFile: string): number[] {
  if (!existsSync(traceFile)) return [];
  const pids = readFileSync(traceFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => Number(l.split(' ')[1]));
  return pids.filter((pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  });
}
