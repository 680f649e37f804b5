// STAND-IN FOR TESTS: not NVIDIA's tool; validates argv against the reference option table and writes artifacts of the real layout.
// Plays TensorRT-LLM 0.17 examples/<family>/convert_checkpoint.py (qwen, llama — which also converts
// Mistral and Mixtral —, gemma, phi): argv checked against that family's argparse table
// (packages/compiler/data/trtllm-0.17.0/convert_checkpoint.<family>.json; the qwen one equals
// ../shared/reference/trtllm-0.17/convert_checkpoint.qwen.json, a test checks it); weights of a
// model type the family's converter does not take are refused as the real scripts refuse them;
// output is a TRT-LLM checkpoint directory (config.json + rank<N>.safetensors per tp×pp rank).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runArgparseTool } from './lib/argparse.mjs';
import { dieOnSignals, failIfAsked, pause, trace, writesRank } from './lib/behaviour.mjs';
import { writeSafetensors } from './lib/safetensors.mjs';
import { loadConverterTable } from './lib/tables.mjs';

const TOOL = 'convert_checkpoint.py';

/** The family is the script's directory: examples/<family>/convert_checkpoint.py. */
function familyOf(script) {
  const family = /examples\/([\w-]+)\/convert_checkpoint\.py$/.exec(script ?? '')?.[1];
  if (!family) throw new Error(`stand-in: cannot tell the family of ${script}`);
  return family;
}

/**
 * The release the checkout is: its tensorrt_llm/version.py (`__version__ = "0.18.2"`, as in NVIDIA's
 * tree; a `.postN` suffix dropped), when the fake checkout has one; 0.17.0 otherwise.
 */
function releaseOf(script) {
  const root = script ? script.replace(/examples\/[\w-]+\/convert_checkpoint\.py$/, '') : undefined;
  const versionFile = root ? join(root, 'tensorrt_llm', 'version.py') : undefined;
  const version = versionFile && existsSync(versionFile) ? /__version__\s*=\s*["']([\d.]+?)(?:\.post\d+)?["']/.exec(readFileSync(versionFile, 'utf8'))?.[1] : undefined;
  return version ?? '0.17.0';
}

/** The checkpoint's quant_algo: weight-only INT8/INT4, or FP8 for --use_fp8 (a ModelOpt checkpoint loaded as it is). */
function quantAlgo(args) {
  if (args.use_weight_only) return `W${args.weight_only_precision === 'int8' ? 8 : 4}A16`;
  return args.use_fp8 ? 'FP8' : null;
}

export async function main(argv, { script } = {}) {
  trace(TOOL, argv);
  dieOnSignals(TOOL);
  // The release played: TRTFORGE_STANDIN_BACKEND_VERSION when a test names it, else the checkout's tensorrt_llm/version.py.
  const table = loadConverterTable(process.env.TRTFORGE_STANDIN_BACKEND_VERSION || releaseOf(script), familyOf(script ?? 'examples/qwen/convert_checkpoint.py'));
  await runArgparseTool(TOOL, table, argv, async (args) => {
    failIfAsked(TOOL);
    console.log('[TensorRT-LLM] TensorRT-LLM version: 0.17.0.post1 (stand-in)');
    // The names differ per family (gemma: --model-dir, --output-model-dir, --world-size).
    const modelDir = args.model_dir;
    const outputDir = args.output_dir ?? args.output_model_dir;
    const hfConfigPath = join(modelDir, 'config.json');
    if (!existsSync(hfConfigPath)) {
      console.error(`OSError: ${modelDir} does not appear to have a file named config.json.`);
      process.exit(1);
    }
    const weights = readdirSync(modelDir).filter((f) => f.endsWith('.safetensors')).sort();
    if (weights.length === 0) {
      console.error(`OSError: no *.safetensors weights in ${modelDir}`);
      process.exit(1);
    }
    const hf = JSON.parse(readFileSync(hfConfigPath, 'utf8'));
    const architecture = hf.architectures?.[0];
    if (!table.weights.modelTypes.includes(hf.model_type) && !table.weights.architectures.includes(architecture)) {
      console.error(`AssertionError: Unsupported model type: ${hf.model_type} (${architecture}); ${table.tool} takes ${table.weights.modelTypes.join(', ')}`);
      process.exit(1);
    }
    const tp = args.tp_size ?? args.world_size;
    const pp = args.pp_size ?? 1;
    if (!table.sharding.pipelineParallel && pp !== 1) {
      console.error('AssertionError: Pipeline parallelism is not supported.');
      process.exit(1);
    }
    const digest = createHash('sha256');
    for (const file of weights) digest.update(readFileSync(join(modelDir, file)));
    const dtype = args.dtype === 'auto' || args.dtype === undefined ? (hf.torch_dtype === 'bfloat16' ? 'bfloat16' : 'float16') : args.dtype;
    mkdirSync(outputDir, { recursive: true });
    // config.json first, weights after the pause: an interrupt leaves a checkpoint without ranks.
    writeFileSync(
      join(outputDir, 'config.json'),
      JSON.stringify(
        {
          architecture: architecture ?? 'Qwen2ForCausalLM',
          dtype,
          vocab_size: hf.vocab_size ?? 151936,
          hidden_size: hf.hidden_size ?? 896,
          num_hidden_layers: hf.num_hidden_layers ?? 24,
          num_attention_heads: hf.num_attention_heads ?? 14,
          num_key_value_heads: hf.num_key_value_heads ?? 2,
          max_position_embeddings: hf.max_position_embeddings ?? 32768,
          mapping: { world_size: tp * pp, tp_size: tp, pp_size: pp },
          quantization: { quant_algo: quantAlgo(args), kv_cache_quant_algo: args.int8_kv_cache ? 'INT8' : args.fp8_kv_cache ? 'FP8' : null },
          standin: { tool: 'convert_checkpoint.py stand-in', source_weights_sha256: digest.digest('hex') },
        },
        null,
        2,
      ),
    );
    await pause('convert_checkpoint.py');
    for (let rank = 0; rank < tp * pp; rank++) {
      console.log(`converting rank ${rank}/${tp * pp}`);
      if (writesRank(rank)) writeSafetensors(join(outputDir, `rank${rank}.safetensors`), { 'transformer.vocab_embedding.weight': { shape: [4, 4], data: Buffer.alloc(32, rank) } }, { rank: String(rank) });
    }
    console.log('Total time of converting checkpoints: 00:00:00');
  });
}
