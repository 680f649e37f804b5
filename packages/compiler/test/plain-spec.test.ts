import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePlainSpec } from '../src/load/plain-spec.js';
import { typecheckSpecs } from '../src/load/typecheck.js';

/**
 * The plain-data reader must see exactly what TypeScript and the evaluator see: the same value and
 * the same field locations, for every example spec and for every syntax it accepts; and it must
 * hand everything else (expressions, directives, repeated keys, …) to the type-check.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const EXAMPLES = readdirSync(join(ROOT, 'models')).map((m) => readFileSync(join(ROOT, 'models', m, 'model.ts'), 'utf8'));

const head = "import { defineModel } from '@trtforge/spec';\n";
/** Accepted forms: each one's value and locations are compared with TypeScript's. */
const ACCEPTED: Record<string, string> = {
  'comments everywhere': `/** doc */\n${head}// line\nexport /* a */ default defineModel /* b */ ( /* c */ {\n  // before\n  name: /* v */ 'm', /** jsdoc */ build: { maxBatchSize: 8 /* after */ }, // end\n});\n`,
  'no semicolons': `${head.replace(';', '')}export default defineModel({ name: 'm' })\n`,
  'import split over lines': `import {\n  defineModel\n} from "@trtforge/spec"\n\nexport default defineModel({ name: "m" })`,
  'CRLF line breaks': `${head.replace('\n', '\r\n')}export default defineModel({\r\n  name: 'm',\r\n  build: {\r\n    maxBatchSize: 8,\r\n  },\r\n});\r\n`,
  'lone CR line breaks': `${head.replace('\n', '\r')}export default defineModel({\r  name: 'm',\r  tags: [1,\r 2],\r});\r`,
  'quoted and keyword keys': `${head}export default defineModel({ 'name': 'm', "build": { default: 1, class: 'x', '0': 2, 'a-b': 3, "'q": 4 } });\n`,
  'numbers': `${head}export default defineModel({ a: 0, b: -0, c: 1.5, d: -2.25e3, e: 1E-7, f: 9007199254740993, g: 1e999, h: 10240 });\n`,
  'strings and escapes': `${head}export default defineModel({ a: 'it\\'s', b: "say \\"hi\\"", c: 'tab\\tnew\\nline\\r', d: '\\u00e9\\\\', e: 'ünïcødé ✓', f: "" });\n`,
  'arrays, nesting, trailing commas': `${head}export default defineModel({ a: [], b: [[1, [2, {c: true,},],], null, false,], d: {}, });\n`,
  'tabs and blank lines': `\n\n${head}\n\texport default defineModel({\n\t\tname:\t'm'\n\t})\t;\t\n`,
  'a comment after the last statement without a newline': `${head}export default defineModel({ name: 'm' }); // done`,
};

