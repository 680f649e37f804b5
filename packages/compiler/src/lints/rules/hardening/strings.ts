import type { LintRule } from '../../rule.js';
import { DISALLOWED, kindOf } from './field-kinds.js';
import { describeChar, INVISIBLE, isPlainText, MAX_STRING_LENGTH, specStrings } from './spec-strings.js';

export const stringLength: LintRule = {
  id: 'TRT201',
  severity: 'error',
  topic: 'hardening',
  title: `string values are capped at ${MAX_STRING_LENGTH} characters`,
  why: 'No path, tag or choice list is that long; a huge value is a generated or pasted accident that would bloat argv, config.pbtxt and every log line that quotes it.',
  fields: ['*'],
  silenceable: false,
  check: ({ spec }) => specStrings(spec.raw).filter((s) => s.value.length > MAX_STRING_LENGTH).map((s) => ({
    path: s.path,
    message: `is ${s.value.length} characters long, more than the ${MAX_STRING_LENGTH} allowed`,
    hint: 'shorten it (a path, tag or id never needs this much)',
  })),
  examples: { pass: { source: { revision: 'v1.0' } }, fail: { source: { revision: 'a'.repeat(5000) } } },
};

export const invisibleCharacters: LintRule = {
  id: 'TRT202',
  severity: 'error',
  topic: 'hardening',
  title: 'no control, zero-width or bidi characters in string values',
  why: 'A newline or NUL breaks config.pbtxt and PLAN.md (a newline in a path can start a new directive); ESC sequences rewrite the terminal that prints a diagnostic; zero-width and bidi-override characters make a reviewed value differ from what it looks like ("Trojan Source").',
  fields: ['*'],
  silenceable: false,
  check: ({ spec }) => specStrings(spec.raw).flatMap((s) => {
    const match = INVISIBLE.exec(s.value);
    return match ? [{
      path: s.path,
      message: `contains the invisible character ${describeChar(match[0])} at offset ${match.index}`,
      hint: 'remove it (write the value on one line, without escapes such as \\n or \\u0000)',
    }] : [];
  }),
  examples: { pass: { source: { modelDir: '/models/qwen' } }, fail: { source: { modelDir: '/models/qwen\n--load-model=evil' } } },
};

export const metacharacters: LintRule = {
  id: 'TRT203',
  severity: 'error',
  topic: 'hardening',
  title: 'no shell metacharacters in values that reach command lines and configs',
  why: 'Spec values become argv elements, `docker --mount` CSV fields, config.pbtxt strings and PLAN.md command lines people paste into a shell. trtforge never runs a shell, but a `;`, `$(`, backtick or quote in a path or tag is a paste error or an injection attempt, and `,` or `"` cannot be mounted at all.',
  fields: ['*'],
  silenceable: false,
  check: ({ spec }) => specStrings(spec.raw).filter((s) => isPlainText(s.value)).flatMap((s) => {
    const rule = DISALLOWED[kindOf(s.path)];
    const bad = rule.find(s.value);
    return bad === undefined ? [] : [{
      path: s.path,
      message: `contains ${describeChar(bad)}, which is not allowed here`,
      hint: `use ${rule.allowed}`,
    }];
  }),
  examples: { pass: { source: { revision: 'v1.0' } }, fail: { source: { revision: 'main;rm -rf ~' } } },
};
