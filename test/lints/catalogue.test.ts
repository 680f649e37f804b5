import { describe, expect, it } from 'vitest';
import { RULES } from '@trtforge/compiler';
import { modelSpecSchema } from '@trtforge/spec';
import { PAIN_PARTIAL, PAIN_WITHOUT_RULE, STAGE_CODES, TOPICS } from './compiler-internals.js';

interface SchemaNode { properties?: Record<string, SchemaNode>; items?: SchemaNode; additionalProperties?: SchemaNode | boolean }

/** Whether a dotted field path names a field of the JSON Schema ("*" = every string field). */
function schemaHas(path: string): boolean {
  if (path === '*') return true;
  let node: SchemaNode | undefined = modelSpecSchema as SchemaNode;
  for (const key of path.split('.')) {
    node = node?.properties?.[key] ?? (typeof node?.additionalProperties === 'object' ? node.additionalProperties : undefined);
    if (!node) return false;
  }
  return true;
}

describe('lint catalogue', () => {
  it('has unique TRTnnn ids that do not collide with the loader and schema codes', () => {
    // GIVEN the codes other stages own
    const stageCodes = new Set(STAGE_CODES.map((c) => c.code));
    // THEN every rule id is well-formed, unique and free
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^TRT\d{3}$/);
      expect(stageCodes.has(id), `${id} is a stage code`).toBe(false);
    }
    expect(ids).toEqual([...ids].sort());
  });

  it('keeps the original rules TRT020 and TRT101–TRT114', () => {
    const ids = new Set(RULES.map((r) => r.id));
    for (const id of ['TRT020', 'TRT101', 'TRT102', 'TRT103', 'TRT104', 'TRT105', 'TRT106', 'TRT107', 'TRT108', 'TRT109', 'TRT110', 'TRT112', 'TRT114']) {
      expect(ids.has(id), id).toBe(true);
    }
  });

  it.each(RULES.map((r) => [r.id, r] as const))('%s documents itself: title, why, topic, fields that exist in the schema', (_id, rule) => {
    expect(rule.title.length).toBeGreaterThan(10);
    expect(rule.why.length).toBeGreaterThan(40);
    expect(Object.keys(TOPICS)).toContain(rule.topic);
    expect(rule.fields.length).toBeGreaterThan(0);
    for (const field of rule.fields) expect(schemaHas(field), `${rule.id}: ${field} is not a spec field`).toBe(true);
  });

  it('makes every hardening rule (TRT2xx) an error that cannot be silenced', () => {
    for (const rule of RULES) {
      expect(rule.id.startsWith('TRT2'), rule.id).toBe(rule.topic === 'hardening');
      if (rule.topic === 'hardening') {
        expect(rule.severity, rule.id).toBe('error');
        expect(rule.silenceable, rule.id).toBe(false);
      }
    }
  });

  it('accounts for every user-pain row 1–35: a rule, or a reason why none', () => {
    // GIVEN the rows rules cite and the rows documented as rule-less
    const byRule = new Set(RULES.flatMap((r) => r.pain ?? []));
    const without = new Set(PAIN_WITHOUT_RULE.map((p) => p.row));
    // THEN each row is in exactly one of the two, and partial rows name a rule
    for (let row = 1; row <= 35; row++) {
      expect(byRule.has(row) !== without.has(row), `user-pain row ${row}`).toBe(true);
    }
    for (const { row } of PAIN_PARTIAL) expect(byRule.has(row), `partial row ${row}`).toBe(true);
  });
});
