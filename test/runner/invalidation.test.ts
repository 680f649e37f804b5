import { appendFileSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan } from '@trtforge/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runUntil, serveOnce, statuses, type RunRecord } from './helpers/run.js';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

/** Replaces `flag`'s value in a step's argv and in its cacheKey.argv, as a recompile would. */
function setFlag(plan: Plan, step: 'convert' | 'build', flag: string, value: string): void {
  const s = plan.steps[step];
  const i = s.argv.indexOf(flag);
  if (i < 0) s.argv.push(flag, value);
  else s.argv[i + 1] = value;
  s.cacheKey = { ...s.cacheKey, argv: s.argv };
}

interface Row {
  edit: string;
  change: (ws: Workspace) => void;
  /** Which command the user runs after the edit. */
  run: 'build' | 'serve';
  expect: Record<string, 'built' | 'reused'>;
  /** What the summary must name as the reason of the first rebuilt step. */
  why?: RegExp;
}

const gpus = (caps: string) => (ws: Workspace) => {
  ws.env.TRTFORGE_STANDIN_GPUS = caps;
};

// Every row runs after the previous one, on the same store: each edit is judged against the state the last row left.
const matrix: Row[] = [
  { edit: 'first build', change: () => undefined, run: 'build', expect: { convert: 'built', build: 'built' }, why: /no previous run/ },
  { edit: 'nothing', change: () => undefined, run: 'build', expect: { convert: 'reused', build: 'reused' } },
  { edit: 'first serve (assembles the repository)', change: () => undefined, run: 'serve', expect: { convert: 'reused', build: 'reused', repo: 'built' } },
  {
    edit: 'serve: a tritonserver flag (--log-verbose=1)',
    change: (ws) => ws.editPlan((p) => { p.serve.modes.triton.argv.push('--log-verbose=1'); }),
    run: 'serve',
    expect: { convert: 'reused', build: 'reused', repo: 'reused' },
  },
  {
    edit: 'serve: env and passEnv of the server',
    change: (ws) => ws.editPlan((p) => { p.serve.modes.triton.env.TRITON_EXTRA = '1'; p.serve.modes.triton.passEnv.push('SOME_TOKEN'); }),
    run: 'serve',
    expect: { convert: 'reused', build: 'reused', repo: 'reused' },
  },
  {
    edit: 'serve: a model config (preprocessing instance count)',
    change: (ws) => {
      const file = join(ws.root, 'generated/qwen2.5-0.5b/triton_model_repo/preprocessing/config.pbtxt');
      writeFileSync(file, readFileSync(file, 'utf8').replace('count: 4', 'count: 8'));
    },
    run: 'serve',
    expect: { convert: 'reused', build: 'reused', repo: 'built' },
    why: /configs\.preprocessing\/config\.pbtxt/,
  },
  { edit: 'serve: select trtllm-serve', change: (ws) => ws.editPlan((p) => { p.serve.selected = 'trtllm-serve'; }), run: 'serve', expect: { convert: 'reused', build: 'reused' } },
  { edit: 'build flag: --max_batch_size 4 → 8', change: (ws) => ws.editPlan((p) => setFlag(p, 'build', '--max_batch_size', '8')), run: 'build', expect: { convert: 'reused', build: 'built' }, why: /--max_batch_size 4 → 8/ },
  { edit: 'build flag: --gemm_plugin float16 → auto', change: (ws) => ws.editPlan((p) => setFlag(p, 'build', '--gemm_plugin', 'auto')), run: 'build', expect: { convert: 'reused', build: 'built' }, why: /--gemm_plugin float16 → auto/ },
  {
    edit: 'build flags reverted: the earlier engine comes back from the store',
    change: (ws) => ws.editPlan((p) => { setFlag(p, 'build', '--max_batch_size', '4'); setFlag(p, 'build', '--gemm_plugin', 'float16'); }),
    run: 'build',
    expect: { convert: 'reused', build: 'reused' },
  },
  { edit: 'weights: touched, same content', change: (ws) => utimesSync(join(ws.modelDir, 'model.safetensors'), new Date(), new Date(Date.now() + 5000)), run: 'build', expect: { convert: 'reused', build: 'reused' } },
  { edit: 'model dir: README edited (not an input)', change: (ws) => appendFileSync(join(ws.modelDir, 'README.md'), 'more\n'), run: 'build', expect: { convert: 'reused', build: 'reused' } },
  { edit: 'weights: model.safetensors content', change: (ws) => appendFileSync(join(ws.modelDir, 'model.safetensors'), Buffer.alloc(16, 7)), run: 'build', expect: { convert: 'built', build: 'built' }, why: /weights\.files\.model\.safetensors/ },
  { edit: 'weights: tokenizer_config.json', change: (ws) => appendFileSync(join(ws.modelDir, 'tokenizer_config.json'), ' '), run: 'build', expect: { convert: 'built', build: 'built' }, why: /tokenizer_config\.json/ },
  { edit: 'convert flag: --dtype float16 → bfloat16', change: (ws) => ws.editPlan((p) => setFlag(p, 'convert', '--dtype', 'bfloat16')), run: 'build', expect: { convert: 'built', build: 'built' }, why: /--dtype float16 → bfloat16/ },
  { edit: 'GPU architecture: compute 8.6 → 8.9', change: gpus('8.9'), run: 'build', expect: { convert: 'reused', build: 'built' }, why: /gpu\.computeCap: 8\.6 → 8\.9/ },
  { edit: 'GPU architecture back to 8.6: engine reused from the store', change: gpus('8.6'), run: 'build', expect: { convert: 'reused', build: 'reused' } },
  {
    edit: 'image: another tag',
    change: (ws) => ws.editPlan((p) => { for (const s of [p.steps.convert, p.steps.build, ...Object.values(p.serve.modes)]) s.image = 'nvcr.io/nvidia/tritonserver:25.02-trtllm-python-py3'; }),
    run: 'build',
    expect: { convert: 'built', build: 'built' },
    why: /image\.ref: .*25\.01.* → .*25\.02/,
  },
  { edit: 'image: same tag, other build of the environment (local: NVIDIA_BUILD_ID)', change: (ws) => { ws.env.NVIDIA_BUILD_ID = '424242'; }, run: 'build', expect: { convert: 'built', build: 'built' }, why: /image\.environment/ },
  { edit: 'TRT-LLM version', change: (ws) => ws.editPlan((p) => { p.versions.tensorrtllm = '0.17.1'; }), run: 'build', expect: { convert: 'built', build: 'built' }, why: /tensorrtllm: 0\.17\.0\.post1 → 0\.17\.1/ },
  { edit: 'weights revision pinned in the spec', change: (ws) => ws.editPlan((p) => { p.inputs.revision = 'abc123'; }), run: 'build', expect: { convert: 'built', build: 'built' }, why: /weights\.revision/ },
  { edit: 'weights edited under a pinned revision (the revision is the identity)', change: (ws) => appendFileSync(join(ws.modelDir, 'model.safetensors'), Buffer.alloc(16, 9)), run: 'build', expect: { convert: 'reused', build: 'reused' } },
];

