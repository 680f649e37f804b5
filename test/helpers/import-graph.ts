// Test helper: the import graph of packages/*/src, read from the sources (not from the compiler's
// or the bundler's view of them), with every edge resolved to a .ts file of the repository.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** Importing file, repository-relative. */
  from: string;
  /** Imported file, repository-relative. */
  to: string;
  /** The specifier as written. */
  specifier: string;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** `./x.js` (how ESM TypeScript spells a .ts import), `./x.ts`, `./x` or `./x/index`: the .ts file it names. */
function resolveFile(base: string): string | undefined {
  const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((c) => c.endsWith('.ts') && existsSync(c) && statSync(c).isFile());
}

/** `@trtforge/<pkg>[/<sub>]`: through the package's `exports` map, from dist/… back to the src/… file. */
function resolvePackage(root: string, specifier: string): string | undefined {
  const [, pkg, sub] = /^@trtforge\/([^/]+)(?:\/(.+))?$/.exec(specifier) ?? [];
  const dir = join(root, 'packages', pkg!);
  if (!existsSync(join(dir, 'package.json'))) return undefined;
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { exports?: Record<string, unknown>; main?: string };
  const entry = manifest.exports?.[sub ? `./${sub}` : '.'] ?? (sub ? undefined : manifest.main);
  // The declaration file names the module (the code may be a joined build: the compiler's dist/bundle/).
  const conditions = entry as { types?: string; import?: string; default?: string } | undefined;
  const target = typeof entry === 'string' ? entry : conditions?.types?.replace(/\.d\.ts$/, '.js') ?? conditions?.import ?? conditions?.default;
  if (typeof target !== 'string') return undefined;
  return resolveFile(join(dir, target.replace(/^\.\/dist\//, 'src/')));
}

/**
 * Every import, `export … from`, `import type` and dynamic `import()` of every .ts file under
 * packages/<pkg>/src, resolved. Throws on a relative or @trtforge import that names no file, so a
 * resolver gap can never hide an edge.
 */
export function importGraph(root: string): { files: string[]; edges: ImportEdge[] } {
  const packages = readdirSync(join(root, 'packages')).filter((p) => existsSync(join(root, 'packages', p, 'src')));
  const files = packages.flatMap((p) => tsFiles(join(root, 'packages', p, 'src'))).sort();
  const edges: ImportEdge[] = [];
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName: specifier } of info.importedFiles) {
      let target: string | undefined;
      if (specifier.startsWith('.')) {
        if (specifier.endsWith('.json')) continue; // data, not code
        // Written at build (the ajv standalone validator, scripts/generate-validator.mjs): a leaf that imports nothing of ours.
        if (specifier.endsWith('.cjs')) continue;
        target = resolveFile(resolve(dirname(file), specifier));
      } else if (specifier.startsWith('@trtforge/')) {
        target = resolvePackage(root, specifier);
      } else {
        continue; // node: builtins and npm packages
      }
      if (!target) throw new Error(`${relative(root, file)}: cannot resolve import '${specifier}' to a .ts file`);
      edges.push({ from: relative(root, file), to: relative(root, target), specifier });
    }
  }
  return { files: files.map((f) => relative(root, f)), edges };
}

/** The import cycles: one concrete loop (a → b → … → a) per strongly connected component. */
export function importCycles(files: readonly string[], edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const e of edges) next.get(e.from)?.push(e.to);
  // Tarjan's strongly connected components.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (next.get(v) ?? []).includes(v)) components.push(component);
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return components.map((component) => loopThrough(component.sort()[0]!, new Set(component), next));
}

/** The shortest path from `start` back to itself inside its component (breadth first). */
function loopThrough(start: string, component: Set<string>, next: Map<string, string[]>): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of next.get(v) ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(cameFrom.get(path[0]!)!);
        return [...path, start];
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}
