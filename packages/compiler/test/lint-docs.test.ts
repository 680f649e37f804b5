import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../src/lints/catalogue.js';
import { exampleSpec } from '../src/lints/examples.js';
import { TOPICS } from '../src/lints/rule.js';

/*
 * docs/lints.md is what a user reads about a rule. It is generated from the built rules
 * (packages/compiler/scripts/generate-lint-docs.mjs, checked by test/lints/docs.test.ts); this test
 * reads the committed file in process against the source rules, so a rule whose severity,
 * silenceability, fields, rationale or examples drift from its documentation fails here too.
 */
const DOCS = readFileSync(new URL('../../../docs/lints.md', import.meta.url), 'utf8');

function section(id: string): string {
  const start = DOCS.indexOf(`\n### ${id} — `);
  if (start === -1) return '';
  const rest = DOCS.slice(start + 1);
  const end = rest.slice(4).search(/\n##/);
  return end === -1 ? rest : rest.slice(0, end + 4);
}

/** Every key of a value, at any depth. */
function keys(value: unknown): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => [k, ...keys(v)]);
}

/** The keys written in the docs' code block that follows `label` in a rule's section. */
function blockKeys(text: string, label: RegExp): string[] {
  const start = text.search(label);
  const block = text.slice(start).split('```')[1] ?? '';
  return [...block.matchAll(/([A-Za-z_$][\w$]*): /g)].map((m) => m[1]!);
}

/** Leaves of an example fragment: [key, value] pairs. */
function leaves(value: unknown, key = ''): Array<[string, unknown]> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return Object.entries(value).flatMap(([k, v]) => leaves(v, k));
  return [[key, value]];
}

describe.each(RULES.map((r) => [r.id, r] as const))('docs/lints.md documents %s as the rule is', (id, rule) => {
  const text = section(id);

  it('heading, severity, silenceability, fields and user-pain rows', () => {
    expect(text.startsWith(`### ${id} — ${rule.title}\n`), `heading of ${id}`).toBe(true);
    const pain = rule.pain?.length ? ` · user-pain rows: ${rule.pain.join(', ')}` : '';
    const fields = rule.fields.map((f) => `\`${f}\``).join(', ');
    expect(text).toContain(`\n**${rule.severity}** · silenceable: ${rule.silenceable === false ? 'no' : 'yes'} · fields: ${fields}${pain}\n`);
    expect(DOCS).toContain(`| ${rule.severity} | ${rule.silenceable === false ? 'no' : 'yes'} | ${rule.title.replace(/\|/g, '\\|')} |`);
  });

  it('under the heading of its topic', () => {
    const before = DOCS.slice(0, DOCS.indexOf(`\n### ${id} — `));
    const headings = [...before.matchAll(/\n## (.+)\n/g)].map((m) => m[1]);
    expect(headings.at(-1)).toBe(TOPICS[rule.topic]);
  });

  it('the rationale, word for word, as the paragraph under the fields line', () => {
    expect(text.split('\n')[4]).toBe(rule.why);
    expect(rule.why.trim()).not.toBe('');
  });

  it('the examples’ keys and plain values', () => {
    for (const kind of ['fail', 'pass'] as const) {
      for (const [key, value] of leaves(rule.examples[kind])) {
        expect(text, `${id} ${kind} example key ${key}`).toContain(`${key}: `);
        if (typeof value === 'string' && /^[\w .,/:;+~-]{0,29}$/.test(value)) expect(text, `${id} ${kind} example value`).toContain(`'${value}'`);
        if (typeof value === 'boolean' || typeof value === 'number') expect(text, `${id} ${kind} example value`).toContain(`${key}: ${String(value)}`);
      }
    }
    for (const [name, value] of Object.entries(rule.examples.env ?? {})) expect(text).toContain(`\`${name}=${value}\``);
  });

  it('the examples’ fields, no more and no fewer', () => {
    expect(new Set(blockKeys(text, /\nFails/))).toEqual(new Set(keys(exampleSpec(rule.examples.fail))));
    expect(new Set(blockKeys(text, /\nPasses:/))).toEqual(new Set(keys(exampleSpec(rule.examples.pass))));
  });
});
