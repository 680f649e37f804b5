import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';

/** The ```sh blocks of a PLAN.md: the command lines a person may paste. */
function shellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe('PLAN.md command lines pass shellcheck (the only shell trtforge ever writes)', () => {
  it.each(['qwen2.5-0.5b', 'qwen2.5-32b-tp4'])('%s', (model) => {
    const blocks = shellBlocks(readFileSync(`${ROOT}generated/${model}/PLAN.md`, 'utf8'));
    expect(blocks.length).toBe(7); // weights download, convert, build, three serve modes, benchmark
    const script = `#!/bin/sh\n${blocks.join('\n')}`;
    // shellcheck exits non-zero with findings on stdout; execFileSync throws then.
    expect(() => execFileSync('shellcheck', ['-s', 'sh', '-'], { input: script, encoding: 'utf8' })).not.toThrow();
  });

  it('shellcheck is installed and does flag a bad line (the check can fail)', () => {
    expect(() => execFileSync('shellcheck', ['-s', 'sh', '-'], { input: '#!/bin/sh\necho $1 $(ls *.txt)\n', encoding: 'utf8' })).toThrow();
  });
});
