import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../src/cli-error.js';
import { findRoot, specFiles } from '../src/repo.js';
import { main } from '../src/main.js';

function repo(models: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'cli-repo-'));
  writeFileSync(join(dir, 'package.json'), '{}');
  for (const m of models) {
    mkdirSync(join(dir, 'models', m), { recursive: true });
    writeFileSync(join(dir, 'models', m, 'model.ts'), '');
  }
  mkdirSync(join(dir, 'models', 'not-a-model'), { recursive: true });
  return dir;
}

describe('repository discovery', () => {
  it('lists models/<name>/model.ts in name order and ignores folders without one', () => {
    const dir = repo(['b', 'a']);
    expect(specFiles(dir, []).map((f) => f.slice(dir.length))).toEqual(['/models/a/model.ts', '/models/b/model.ts']);
  });

  it('names the models that exist when asked for one that does not', () => {
    const dir = repo(['a']);
    expect(() => specFiles(dir, ['zz'])).toThrow(new CliError('no model "zz": expected models/zz/model.ts (models: a)'));
  });

  it('--root wins; otherwise the nearest ancestor with models/', () => {
    const dir = repo(['a']);
    expect(findRoot(dir)).toBe(dir);
    const cwd = process.cwd();
    process.chdir(join(dir, 'models', 'a'));
    try {
      expect(findRoot()).toBe(dir);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('main', () => {
  it('an unknown command exits 1 without a stack trace', async () => {
    const writes: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => (writes.push(String(s)), true)) as typeof process.stderr.write;
    try {
      expect(await main(['node', 'trtforge', 'frobnicate'])).toBe(1);
    } finally {
      process.stderr.write = orig;
    }
    expect(writes.join('')).toContain("unknown command 'frobnicate'");
    expect(writes.join('')).not.toMatch(/\n\s+at /);
  });
});
