import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { dependencyDir } from '../package-root.js';

let own: { dir: string; files: string[] } | undefined;

/** This compiler's @trtforge/spec: its package directory and the files that declare its types. */
function ownSpecApi(): { dir: string; files: string[] } {
  if (!own) {
    // the package directory as TypeScript resolves it: symlinks followed
    const dir = realpathSync(dependencyDir('@trtforge/spec'));
    own = { dir, files: [join(dir, 'package.json'), join(dir, 'dist', 'index.d.ts')] };
  }
  return own;
}

/**
 * Whether `import … from '@trtforge/spec'` in `file` means this compiler's own spec API — the one
 * whose types its JSON Schema was generated from — as TypeScript's module resolution would find it:
 * the nearest `node_modules` above the file holding the package, first as a file
 * (`@trtforge/spec.ts`/`.d.ts`), then as a package, or as `@types/trtforge__spec`. Returns the files
 * the answer rests on (for the load cache), or undefined when the nearest candidate is anything else
 * or there is none: then only a type-check can say what the import means.
 */
export function ownSpecApiFor(file: string): string[] | undefined {
  return resolvesToOwn(dirname(file)) ? ownSpecApi().files : undefined;
}

/** Per directory, once per process: 100 specs under models/ share every ancestor's answer. */
const answers = new Map<string, boolean>();

/** Whether the lookup from `dir` finds this compiler's spec package (at `dir`'s node_modules, else further up). */
function resolvesToOwn(dir: string): boolean {
  let answer = answers.get(dir);
  if (answer === undefined) {
    answer = basename(dir) === 'node_modules' ? undefined : candidateAt(join(dir, 'node_modules'));
    answer ??= dirname(dir) !== dir && resolvesToOwn(dirname(dir));
    answers.set(dir, answer);
  }
  return answer;
}

/** What `modules` (a node_modules directory) decides: true/false when it holds a candidate, undefined when the lookup goes on. */
function candidateAt(modules: string): boolean | undefined {
  const pkg = join(modules, '@trtforge', 'spec');
  if (['.ts', '.tsx', '.d.ts'].some((ext) => existsSync(`${pkg}${ext}`)) || existsSync(join(modules, '@types', 'trtforge__spec'))) return false;
  if (!existsSync(pkg)) return undefined;
  try {
    return realpathSync(pkg) === ownSpecApi().dir;
  } catch {
    return false;
  }
}
