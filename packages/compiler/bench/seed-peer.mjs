// The peer the single-spec compile is measured against: the seed deployment's fill.sh, i.e. five
// runs of NVIDIA's tools/fill_template.py (tensorrtllm_backend v0.17.0) with system python, on a
// fresh copy of all_models/inflight_batcher_llm. Values as in the seed write-up
// (../shared/seed/triton-trtllm-deployment.txt; also test/golden/seed-parity.test.ts).
// NVIDIA's script is never copied here: it is run from a checkout (TRTFORGE_SRC_BACKEND, else the
// one trtforge cloned into its store).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

const ENGINE_DIR = '/opt/tritonserver/trt_engines/';
const TOKENIZER_DIR = '/Qwen2.5-0.5B-Instruct';
const FILL_LINES = {
  ensemble: 'triton_max_batch_size:4,logits_datatype:TYPE_FP32',
  preprocessing: `tokenizer_dir:${TOKENIZER_DIR},triton_max_batch_size:4,preprocessing_instance_count:1`,
  tensorrt_llm: `triton_backend:tensorrtllm,triton_max_batch_size:4,decoupled_mode:true,engine_dir:${ENGINE_DIR},max_queue_delay_microseconds:0,batching_strategy:inflight_fused_batching,max_queue_size:4,encoder_input_features_data_type:TYPE_FP16,logits_datatype:TYPE_FP32`,
  postprocessing: `tokenizer_dir:${TOKENIZER_DIR},triton_max_batch_size:4,postprocessing_instance_count:1`,
  tensorrt_llm_bls: 'triton_max_batch_size:4,decoupled_mode:true,bls_instance_count:1,logits_datatype:TYPE_FP32',
};

/** A tensorrtllm_backend v0.17.0 checkout with tools/fill_template.py, or why there is none. */
export function findBackendCheckout(env = process.env) {
  const store = env.TRTFORGE_STORE || join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'trtforge');
  const candidates = [env.TRTFORGE_SRC_BACKEND, join(store, 'sources', 'backend@v0.17.0')].filter(Boolean);
  const dir = candidates.find((d) => existsSync(join(d, 'tools/fill_template.py')) && existsSync(join(d, 'all_models/inflight_batcher_llm')));
  return dir ? { dir } : { missing: `no tensorrtllm_backend v0.17.0 checkout (tried ${candidates.join(', ')}); set TRTFORGE_SRC_BACKEND` };
}

/** The real interpreter behind `python3` (a pyenv/asdf shim would add its own start-up to the peer). */
export function findPython() {
  const r = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Runs the five fill_template.py lines once; returns the elapsed milliseconds of the five processes. */
export function runSeedFill(python, backendDir) {
  const work = mkdtempSync(join(tmpdir(), 'trtforge-seed-'));
  try {
    cpSync(join(backendDir, 'all_models/inflight_batcher_llm'), join(work, 'triton_model_repo'), { recursive: true });
    const script = join(backendDir, 'tools/fill_template.py');
    const start = process.hrtime.bigint();
    for (const [model, line] of Object.entries(FILL_LINES)) {
      execFileSync(python, [script, '-i', join(work, 'triton_model_repo', model, 'config.pbtxt'), line], { stdio: 'ignore' });
    }
    return Number(process.hrtime.bigint() - start) / 1e6;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
