import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

let own: { dir: string; files: string[] } | undefined;

/** This compiler's @trtforge/spec: its package directory and the files that declare its types. */
function ownSpecApi(): { dir: string; files: string[] } {
  if (!own) {
    // dist/index.js → the package directory (what TypeScript resolves to, symlinks followed)
    const dir = realpathSync(dirname(dirname(createRequire(import.meta.url).resolve('@trtforge/spec'))));
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
  const api = ownSpecApi();
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (basename(dir) !== 'node_modules') {
      const modules = join(dir, 'node_modules');
      const pkg = join(modules, '@trtforge', 'spec');
      const shadows = ['.ts', '.tsx', '.d.ts'].some((ext) => existsSync(`${pkg}${ext}`)) || existsSync(join(modules, '@types', 'trtforge__spec'));
      if (shadows) return undefined;
      if (existsSync(pkg)) {
        try {
          return realpathSync(pkg) === api.dir ? api.files : undefined;
        } catch {
          return undefined;
        }
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}
