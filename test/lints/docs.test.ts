import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';

describe('docs/lints.md', () => {
  it('is generated from the built RULES and up to date', () => {
    // WHEN the generator runs in check mode
    const r = spawnSync(process.execPath, [`${ROOT}packages/compiler/scripts/generate-lint-docs.mjs`, '--check'], { encoding: 'utf8' });
    // THEN it finds nothing to change (else: node packages/compiler/scripts/generate-lint-docs.mjs)
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
