import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importCycles, importGraph, type ImportEdge } from '../helpers/import-graph.js';
import { ROOT } from '../helpers/paths.js';

const { files, edges } = importGraph(ROOT);

/**
 * The compiler's pipeline folders, in order. A stage imports only from earlier stages (and from the
 * shared modules outside these folders: backend/, container-layout.ts, diagnostics.ts, …). lints/
 * and emit/ are siblings: both read the resolved spec, neither may depend on the other — a helper
 * both need goes below both.
 */
const STAGES: Record<string, number> = { load: 0, validate: 1, resolve: 2, lints: 3, emit: 3, write: 4 };
const stageOf = (file: string) => /^packages\/compiler\/src\/([^/]+)\//.exec(file)?.[1];

const show = (list: readonly ImportEdge[]) => list.map((e) => `${e.from} imports ${e.to} ('${e.specifier}')`).join('\n');

describe('import graph of packages/*/src', () => {
  it('is read from every source file, across packages', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(edges).toContainEqual(expect.objectContaining({ from: 'packages/cli/src/main.ts', to: 'packages/cli/src/commands/index.ts' }));
    expect(edges.some((e) => e.from.startsWith('packages/compiler/') && e.to === 'packages/spec/src/index.ts')).toBe(true);
  });

  it('has no import cycle (type-only and dynamic imports included)', () => {
    const cycles = importCycles(files, edges);
    expect(cycles.map((c) => c.join(' → ')).join('\n')).toBe('');
  });

  it('emit/ never imports from lints/ (nor lints/ from emit/)', () => {
    const across = edges.filter((e) => {
      const [a, b] = [stageOf(e.from), stageOf(e.to)];
      return (a === 'emit' && b === 'lints') || (a === 'lints' && b === 'emit');
    });
    expect(show(across)).toBe('');
  });

  it('a compiler stage imports only from earlier stages: load → validate → resolve → lints | emit → write', () => {
    const backwards = edges.filter((e) => {
      const [a, b] = [stageOf(e.from), stageOf(e.to)];
      return a !== b && a! in STAGES && b! in STAGES && STAGES[b!]! >= STAGES[a!]!;
    });
    expect(show(backwards)).toBe('');
  });
});

describe('the graph reader and cycle finder themselves', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trtforge-import-graph-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };

  it('sees import type, export … from, dynamic import() and @trtforge/<pkg>, and finds the loop', () => {
    write('packages/a/package.json', JSON.stringify({ exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } } }));
    write('packages/a/src/index.ts', "export { x } from './x.js';\n");
    write('packages/a/src/x.ts', "import type { Y } from './y.js';\nexport const x = 1 as unknown as Y;\n");
    write('packages/a/src/y.ts', "// import { nothing } from './not-an-import.js';\nexport type Y = number;\nexport const later = () => import('./z.js');\n");
    write('packages/a/src/z.ts', "import { x } from '@trtforge/a';\nimport { readFileSync } from 'node:fs';\nexport const z = x;\n");
    const graph = importGraph(dir);
    expect(graph.edges.map((e) => `${e.from} → ${e.to}`).sort()).toEqual([
      'packages/a/src/index.ts → packages/a/src/x.ts',
      'packages/a/src/x.ts → packages/a/src/y.ts',
      'packages/a/src/y.ts → packages/a/src/z.ts',
      'packages/a/src/z.ts → packages/a/src/index.ts',
    ]);
    expect(importCycles(graph.files, graph.edges)).toEqual([[
      'packages/a/src/index.ts', 'packages/a/src/x.ts', 'packages/a/src/y.ts', 'packages/a/src/z.ts', 'packages/a/src/index.ts',
    ]]);
  });

  it('an import it cannot resolve is an error, never a silently missing edge', () => {
    write('packages/b/src/index.ts', "import { gone } from './gone.js';\n");
    expect(() => importGraph(dir)).toThrow("packages/b/src/index.ts: cannot resolve import './gone.js' to a .ts file");
  });
});
