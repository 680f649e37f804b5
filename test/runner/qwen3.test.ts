import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBackendData, supportedBackendVersions } from '@trtforge/compiler';
import { BIN, cli, STACK_TRACE } from './helpers/cli.js';
import { createWorkspace, REPO_ROOT, type Workspace } from './helpers/workspace.js';

/** config.json of Qwen/Qwen3-8B as far as the checks read it. */
const QWEN3_8B = { architectures: ['Qwen3ForCausalLM'], model_type: 'qwen3', hidden_size: 4096, intermediate_size: 12288, num_attention_heads: 32, num_key_value_heads: 8, vocab_size: 151936 };

const weightsData = (version: string) =>
  JSON.parse(readFileSync(join(REPO_ROOT, `packages/compiler/data/trtllm-${version}/weights.json`), 'utf8')) as { notConverted: Record<string, { family: string; architectures: string[] }> };

/**
 * No release trtforge supports converts Qwen3 (the qwen converter of 0.16–0.19 takes qwen, qwen2,
 * qwen2_moe; NVIDIA's release notes add Qwen3 in 0.20 / the TensorRT engine in 1.0): the data says
 * so per release, and Qwen3 weights are refused by name before anything runs.
 */
describe('Qwen3: no supported release converts it', () => {
  it.each(supportedBackendVersions())('%s: weights.json lists qwen3 and qwen3_moe, and no converter table of the release takes them', (version) => {
    const data = weightsData(version);
    expect(Object.keys(data.notConverted)).toEqual(expect.arrayContaining(['qwen3', 'qwen3_moe']));
    // The data cannot contradict itself: a converter table that takes a model type must not list it here.
    for (const table of Object.values(loadBackendData(version).convertFlags)) {
      for (const [modelType, entry] of Object.entries(data.notConverted)) {
        expect(table.weights.modelTypes, `${version} ${table.script}`).not.toContain(modelType);
        for (const a of entry.architectures) expect(table.weights.architectures, `${version} ${table.script}`).not.toContain(a);
      }
    }
  });

  let ws: Workspace | undefined;
  afterEach(() => ws?.cleanup());

  for (const model of ['qwen2.5-0.5b', 'qwen2.5-1.5b-trtllm-0.19']) {
    it(`${model}: Qwen3 weights — convert exits 1 naming Qwen3 and the releases, nothing runs`, async () => {
      ws = await createWorkspace({ generated: model, hfConfig: QWEN3_8B });
      const result = await cli(ws, ['convert', model]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('✗ model family');
      expect(result.stderr).toContain('config.json model_type "qwen3", architectures Qwen3ForCausalLM: Qwen3 — no release trtforge supports converts Qwen3: the qwen converter of 0.16.0, 0.17.0, 0.18.2 and 0.19.0');
      expect(result.stderr).not.toMatch(STACK_TRACE);
      expect(result.stdout + result.stderr).not.toContain('Unsupported model type'); // the stand-in converter never ran
    });
  }

  it('trtforge new --model-dir on Qwen3 weights says Qwen3 is not converted, and writes nothing', () => {
    const root = mkdtempSync(join(tmpdir(), 'trtforge-qwen3-'));
    try {
      mkdirSync(join(root, 'models'));
      mkdirSync(join(root, 'hf'));
      writeFileSync(join(root, 'package.json'), '{}');
      writeFileSync(join(root, 'hf', 'config.json'), JSON.stringify(QWEN3_8B));
      const r = spawnSync(process.execPath, [BIN, 'new', 'my-qwen3', '--model-dir', 'hf'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('config.json: model_type "qwen3" (Qwen3ForCausalLM) is Qwen3: no release trtforge supports converts Qwen3');
      expect(r.stderr).toContain('packages/compiler/data/trtllm-0.17.0/weights.json');
      expect(r.stderr).not.toMatch(STACK_TRACE);
      expect(readdirSync(join(root, 'models'))).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
