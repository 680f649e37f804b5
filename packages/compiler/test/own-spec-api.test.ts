import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ownSpecApiFor } from '../src/load/own-spec-api.js';

/**
 * A plain-data spec skips the type-check only when its import of '@trtforge/spec' is this
 * compiler's own spec package, found the way TypeScript's lookup finds it: anything else (no
 * package, another copy, a file or @types package in front of it) leaves the spec to the type-check.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'trtforge-own-spec-api-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A repository at dir/<name> with models/m/model.ts; `modules` sets up its node_modules. */
function repo(name: string, modules?: (nodeModules: string) => void): string {
  mkdirSync(join(dir, name, 'models', 'm'), { recursive: true });
  if (modules) {
    mkdirSync(join(dir, name, 'node_modules'), { recursive: true });
    modules(join(dir, name, 'node_modules'));
  }
  return join(dir, name, 'models', 'm', 'model.ts');
}
const linkRealSpec = (nm: string): void => {
  mkdirSync(join(nm, '@trtforge'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules', '@trtforge', 'spec'), join(nm, '@trtforge', 'spec'), 'dir');
};

describe("a spec's import of the spec API", () => {
  it("is the compiler's own through a node_modules link (the files it rests on are returned)", () => {
    const files = ownSpecApiFor(repo('linked', linkRealSpec));
    expect(files).toHaveLength(2);
    expect(files!.every((f) => f.startsWith(join(ROOT, 'packages', 'spec')))).toBe(true);
  });

  it('is not when no node_modules above the spec holds the package', () => {
    expect(ownSpecApiFor(repo('none'))).toBeUndefined();
  });

  it('is not when the nearest package is another copy', () => {
    expect(ownSpecApiFor(repo('copy', (nm) => {
      mkdirSync(join(nm, '@trtforge', 'spec'), { recursive: true });
      writeFileSync(join(nm, '@trtforge', 'spec', 'package.json'), '{"name":"@trtforge/spec","types":"index.d.ts"}\n');
    }))).toBeUndefined();
  });

  it('is not when a file or an @types package comes first in the lookup', () => {
    expect(ownSpecApiFor(repo('file', (nm) => {
      linkRealSpec(nm);
      writeFileSync(join(nm, '@trtforge', 'spec.d.ts'), 'export declare function defineModel(x: unknown): unknown;\n');
    }))).toBeUndefined();
    expect(ownSpecApiFor(repo('types', (nm) => {
      linkRealSpec(nm);
      mkdirSync(join(nm, '@types', 'trtforge__spec'), { recursive: true });
    }))).toBeUndefined();
  });
});
