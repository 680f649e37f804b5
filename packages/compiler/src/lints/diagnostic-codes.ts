/** Codes reported by the stages before the lints (documented next to the rules in docs/lints.md). */
export const STAGE_CODES: ReadonlyArray<{ code: string; stage: string; meaning: string }> = [
  { code: 'TRT001', stage: 'compiler', meaning: 'internal compiler error: a trtforge bug hit by this spec (the other specs still compile)' },
  { code: 'TRT002', stage: 'load', meaning: 'the spec cannot be evaluated: an import other than `@trtforge/spec`, a throw, a getter or loop running over 2 s, a cyclic value; located at the line that failed, with the field being computed or read' },
  { code: 'TRT003', stage: 'load', meaning: 'model.ts has no default export, or exports a function instead of the spec' },
  { code: 'TRT010', stage: 'schema', meaning: 'unknown field, with a "did you mean" hint' },
  { code: 'TRT011', stage: 'schema', meaning: 'wrong type (also catches `as any` bypasses)' },
  { code: 'TRT012', stage: 'schema', meaning: 'value not among the allowed ones (enums; unsupported runtime.backendVersion)' },
  { code: 'TRT013', stage: 'schema', meaning: 'number out of range (negative or zero sizes, fractions outside (0, 1))' },
  { code: 'TRT014', stage: 'schema', meaning: 'required field missing' },
  { code: 'TRT015', stage: 'schema', meaning: 'format: pattern, length, array size' },
  { code: 'TRT016', stage: 'lints', meaning: 'bad `lints.silence` entry: unknown rule, a rule that cannot be silenced, or no reason' },
  { code: 'TSnnnn', stage: 'load', meaning: 'TypeScript errors (syntax, types) keep their own codes, located at the field' },
];
