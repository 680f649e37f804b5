import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TempRepo } from '../helpers/temp-repo.js';
import { compileBatch, describeDiagnostics, modelSource, writeSpecs } from './compile-batch.js';
import { mutation } from './mutations.js';
import { validSpec } from './valid-spec.js';

/** ~60 mutants in 5 compileSpecs calls (a few seconds). */
const BATCH = 12;
const RUNS = 5;

const mutants = fc.array(fc.tuple(validSpec, mutation), { minLength: BATCH, maxLength: BATCH });

describe('random invalid specs', () => {
  it('are rejected with located errors, and never crash the compiler', () => {
    fc.assert(fc.property(mutants, (cases) => {
      const repo = new TempRepo();
      try {
        // GIVEN valid specs, each broken by one mutation (a field, or the syntax)
        const written = cases.map(([spec, m], i) => {
          const name = `m${i}`;
          const valid = { name, ...spec };
          const mutated = m.apply(valid, modelSource(valid));
          return { name, m, source: typeof mutated === 'string' ? mutated : modelSource(mutated) };
        });
        // WHEN the batch compiles (an exception escaping compileSpecs fails the property)
        const results = compileBatch(repo, writeSpecs(repo, written));
        for (const [i, r] of results.entries()) {
          const { name, m, source } = written[i]!;
          const context = `${m.kind} ${m.expectPath}\n${describeDiagnostics(r)}\n${source}`;
          const errors = r.diagnostics.filter((d) => d.severity === 'error');
          // THEN nothing is generated and there is at least one error…
          expect(r.files, context).toBeUndefined();
          expect(errors.length, context).toBeGreaterThan(0);
          // …each located (file:line:col), with a rule id or TS code, and a field path unless it is a TypeScript error
          for (const d of errors) {
            expect(d.file, context).toBe(`models/${name}/model.ts`);
            expect(d.line, context).toBeGreaterThanOrEqual(1);
            expect(d.column, context).toBeGreaterThanOrEqual(1);
            expect(d.code, context).toMatch(/^(TRT\d{3}|TS\d+)$/);
            if (!d.code.startsWith('TS')) expect(d.path, context).not.toBe('');
          }
          // …and one of them names the mutated field (or is a syntax error for a syntax mutation).
          if (m.kind === 'broken syntax') expect(errors.some((d) => /^TS1\d{3}$/.test(d.code)), context).toBe(true);
          else expect(errors.some((d) => d.path === m.expectPath || d.path.startsWith(`${m.expectPath}.`)), context).toBe(true);
        }
      } finally {
        repo.dispose();
      }
    }), { numRuns: RUNS });
  }, 300_000); // several type-checks of a dozen specs each: bounded by work, not by the clock
});
