import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MARKER_FILE } from '@trtforge/compiler';
import { ROOT } from '../helpers/paths.js';

const concepts = readFileSync(join(ROOT, 'docs/concepts.md'), 'utf8');

describe('docs/concepts.md', () => {
  it('is linked from the README', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('](docs/concepts.md)');
  });

  it('names only files and folders that exist (moving one without the doc fails here)', () => {
    const paths = [...concepts.matchAll(/packages\/[\w./-]+/g)].map((m) => m[0].replace(/[./]+$/, ''));
    expect(paths.length).toBeGreaterThan(5);
    expect(paths.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
  });

  it('names the marker file the compiler writes', () => {
    expect(concepts).toContain(`generated/<name>/${MARKER_FILE}`);
  });
});
