import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Every data file under packages/compiler/data says where it was read: upstream repository, tag
 * and commit, and whether that commit is the tag's own (`exact`). The convention: a top-level
 * `provenance` object (or, in versions.json, one array per release row). A file without it fails.
 */
const DATA = fileURLToPath(new URL('../data/', import.meta.url));

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

type Provenance = { repo?: unknown; tag?: unknown; commit?: unknown; exact?: unknown };

function problems(p: Provenance | undefined): string[] {
  if (!p || typeof p !== 'object') return ['no provenance'];
  const out: string[] = [];
  if (typeof p.repo !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(p.repo)) out.push(`repo ${JSON.stringify(p.repo)} is not owner/name`);
  if (typeof p.tag !== 'string' || p.tag === '') out.push('no tag');
  if (typeof p.commit !== 'string' || !/^[0-9a-f]{40}$/.test(p.commit)) out.push(`commit ${JSON.stringify(p.commit)} is not a 40-hex commit`);
  if (typeof p.exact !== 'boolean') out.push('no exact: true|false');
  return out;
}

/** The provenance records of one data file. */
function records(json: Record<string, unknown>): Array<Provenance | undefined> {
  if ('backends' in json) return Object.values(json.backends as Record<string, { provenance?: Provenance[] }>).flatMap((row) => row.provenance ?? [undefined]);
  const p = json.provenance as Provenance | Provenance[] | undefined;
  return Array.isArray(p) ? p : [p];
}

describe('every data file under packages/compiler/data records its provenance', () => {
  const files = jsonFiles(DATA);
  it('finds the data of every release', () => expect(files.length).toBeGreaterThanOrEqual(4 * 6 + 1));
  it.each(files.map((f) => relative(DATA, f)))('%s', (file) => {
    const json = JSON.parse(readFileSync(join(DATA, file), 'utf8')) as Record<string, unknown>;
    const found = records(json).flatMap((r) => problems(r));
    expect(found, `${file}: add "provenance": { repo, tag, commit, exact }`).toEqual([]);
  });
  it('the check itself fails on a file without provenance', () => {
    expect(records({ options: {} }).flatMap((r) => problems(r))).toEqual(['no provenance']);
    expect(problems({ repo: 'NVIDIA/TensorRT-LLM', tag: 'v0.17.0', commit: 'unknown', exact: false })).toHaveLength(1);
  });
  it('exact: true only where the commit read is the tag\'s own', () => {
    for (const file of files) {
      const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      for (const r of records(json) as Array<Provenance & { tagCommit?: string }>) {
        if (r?.tagCommit && r.exact) expect(r.commit, relative(DATA, file)).toBe(r.tagCommit);
        if (r?.tagCommit && r.commit !== r.tagCommit) expect(r.exact, relative(DATA, file)).toBe(false);
      }
    }
  });
});
