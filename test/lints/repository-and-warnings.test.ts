import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkRepository, compileSpecs } from '@trtforge/compiler';
import { TempRepo, specSource } from '../helpers/temp-repo.js';
import { compileInline, config, parameter } from './compile-inline.js';

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.dispose();
  repo = undefined;
});

describe('repository-level checks (TRT146, TRT147)', () => {
  it('reports both specs when two use the default ports and GPU, naming the other one', () => {
    // GIVEN two specs that both keep the defaults (port 8000…, GPU 0)
    repo = new TempRepo();
    const files = [repo.addModel('a', specSource('a')), repo.addModel('b', specSource('b'))];
    // WHEN they are checked together
    const [a, b] = checkRepository(compileSpecs(files, { root: repo.dir, cwd: repo.dir }));
    // THEN each has the port and GPU errors, names the other model and loses its files
    for (const [r, other] of [[a!, 'b'], [b!, 'a']] as const) {
      const codes = r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.path}`);
      expect(codes).toEqual(['TRT146 serve.ports.http', 'TRT146 serve.ports.grpc', 'TRT146 serve.ports.metrics', 'TRT147 parallelism.gpuIds']);
      expect(r.diagnostics.find((d) => d.code === 'TRT146')?.message).toContain(`models/${other}`);
      expect(r.files).toBeUndefined();
    }
  });

  it('reports only the spec that wrote the clashing value when the other kept the default', () => {
    repo = new TempRepo();
    const files = [
      repo.addModel('a', specSource('a')),
      repo.addModel('b', specSource('b', "parallelism: { gpuIds: [1] }, serve: { ports: { http: 8100, grpc: 8101, metrics: 8002 } },")),
    ];
    const [a, b] = checkRepository(compileSpecs(files, { root: repo.dir, cwd: repo.dir }));
    expect(a!.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(a!.files).toBeDefined();
    expect(b!.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.path} ${d.line}`)).toEqual(['TRT146 serve.ports.metrics 8']);
  });

  it('runs in `trtforge compile` for the whole repository, not for a filtered compile', () => {
    // GIVEN a repository with two models on the default ports and GPU
    repo = new TempRepo();
    repo.addModel('a', specSource('a'));
    repo.addModel('b', specSource('b'));
    // WHEN one is compiled alone THEN it compiles; WHEN all are THEN the clash fails the compile
    expect(repo.trtforge('compile', 'a').code).toBe(0);
    const all = repo.trtforge('compile');
    expect(all.code).toBe(1);
    expect(all.stderr).toContain('models/b/model.ts');
    expect(all.stderr).toMatch(/error TRT146 serve\.ports\.http: is 8000, which models\/a also binds/);
  });

  it('leaves specs on different hosts alone unless one binds every interface', () => {
    const pair = (hostB: string) => {
      repo?.dispose();
      repo = new TempRepo();
      const files = [
        repo.addModel('a', specSource('a', "serve: { host: '127.0.0.2' },")),
        repo.addModel('b', specSource('b', `parallelism: { gpuIds: [1] }, serve: { host: '${hostB}', exposeOnAllInterfaces: true },`)),
      ];
      return checkRepository(compileSpecs(files, { root: repo.dir, cwd: repo.dir })).flatMap((r) => r.diagnostics.filter((d) => d.code === 'TRT146'));
    };
    expect(pair('127.0.0.3')).toEqual([]);
    expect(pair('0.0.0.0').length).toBeGreaterThan(0);
  });
});

describe('warnings where NVIDIA documents the setting', () => {
  it('TRT102: instance count 1 with streaming compiles, with a warning', () => {
    const r = compileInline({ q: { source: { modelDir: '/models/q' }, streaming: true, build: { maxBatchSize: 8 }, triton: { excludeInputInOutput: true, instances: { preprocessing: 1, postprocessing: 1, bls: 1 } } } }).q!;
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.diagnostics.filter((d) => d.code === 'TRT102').map((d) => d.severity)).toEqual(['warning', 'warning', 'warning']);
    expect(r.files).toBeDefined();
  });

  it('TRT143: host gpu_device_ids equal to parallelism.gpuIds compile to the logical ids, with a warning', () => {
    const r = compileInline({ q: { source: { modelDir: '/models/q' }, parallelism: { tp: 2, gpuIds: [4, 5] }, build: { maxBatchSize: 8 }, triton: { excludeInputInOutput: true, gpuDeviceIds: [5, 4] } } }).q!;
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.diagnostics.find((d) => d.code === 'TRT143')?.severity).toBe('warning');
    expect(parameter(config(r, 'tensorrt_llm'), 'gpu_device_ids')).toBe('1,0');
  });

  it('TRT127: ids of GPUs the step does not see stay an error', () => {
    const r = compileInline({ q: { source: { modelDir: '/models/q' }, parallelism: { tp: 2, gpuIds: [4, 5] }, build: { maxBatchSize: 8 }, triton: { excludeInputInOutput: true, gpuDeviceIds: [4, 6] } } }).q!;
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['TRT127']);
  });
});

describe('workspace identity (TRT160)', () => {
  it('points at the name line of a copied package.json and shows that file in the code frame', () => {
    repo = new TempRepo();
    repo.addModel('fresh', specSource('fresh'));
    writeFileSync(join(repo.dir, 'models', 'fresh', 'package.json'), '{\n  "name": "qwen2.5-0.5b",\n  "private": true\n}\n');
    const run = repo.trtforge('compile', 'fresh');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('models/fresh/package.json:2:11 error TRT160 name: is "qwen2.5-0.5b", not the folder name "fresh"');
    expect(run.stderr).toContain('> 2 |   "name": "qwen2.5-0.5b",');
  });

  it('accepts a package.json that names its own folder', () => {
    repo = new TempRepo();
    repo.addModel('fresh', specSource('fresh'));
    writeFileSync(join(repo.dir, 'models', 'fresh', 'package.json'), JSON.stringify({ name: 'fresh', scripts: { build: 'trtforge build fresh' } }, null, 2));
    expect(repo.trtforge('compile', 'fresh').code).toBe(0);
  });
});
