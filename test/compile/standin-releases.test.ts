import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSpecs, supportedBackendVersions } from '@trtforge/compiler';
import { ROOT, requireShared } from '../helpers/paths.js';

/**
 * The stand-in converter and builder play the release in use (TRTFORGE_STANDIN_BACKEND_VERSION): each
 * release's generated argv passes their argparse check (exit status 2 is argparse's rejection; past
 * it they fail on the missing checkpoint / model directory, which is not what is tested here), and
 * an option the release's table lacks is rejected.
 */
const dir = mkdtempSync(join(ROOT, 'test/compile/.tmp-standin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(requireShared);

function runStandIn(tool: 'convert-checkpoint' | 'trtllm-build', args: string[], release: string) {
  const url = new URL(`../stand-ins/${tool}.mjs`, import.meta.url).href;
  return spawnSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(url)}); await m.main(${JSON.stringify(args)});`], {
    encoding: 'utf8', env: { ...process.env, TRTFORGE_STANDIN_BACKEND_VERSION: release, TRTFORGE_STANDIN_TRACE: '' }, timeout: 60_000,
  });
}

describe.each(supportedBackendVersions())('stand-ins playing tensorrtllm_backend %s', (version) => {
  let plan: { steps: { convert: { argv: string[] }; build: { argv: string[] } } };
  beforeAll(() => {
    const name = `standin-${version.replace(/\./g, '')}`;
    mkdirSync(join(dir, name));
    const source = readFileSync(`${ROOT}models/qwen2.5-0.5b/model.ts`, 'utf8')
      .replace("name: 'qwen2.5-0.5b'", `name: '${name}'`)
      .replace('defineModel({', `defineModel({\n  runtime: { backendVersion: '${version}' },`);
    writeFileSync(join(dir, name, 'model.ts'), source);
    const [result] = compileSpecs([join(dir, name, 'model.ts')], { root: ROOT });
    plan = JSON.parse(result!.files!['plan.json']!);
  });

  it('trtllm-build accepts the generated argv and rejects an option it lacks', () => {
    const args = [...plan.steps.build.argv.slice(1).map((a) => a.replace('/trtforge/checkpoint', join(dir, 'no-checkpoint')))];
    const ok = runStandIn('trtllm-build', args, version);
    expect(ok.status, ok.stderr).not.toBe(2);
    expect(ok.stderr).toContain('No such file or directory');
    const bad = runStandIn('trtllm-build', [...args, '--max_output_len', '8'], version);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unrecognized arguments: --max_output_len/);
  });

  it('convert_checkpoint.py accepts the generated argv', () => {
    const args = plan.steps.convert.argv.slice(2).map((a) => a.replace('/trtforge/hf', join(dir, 'no-model')).replace('/trtforge/out', join(dir, 'out')));
    const ok = runStandIn('convert-checkpoint', args, version);
    expect(ok.status, ok.stderr).not.toBe(2);
  });
});

it('a release whose data names no readable table is refused, not played with another table', () => {
  const r = runStandIn('trtllm-build', ['--help'], '9.9.9');
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain('no data for release 9.9.9');
});
