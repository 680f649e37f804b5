// STAND-IN FOR TESTS: not NVIDIA's tool; validates argv against the reference option table and writes artifacts of the real layout.
// Plays TensorRT-LLM 0.17 `trtllm-build`: argv checked against reference/trtllm-0.17/trtllm-build.json;
// reads a checkpoint (config.json + rank<N>.safetensors) and writes an engine directory
// (config.json + rank<N>.engine, sparse, TRTFORGE_STANDIN_ENGINE_BYTES bytes each, default 1 MiB).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runArgparseTool } from './lib/argparse.mjs';
import { dieOnSignals, failIfAsked, pause, trace, visibleComputeCap, writeSparse, writesRank } from './lib/behaviour.mjs';
import { releaseTable } from './lib/tables.mjs';

const TOOL = 'trtllm-build';

export async function main(argv) {
  trace(TOOL, argv);
  dieOnSignals(TOOL);
  await runArgparseTool(TOOL, releaseTable('trtllm-0.17/trtllm-build.json', 'trtllm-build.json'), argv, async (args) => {
    failIfAsked(TOOL);
    console.log('[TensorRT-LLM] TensorRT-LLM version: 0.17.0.post1 (stand-in)');
    if (!args.checkpoint_dir && !args.model_config) {
      console.error('trtllm-build: error: either --checkpoint_dir or --model_config is required');
      process.exit(2);
    }
    const configPath = join(args.checkpoint_dir, 'config.json');
    if (!existsSync(configPath)) {
      console.error(`FileNotFoundError: [Errno 2] No such file or directory: '${configPath}'`);
      process.exit(1);
    }
    const checkpoint = JSON.parse(readFileSync(configPath, 'utf8'));
    const world = checkpoint.mapping?.world_size ?? 1;
    for (let rank = 0; rank < world; rank++) {
      if (!existsSync(join(args.checkpoint_dir, `rank${rank}.safetensors`))) {
        console.error(`FileNotFoundError: [Errno 2] No such file or directory: '${join(args.checkpoint_dir, `rank${rank}.safetensors`)}'`);
        process.exit(1);
      }
    }
    if (args.use_paged_context_fmha === 'enable' && args.context_fmha === 'disable') {
      console.error('AssertionError: use_paged_context_fmha requires context_fmha');
      process.exit(1);
    }
    const computeCap = visibleComputeCap('8.6');
    if (args.use_fp8_context_fmha === 'enable') {
      // builder.py turns it off for non-FP8 checkpoints; the attention plugin refuses it outside SM 89/90 (data: quantize.json fp8ContextFmha).
      const fmha = JSON.parse(readFileSync(new URL('../../packages/compiler/data/trtllm-0.17.0/quantize.json', import.meta.url), 'utf8')).fp8ContextFmha;
      if (!fmha.quantAlgos.includes(checkpoint.quantization?.quant_algo)) {
        console.log('[TensorRT-LLM] [W] FP8 Context FMHA is disabled because it must be used together with the fp8 quantization workflow. (stand-in)');
      } else if (!fmha.computeCapabilities.includes(computeCap)) {
        console.error('[TensorRT-LLM][ERROR] Assertion failed: FP8 FMHA cannot be enabled except on Ada or Hopper Arch. (stand-in)');
        process.exit(1);
      }
    }
    const { checkpoint_dir: _c, output_dir: output, ...flags } = args;
    mkdirSync(output, { recursive: true });
    writeFileSync(
      join(output, 'config.json'),
      JSON.stringify({ version: '0.17.0.post1', pretrained_config: checkpoint, build_config: { ...flags, standin_compute_cap: computeCap } }, null, 2),
    );
    await pause('trtllm-build');
    const bytes = Number(process.env.TRTFORGE_STANDIN_ENGINE_BYTES ?? 1 << 20);
    for (let rank = 0; rank < world; rank++) {
      console.log(`[TensorRT-LLM] [I] Engine generated for rank ${rank} (compute ${computeCap})`);
      if (writesRank(rank)) writeSparse(join(output, `rank${rank}.engine`), bytes, `STAND-IN ENGINE rank ${rank} sm ${computeCap}\n`);
    }
    console.log('[TensorRT-LLM] [I] Total time of building all engines: 00:00:00');
  });
}
