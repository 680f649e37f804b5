// Test helper: what the remote-store tests compare — file digests of a tree, and the stand-in tools a run executed.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, readlinkSync, lstatSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Workspace } from './workspace.js';

/** path → sha256 of every file under `dir` (symlinks by target), for "identical file by file". */
export function treeDigests(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const s = lstatSync(p);
      if (s.isDirectory()) walk(p);
      else out[relative(dir, p)] = s.isSymbolicLink() ? `-> ${readlinkSync(p)}` : createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** The convert/build tools the stand-in trace recorded, in order. */
export function tracedTools(ws: Workspace): string[] {
  const file = ws.env.TRTFORGE_STANDIN_TRACE;
  if (!file || !existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' ')[0]!).filter((t) => t === 'convert_checkpoint.py' || t === 'trtllm-build');
}
