import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireShared } from '../helpers/paths.js';
import { TempRepo } from '../helpers/temp-repo.js';
import { compileBatch, describeDiagnostics, modelSource, writeSpecs } from './compile-batch.js';
import { validSpec } from './valid-spec.js';

/** ~48 specs in 4 compileSpecs calls. */
const BATCH = 12;
const RUNS = 4;

describe('specs outside NVIDIA\'s domain (values, counts and cross-field rules from the reference tables)', () => {
  beforeAll(requireShared);

  it('the tables were read: each enum has NVIDIA values, Triton has its DataType enum', async () => {
    const { ENUM_FIELDS, PROTO_DATA_TYPES, COUNT_FIELDS } = await import('./domain.js');
    expect(PROTO_DATA_TYPES).toEqual(expect.arrayContaining(['TYPE_FP16', 'TYPE_FP32', 'TYPE_BF16']));
    for (const f of ENUM_FIELDS) expect(f.values.length, f.nvidia).toBeGreaterThan(1);
    expect(COUNT_FIELDS.length).toBeGreaterThan(5);
  });

  it('are rejected, with an error located at one of the fields involved', async () => {
    const { domainViolation } = await import('./domain.js');
    fc.assert(fc.property(fc.array(fc.tuple(validSpec, domainViolation), { minLength: BATCH, maxLength: BATCH }), (cases) => {
      const repo = new TempRepo();
      try {
        // GIVEN valid specs, each moved outside the domain in one place
        const written = cases.map(([spec, v], i) => {
          const name = `d${i}`;
          return { name, v, source: modelSource(v.apply({ name, ...spec })) };
        });
        // WHEN they compile together
        const results = compileBatch(repo, writeSpecs(repo, written));
        for (const [i, r] of results.entries()) {
          const { v, source } = written[i]!;
          const context = `${v.what}\n${describeDiagnostics(r)}\n${source}`;
          const errors = r.diagnostics.filter((d) => d.severity === 'error');
          // THEN nothing is generated, and an error names one of the fields involved
          expect(r.files, context).toBeUndefined();
          expect(errors.some((d) => v.fields.some((f) => d.path === f || d.path.startsWith(`${f}.`))), context).toBe(true);
        }
      } finally {
        repo.dispose();
      }
    }), { numRuns: RUNS });
  }, 300_000);
});
