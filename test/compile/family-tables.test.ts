import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBackendData, loadConvertTables, type ArgparseOption } from '@trtforge/compiler';
import { REFERENCE, ROOT } from '../helpers/paths.js';

/**
 * The per-family converter tables (packages/compiler/data/trtllm-<version>/convert_checkpoint.<family>.json):
 * provenance on every one, spec fields mapped only to options of the script's own argparse table, the
 * qwen table identical to the reference read from NVIDIA's script, and every committed plan's convert
 * argv valid against its family's table.
 */
const DATA = `${ROOT}packages/compiler/data/`;
const releases = readdirSync(DATA).filter((d) => d.startsWith('trtllm-'));
const tables = releases.flatMap((dir) => Object.values(loadConvertTables(`${DATA}${dir}`)).map((t) => ({ dir, t })));

describe('converter tables per release × family', () => {
  it('cover qwen, llama, gemma and phi for every release that has converter tables', () => {
    for (const dir of releases) {
      const families = Object.keys(loadConvertTables(`${DATA}${dir}`));
      if (families.length > 0) expect(families.sort(), dir).toEqual(['gemma', 'llama', 'phi', 'qwen']);
    }
  });

  it.each(tables.map(({ dir, t }) => [`${dir}/${t.family}`, t] as const))('%s: provenance names the repository, tag, tag commit and the commit read', (_name, t) => {
    expect(t.provenance.repo).toBe('NVIDIA/TensorRT-LLM');
    expect(t.provenance.tag).toBe(`v${t.version}`);
    expect(t.provenance.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(t.provenance.tagCommit).toMatch(/^[0-9a-f]{7,40}$/);
    expect(t.provenance.path).toBe(t.script);
    // exact only when the commit read is the tag's
    expect(t.provenance.exact).toBe(t.provenance.commit.startsWith(t.provenance.tagCommit));
    if (!t.provenance.exact) expect(t.provenance.note, 'a table not read at the tag says why').toBeTruthy();
  });

  it.each(tables.map(({ dir, t }) => [`${dir}/${t.family}`, t] as const))('%s: every mapped field is an option of the script, of the right kind', (_name, t) => {
    const byFlag = new Map(t.argparse.flatMap((o) => [o.flag, ...(o.aliases ?? [])].map((n) => [n, o] as const)));
    for (const flag of [t.fixed.modelDir, t.fixed.outputDir, ...t.fixed.args.filter((a) => a.startsWith('-'))]) expect(byFlag.get(flag), flag).toBeDefined();
    for (const [path, { flag, kind }] of Object.entries(t.options)) {
      const option = byFlag.get(flag);
      expect(option, `${path} → ${flag}`).toBeDefined();
      expect(option!.type === 'flag', `${path} → ${flag} kind ${kind}`).toBe(kind === 'flag');
    }
    expect(t.weights.modelTypes.length).toBeGreaterThan(0);
    expect(t.weights.source.length).toBeGreaterThan(0);
  });

  it('the qwen table at 0.17.0 is the reference table read from NVIDIA\'s script (flags, types, choices, defaults)', () => {
    const reference = (JSON.parse(readFileSync(`${REFERENCE}trtllm-0.17/convert_checkpoint.qwen.json`, 'utf8')) as { options: ArgparseOption[] }).options;
    const pick = (o: ArgparseOption) => ({ flag: o.flag, type: o.type, choices: o.choices, default: o.default, required: o.required, aliases: o.aliases });
    expect(loadBackendData('0.17.0').convertFlags.qwen!.argparse.map(pick)).toEqual(reference.map(pick));
  });
});

describe('every committed plan converts with its family\'s script and only its options', () => {
  const plans = readdirSync(`${ROOT}generated`).map((m) => JSON.parse(readFileSync(`${ROOT}generated/${m}/plan.json`, 'utf8')) as {
    model: string; versions: { backend: string }; family: { name: string }; steps: { convert: { id: string; argv: string[] } };
  });
  // (a quantized spec's checkpoint comes from quantize.py: test/compile/quantize-tables.test.ts checks those)
  it.each(plans.filter((p) => p.steps.convert.id !== 'quantize').map((p) => [p.model, p] as const))('%s', (_m, plan) => {
    const table = loadBackendData(plan.versions.backend as '0.17.0').convertFlags[plan.family.name]!;
    expect(plan.steps.convert.argv[1]!.endsWith(`/${table.script}`)).toBe(true);
    const byFlag = new Map(table.argparse.flatMap((o) => [o.flag, ...(o.aliases ?? [])].map((n) => [n, o] as const)));
    const argv = plan.steps.convert.argv.slice(2);
    for (const [i, token] of argv.entries()) {
      if (!token.startsWith('-')) continue;
      const option = byFlag.get(token);
      expect(option, `${token} is not an option of ${table.script}`).toBeDefined();
      if (option!.type === 'flag') continue;
      const value = argv[i + 1]!;
      expect(value.startsWith('-'), `${token} takes a value`).toBe(false);
      if (option!.choices) expect(option!.choices.map(String), token).toContain(value);
      if (option!.type === 'int') expect(value, token).toMatch(/^-?\d+$/);
    }
  });
});
