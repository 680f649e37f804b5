import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePbtxt } from '@trtforge/pbtxt';
import { TempRepo } from '../helpers/temp-repo.js';
import { loadBackendData } from '@trtforge/compiler';
import { compileBatch, describeDiagnostics, modelSource, protocErrors, writeSpecs } from './compile-batch.js';
import { validSpec } from './valid-spec.js';

/** Specs per compileSpecs call, and calls: ~40 random specs, each compiled twice, in ~15 s. */
const BATCH = 10;
const RUNS = 4;

const batchWithOrder = fc.array(validSpec, { minLength: BATCH, maxLength: BATCH }).chain((specs) =>
  fc.tuple(fc.constant(specs), fc.shuffledSubarray([...specs.keys()], { minLength: BATCH, maxLength: BATCH })));

describe('random valid specs', () => {
  it('compile to configs protoc accepts, deterministically in any order, with decoupled set consistently', () => {
    fc.assert(fc.property(batchWithOrder, ([specs, order]) => {
      const repo = new TempRepo();
      try {
        // GIVEN a batch of valid specs on disk
        const named = specs.map((spec, i) => ({ name: `p${i}`, spec: { name: `p${i}`, ...spec } }));
        const files = writeSpecs(repo, named.map(({ name, spec }) => ({ name, source: modelSource(spec) })));
        // WHEN they compile, once in order and once shuffled
        const first = compileBatch(repo, files);
        const second = compileBatch(repo, order.map((i) => files[i]!));
        // THEN each compiles without errors…
        for (const [i, r] of first.entries()) {
          expect(r.files, `${describeDiagnostics(r)}\n${JSON.stringify(named[i]!.spec)}`).toBeDefined();
        }
        for (const [i, r] of first.entries()) {
          const streaming = (named[i]!.spec as { streaming?: boolean }).streaming === true;
          for (const [path, text] of Object.entries(r.files!)) {
            // …no placeholder survives anywhere…
            expect(text.includes('${'), `${r.name}/${path}`).toBe(false);
            if (!path.endsWith('config.pbtxt')) continue;
            // …protoc accepts every config.pbtxt…
            expect(protocErrors(text), `${r.name}/${path}`).toBe('');
            // …and decoupled follows streaming in the two models that stream, false elsewhere.
            const model = path.split('/')[1]!;
            const decoupled = (parsePbtxt(text).model_transaction_policy as { decoupled?: boolean } | undefined)?.decoupled ?? false;
            expect(decoupled, `${r.name}/${path}`).toBe(streaming && (model === 'tensorrt_llm' || model === 'tensorrt_llm_bls'));
          }
        }
        // AND the convert argv runs the family's converter with only options of its argparse table and valid values
        for (const [i, r] of first.entries()) {
          const family = (named[i]!.spec as { source: { family?: string } }).source.family ?? 'qwen';
          const table = loadBackendData('0.17.0').convertFlags[family]!;
          const plan = JSON.parse(r.files!['plan.json']!) as { steps: { convert: { argv: string[] } }; family: { name: string } };
          expect(plan.family.name, r.name).toBe(family);
          expect(plan.steps.convert.argv[1], r.name).toMatch(new RegExp(`/${table.script.replaceAll('.', '\\.')}$`));
          const byFlag = new Map(table.argparse.flatMap((o) => [o.flag, ...(o.aliases ?? [])].map((n) => [n, o] as const)));
          const argv = plan.steps.convert.argv.slice(2);
          for (const [k, token] of argv.entries()) {
            if (!token.startsWith('-')) continue;
            const option = byFlag.get(token);
            expect(option, `${r.name}: ${token} is not an option of ${table.script}`).toBeDefined();
            if (option!.type === 'flag') continue;
            const value = argv[k + 1]!;
            if (option!.choices) expect(option!.choices.map(String), `${r.name} ${token}`).toContain(value);
            if (option!.type === 'int') expect(value, `${r.name} ${token}`).toMatch(/^-?\d+$/);
          }
        }
        // AND the same spec gives byte-identical files whatever the batch order
        const byName = new Map(second.map((r) => [r.name, r.files]));
        for (const r of first) expect(byName.get(r.name), r.name).toEqual(r.files);
      } finally {
        repo.dispose();
      }
    }), { numRuns: RUNS });
  }, 300_000); // several type-checks of a dozen specs each: bounded by work, not by the clock
});
