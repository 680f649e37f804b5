import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { RULES } from '@trtforge/compiler';
import { describe, expect, it } from 'vitest';
import { exampleSpec } from '../lints/compiler-internals.js';

/**
 * Every lint rule is backed by the hand-written corpus, not only by the rule's own `examples`
 * (which the rule's author wrote next to the condition, so they share its blind spots): some
 * reviewed test/bad-specs/<case>/expected.txt shows the rule firing on a spec written on its own.
 * New cases for a rule go in `rule-<what is wrong>/`.
 */
const CORPUS = dirname(fileURLToPath(import.meta.url));
const CASES = readdirSync(CORPUS, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(CORPUS, e.name, 'model.ts')))
  .map((e) => e.name)
  .sort();

/** Rule ids by case, from the reviewed expected output (`models/<case>/model.ts:l:c severity ID …`). */
const FIRED = new Map(
  CASES.map((name) => {
    const file = join(CORPUS, name, 'expected.txt');
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    return [name, new Set([...text.matchAll(/^models\/[^/]+\/(?:model\.ts|package\.json|turbo\.json):\d+:\d+ (?:error|warning) (TRT\d{3})\b/gm)].map((m) => m[1]!))];
  }),
);

/** The object literal passed to defineModel, when the case is a plain literal (most are). */
function literalSpec(name: string): Record<string, unknown> | undefined {
  const source = readFileSync(join(CORPUS, name, 'model.ts'), 'utf8');
  const body = /defineModel\(([\s\S]*)\);\s*$/.exec(source)?.[1];
  if (!body) return undefined;
  try {
    return new Function(`return (${body});`)() as Record<string, unknown>;
  } catch {
    return undefined; // TypeScript syntax, getters that throw, imports: not a copy of an example
  }
}

/** Whether a case is a rule example with another name (then it backs nothing). */
function copiesAnExample(name: string, rule: (typeof RULES)[number]): boolean {
  const spec = literalSpec(name);
  if (!spec) return false;
  return (['pass', 'fail'] as const).some((kind) => typeof rule.examples?.[kind] === 'object' && isDeepStrictEqual(exampleSpec(rule.examples[kind]), { ...spec, name: 'qwen' }));
}

describe('every lint rule has a hand-written corpus case', () => {
  it.each(RULES.map((r) => [r.id, r] as const))('%s fires in a test/bad-specs case that is not its own example', (id, rule) => {
    const cases = CASES.filter((name) => FIRED.get(name)!.has(id) && !copiesAnExample(name, rule));
    expect(cases, `no independent case in test/bad-specs shows ${id}: add test/bad-specs/rule-<what is wrong>/model.ts`).not.toEqual([]);
    expect(readFileSync(join(CORPUS, cases[0]!, 'expected.txt'), 'utf8')).toMatch(new RegExp(` ${rule.severity} ${id} `));
  });
});
