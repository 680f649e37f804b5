import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSpecs, supportedBackendVersions } from '@trtforge/compiler';
import { ROOT, requireShared } from '../helpers/paths.js';
import { tritonserverArgvs } from '../helpers/release-tables.js';

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

/** Parses `args` the way the stand-in serving tool of `release` does, without starting it (exit 0 = accepted). */
function parseAs(tool: 'tritonserver' | 'trtllm-serve' | 'openai_frontend', args: string[], release: string) {
  const lib = (f: string) => JSON.stringify(new URL(`../stand-ins/${f}`, import.meta.url).href);
  const code = {
    tritonserver: `const m = await import(${lib('tritonserver.mjs')}); m.parseTritonArgs(${JSON.stringify(args)});`,
    'trtllm-serve': `const t = await import(${lib('lib/tables.mjs')}); const c = await import(${lib('lib/click.mjs')}); c.parseClick('trtllm-serve', t.releaseToolTable('trtllm-serve'), ${JSON.stringify(args)});`,
    openai_frontend: `const t = await import(${lib('lib/tables.mjs')}); const a = await import(${lib('lib/argparse.mjs')}); a.parseArgs(t.releaseToolTable('openai_frontend'), ${JSON.stringify(args)});`,
  }[tool];
  return spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', env: { ...process.env, TRTFORGE_STANDIN_BACKEND_VERSION: release }, timeout: 60_000 });
}

describe.each(supportedBackendVersions())('stand-in serving tools playing tensorrtllm_backend %s', (version) => {
  let plan: { serve: { modes: Record<string, { argv: string[] }> } };
  beforeAll(() => {
    const name = `standin-serve-${version.replace(/\./g, '')}`;
    mkdirSync(join(dir, name));
    const source = readFileSync(`${ROOT}models/qwen2.5-32b-tp4/model.ts`, 'utf8')
      .replace("name: 'qwen2.5-32b-tp4'", `name: '${name}'`)
      .replace('defineModel({', `defineModel({\n  runtime: { backendVersion: '${version}' },`);
    writeFileSync(join(dir, name, 'model.ts'), source);
    const [result] = compileSpecs([join(dir, name, 'model.ts')], { root: ROOT });
    plan = JSON.parse(result!.files!['plan.json']!);
  });

  it('tritonserver accepts every rank\'s argv and rejects an option its release lacks', () => {
    const ranks = tritonserverArgvs(plan.serve.modes.triton!.argv);
    expect(ranks.length).toBe(4);
    for (const rank of ranks) {
      const ok = parseAs('tritonserver', rank, version);
      expect(ok.status, ok.stderr).toBe(0);
    }
    const bad = parseAs('tritonserver', [...ranks[0]!, '--no-such-option=1'], version);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("unrecognized option '--no-such-option'");
  });

  it('trtllm-serve and the OpenAI frontend accept the generated argv', () => {
    const serve = parseAs('trtllm-serve', plan.serve.modes['trtllm-serve']!.argv.slice(1), version);
    expect(serve.status, serve.stderr).toBe(0);
    const openai = parseAs('openai_frontend', plan.serve.modes.openai!.argv.slice(2), version);
    expect(openai.status, openai.stderr).toBe(0);
  });
});

it('the stand-in tritonserver plays its release\'s Triton: r25.03 (0.19.0) takes --grpc-max-response-pool-size, r24.11 (0.16.0) does not', () => {
  const args = ['--model-repository=/tmp/none', '--grpc-max-response-pool-size=8'];
  expect(parseAs('tritonserver', args, '0.19.0').status).toBe(0);
  const old = parseAs('tritonserver', args, '0.16.0');
  expect(old.status).toBe(1);
  expect(old.stderr).toContain("unrecognized option '--grpc-max-response-pool-size'");
});

it('a release whose data names no readable table is refused, not played with another table', () => {
  const r = runStandIn('trtllm-build', ['--help'], '9.9.9');
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain('no data for release 9.9.9');
});
