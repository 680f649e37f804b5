// STAND-IN FOR TESTS: not NVIDIA's tool; validates argv against the reference option table and writes artifacts of the real layout.
// Plays TensorRT-LLM 0.17 examples/qwen/convert_checkpoint.py: argv checked against
// reference/trtllm-0.17/convert_checkpoint.qwen.json; output is a TRT-LLM checkpoint directory
// (config.json + rank<N>.safetensors per tp×pp rank).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runArgparseTool } from './lib/argparse.mjs';
import { dieOnSignals, failIfAsked, pause, trace, writesRank } from './lib/behaviour.mjs';
import { writeSafetensors } from './lib/safetensors.mjs';
import { releaseTable } from './lib/tables.mjs';

const TOOL = 'convert_checkpoint.py';

export async function main(argv) {
  trace(TOOL, argv);
  dieOnSignals(TOOL);
  await runArgparseTool(TOOL, releaseTable('trtllm-0.17/convert_checkpoint.qwen.json', 'convert_checkpoint.qwen.json'), argv, async (args) => {
    failIfAsked(TOOL);
    console.log('[TensorRT-LLM] TensorRT-LLM version: 0.17.0.post1 (stand-in)');
    const hfConfigPath = join(args.model_dir, 'config.json');
    if (!existsSync(hfConfigPath)) {
      console.error(`OSError: ${args.model_dir} does not appear to have a file named config.json.`);
      process.exit(1);
    }
    const weights = readdirSync(args.model_dir).filter((f) => f.endsWith('.safetensors')).sort();
    if (weights.length === 0) {
      console.error(`OSError: no *.safetensors weights in ${args.model_dir}`);
      process.exit(1);
    }
    const hf = JSON.parse(readFileSync(hfConfigPath, 'utf8'));
    const tp = args.tp_size;
    const pp = args.pp_size;
    const digest = createHash('sha256');
    for (const file of weights) digest.update(readFileSync(join(args.model_dir, file)));
    const dtype = args.dtype === 'auto' ? (hf.torch_dtype === 'bfloat16' ? 'bfloat16' : 'float16') : args.dtype;
    mkdirSync(args.output_dir, { recursive: true });
    // config.json first, weights after the pause: an interrupt leaves a checkpoint without ranks.
    writeFileSync(
      join(args.output_dir, 'config.json'),
      JSON.stringify(
        {
          architecture: 'Qwen2ForCausalLM',
          dtype,
          vocab_size: hf.vocab_size ?? 151936,
          hidden_size: hf.hidden_size ?? 896,
          num_hidden_layers: hf.num_hidden_layers ?? 24,
          num_attention_heads: hf.num_attention_heads ?? 14,
          num_key_value_heads: hf.num_key_value_heads ?? 2,
          max_position_embeddings: hf.max_position_embeddings ?? 32768,
          mapping: { world_size: tp * pp, tp_size: tp, pp_size: pp },
          quantization: { quant_algo: args.use_weight_only ? `W${args.weight_only_precision === 'int8' ? 8 : 4}A16` : null, kv_cache_quant_algo: args.int8_kv_cache ? 'INT8' : null },
          standin: { tool: 'convert_checkpoint.py stand-in', source_weights_sha256: digest.digest('hex') },
        },
        null,
        2,
      ),
    );
    await pause('convert_checkpoint.py');
    for (let rank = 0; rank < tp * pp; rank++) {
      console.log(`converting rank ${rank}/${tp * pp}`);
      if (writesRank(rank)) writeSafetensors(join(args.output_dir, `rank${rank}.safetensors`), { 'transformer.vocab_embedding.weight': { shape: [4, 4], data: Buffer.alloc(32, rank) } }, { rank: String(rank) });
    }
    console.log('Total time of converting checkpoints: 00:00:00');
  });
}