/** Rejected forms: each must be left to the type-check (undefined). */
const REJECTED: Record<string, string> = {
  'a variable': `${head}const spec = { name: 'm' };\nexport default defineModel(spec);\n`,
  'an expression': `${head}export default defineModel({ a: 1 + 1 });\n`,
  'a spread': `${head}export default defineModel({ ...{ a: 1 } });\n`,
  'a shorthand property': `${head}const a = 1;\nexport default defineModel({ a });\n`,
  'a computed key': `${head}export default defineModel({ ['a']: 1 });\n`,
  'a numeric key': `${head}export default defineModel({ 1: 1 });\n`,
  'a repeated key': `${head}export default defineModel({ a: 1, a: 2 });\n`,
  'a repeated key, once quoted': `${head}export default defineModel({ a: 1, 'a': 2 });\n`,
  '__proto__': `${head}export default defineModel({ __proto__: { a: 1 } });\n`,
  "'__proto__'": `${head}export default defineModel({ '__proto__': { a: 1 } });\n`,
  'a template literal': `${head}export default defineModel({ a: \`x\` });\n`,
  'undefined': `${head}export default defineModel({ a: undefined });\n`,
  'an as-expression': `${head}export default defineModel({ a: 'x' as const });\n`,
  'satisfies': `${head}export default defineModel({ a: 1 } satisfies object);\n`,
  'a legacy octal': `${head}export default defineModel({ a: 010 });\n`,
  'a numeric separator': `${head}export default defineModel({ a: 1_000 });\n`,
  'a hex number': `${head}export default defineModel({ a: 0x10 });\n`,
  'a leading-dot number': `${head}export default defineModel({ a: .5 });\n`,
  'a trailing-dot number': `${head}export default defineModel({ a: 5. });\n`,
  'a unary plus': `${head}export default defineModel({ a: +5 });\n`,
  'a spaced minus': `${head}export default defineModel({ a: - 5 });\n`,
  'a number running into a name': `${head}export default defineModel({ a: 5px });\n`,
  'an octal escape': `${head}export default defineModel({ a: '\\0' });\n`,
  'a hex escape': `${head}export default defineModel({ a: '\\x41' });\n`,
  'a code point escape': `${head}export default defineModel({ a: '\\u{41}' });\n`,
  'a line continuation': `${head}export default defineModel({ a: 'x\\\ny' });\n`,
  'an unterminated string': `${head}export default defineModel({ a: 'x\n' });\n`,
  'an escaped quoted key': `${head}export default defineModel({ 'a\\'b': 1 });\n`,
  'an array hole': `${head}export default defineModel({ a: [1, , 2] });\n`,
  'a missing comma': `${head}export default defineModel({ a: 1 b: 2 });\n`,
  'a @ts-expect-error comment': `${head}export default defineModel({\n  // @ts-expect-error\n  a: 1,\n});\n`,
  'a @ts-nocheck block comment': `/* @ts-nocheck */\n${head}export default defineModel({ a: 1 });\n`,
  'a triple-slash directive': `/// <reference types="node" />\n${head}export default defineModel({ a: 1 });\n`,
  'a shebang': `#!/usr/bin/env node\n${head}export default defineModel({ a: 1 });\n`,
  'an unterminated comment': `${head}export default defineModel({ a: 1 }); /* open`,
  'statements on one line without a semicolon': `${head.replace(';\n', ' ')}export default defineModel({ a: 1 });\n`,
  'a second statement': `${head}export default defineModel({ a: 1 });\nconsole.log(1);\n`,
  'a type import too': `import { defineModel, type ModelSpec } from '@trtforge/spec';\nexport default defineModel({ a: 1 });\n`,
  'an aliased import': `import { defineModel as d } from '@trtforge/spec';\nexport default d({ a: 1 });\n`,
  'another module': `import { defineModel } from './spec';\nexport default defineModel({ a: 1 });\n`,
  'no defineModel call': `${head}export default { a: 1 };\n`,
  'a second argument': `${head}export default defineModel({ a: 1 }, 2);\n`,
  'a trailing argument comma': `${head}export default defineModel({ a: 1 },);\n`,
  'a non-object argument': `${head}export default defineModel([1]);\n`,
  'a line separator': `${head}export default defineModel({ a: 'x\u2028y' });\n`,
  'a non-breaking space': `${head}export default defineModel({\u00a0a: 1 });\n`,
  'a byte-order mark inside': `${head}\ufeffexport default defineModel({ a: 1 });\n`,
  'a non-ASCII identifier key': `${head}export default defineModel({ é: 1 });\n`,
  'an identifier key running into non-ASCII': `${head}export default defineModel({ aé: 1 });\n`,
  'nesting deeper than the evaluator allows': `${head}export default defineModel({ a: ${'['.repeat(40)}${']'.repeat(40)} });\n`,
  'export default twice': `${head}export default defineModel({ a: 1 });\nexport default defineModel({ a: 1 });\n`,
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trtforge-plain-spec-'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What TypeScript and the evaluator make of `sources`: one program for all of them, as a compile does. */
function typescriptView(sources: string[]): Array<{ value: unknown; locations: unknown; diagnostics: unknown[] }> {
  const files = sources.map((source, i) => {
    mkdirSync(join(dir, `m${i}`), { recursive: true });
    const file = join(dir, `m${i}`, 'model.ts');
    writeFileSync(file, source);
    return file;
  });
  return typecheckSpecs(files, dir).map(({ loaded }) => ({ value: loaded.value, locations: loaded.locations.toData(), diagnostics: loaded.diagnostics }));
}

/** Compared as data whatever order keys were written in; -0 and Infinity kept apart from 0 and null. */
const normal = (data: unknown): unknown => JSON.parse(JSON.stringify(data, (_k, v: unknown) => (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? `number ${Object.is(v, -0) ? '-0' : v}` : v)));

// One TypeScript program for ~20 files: seconds on a loaded 2-core machine (a generous guard, never a timing assertion).
describe('plain-data specs read without TypeScript', { timeout: 120_000 }, () => {
  const accepted = [...EXAMPLES, ...Object.values(ACCEPTED)];
  const names = [...EXAMPLES.map((_, i) => `example ${i}`), ...Object.keys(ACCEPTED)];

  it('every example spec and every accepted form is read', () => {
    const unread = names.filter((_, i) => parsePlainSpec(accepted[i]!) === undefined);
    expect(unread).toEqual([]);
  });

  it('to the value the evaluator gives and the field locations TypeScript gives', () => {
    const reference = typescriptView(accepted);
    accepted.forEach((source, i) => {
      const plain = parsePlainSpec(source)!;
      expect(normal(plain.value), names[i]).toEqual(normal(reference[i]!.value));
      expect(Object.keys(plain.value), names[i]).toEqual(Object.keys(reference[i]!.value as object));
      expect(normal(plain.locations), names[i]).toEqual(normal(reference[i]!.locations));
    });
  });

  it('never accepts what TypeScript reports a syntax error in', () => {
    const reference = typescriptView(Object.values(ACCEPTED));
    const syntaxErrors = Object.keys(ACCEPTED).filter((_, i) => (reference[i]!.diagnostics as Array<{ code: string }>).some((d) => /^TS1\d{3}$/.test(d.code)));
    expect(syntaxErrors).toEqual([]);
  });

  it.each(Object.entries(REJECTED))('leaves %s to the type-check', (_name, source) => {
    expect(parsePlainSpec(source)).toBeUndefined();
  });
});
