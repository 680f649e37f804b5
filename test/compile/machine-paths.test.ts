import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';

/**
 * Absolute paths of a development machine: where a checkout, a home directory or the shared
 * reference folder lives on somebody's host. They name no place on anyone else's machine, so the
 * repository refers to its neighbours repo-relatively (`../shared/reference/…`).
 *
 * The pattern targets host roots only: `work`, `home/<user>`, `Users/<user>` and `root` right under
 * the filesystem root, and Windows drive letters. Container paths the plan and the docs use on
 * purpose (/models, /engines, /trtforge/…, /opt/tritonserver, /usr/bin, /tmp inside a bad-spec
 * case) start elsewhere and therefore need no allowlist; a genuine container path under one of
 * these roots (say the image user's home directory) goes into ALLOWED with the reason.
 * (This file spells its samples with `{/}` so that it does not match itself.)
 */
const MACHINE_PATH = /(?<![\w.~$\\-])(?:\/work\/|\/home\/[\w.-]+\/|\/Users\/[\w.-]+\/|\/root\/|[A-Za-z]:\\{1,2}(?=[\w.-]))/g;
const HOST_PATH_SAMPLES = 'samples of host paths that the hardening rules (TRT203/TRT204: home and system directories) must reject';
const ALLOWED: ReadonlyArray<{ file: string; text: string; why: string }> = [
  { file: 'packages/compiler/test/lint-rules.test.ts', text: '{/}home/bob/', why: HOST_PATH_SAMPLES },
  { file: 'packages/compiler/test/lint-rules.test.ts', text: '{/}root/models', why: HOST_PATH_SAMPLES },
  { file: 'packages/compiler/test/__snapshots__/lint-rules.test.ts.snap', text: '{/}home/bob/', why: HOST_PATH_SAMPLES },
];

/** Every file git tracks, plus new ones not ignored (so a path is caught before its commit). */
function repositoryFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  return [...new Set(out.split('\0').filter(Boolean))].sort();
}

function machinePaths(file: string, text: string): string[] {
  const hits: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const match of line.matchAll(MACHINE_PATH)) {
      const rest = line.slice(match.index, match.index + 80);
      if (ALLOWED.some((a) => a.file === file && rest.startsWith(a.text.replaceAll('{/}', '/')))) continue;
      hits.push(`${file}:${i + 1}: ${rest}`);
    }
  });
  return hits;
}

describe('no absolute machine path in the repository', () => {
  it('the pattern finds host paths and leaves container paths alone', () => {
    const found = (line: string) => machinePaths('x', line.replaceAll('{/}', '/').replaceAll('{:}', ':')).length > 0;
    for (const host of ['see {/}work/shared/reference/user-pain.md', '"{/}home/dev/trtforge/models"', 'at {/}Users/ana/src/x', 'cd {/}root/src', 'C{:}\\Users\\dev\\x', '"D{:}\\\\trtforge"']) expect(found(host), host).toBe(true);
    for (const fine of ['/models/Qwen2.5-0.5B-Instruct', '/engines/x', '/opt/tritonserver/bin', '/usr/bin/env', '/trtforge/out', '../shared/reference/x', '~/.cache/trtforge', 'pbtxt:\\d+:\\d+', 'UTC`\\d\\d:\\d\\d', 'a/work/b', '$HOME/x', 'https://github.com/NVIDIA/TensorRT-LLM/blob/v0.17.0/x']) expect(found(fine), fine).toBe(false);
  });

  it('no tracked (or new, unignored) text file holds one', () => {
    const hits: string[] = [];
    for (const file of repositoryFiles()) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(join(ROOT, file));
      } catch {
        continue; // deleted in the work tree, not yet committed
      }
      if (bytes.includes(0)) continue; // binary
      hits.push(...machinePaths(file, bytes.toString('utf8')));
    }
    expect(hits.join('\n')).toBe('');
  });
});