describe('invalidation matrix: each edit re-runs exactly what depends on it', () => {
  let ws: Workspace;
  let trace: string;
  beforeAll(async () => {
    ws = await createWorkspace();
    trace = join(ws.root, 'trace.log');
    ws.env.TRTFORGE_STANDIN_TRACE = trace;
    ws.env.TRTFORGE_STANDIN_GPUS = '8.6';
  });
  afterAll(() => ws.cleanup());

  const executions = (): string[] => {
    try {
      return readFileSync(trace, 'utf8').trim().split('\n').filter(Boolean).map((l) => l.split(' ')[0]!);
    } catch {
      return [];
    }
  };

  for (const row of matrix) {
    it(`${row.edit} → ${Object.entries(row.expect).map(([s, v]) => `${s} ${v}`).join(', ')}`, async () => {
      // GIVEN the state the previous rows left, WHEN the edit is made and the command re-run
      row.change(ws);
      const before = executions().length;
      const run: RunRecord = row.run === 'build' ? await runUntil(ws, 'build') : await serveOnce(ws);
      // THEN exactly the dependent steps ran, and the summary says why
      expect(statuses(run)).toEqual(row.expect);
      const ran = executions().slice(before).filter((tool) => tool !== 'nvidia-smi' && tool !== 'tritonserver' && tool !== 'trtllm-serve');
      const expectedTools = [row.expect.convert === 'built' ? 'convert_checkpoint.py' : [], row.expect.build === 'built' ? 'trtllm-build' : []].flat();
      expect(ran).toEqual(expectedTools);
      if (row.why) {
        const first = Object.values(run.outcomes).find((o) => o.status === 'built')!;
        expect(first.reasons.join('\n')).toMatch(row.why);
      }
    });
  }
});
