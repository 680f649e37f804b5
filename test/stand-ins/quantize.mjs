// STAND-IN FOR TESTS: not NVIDIA's tool; validates argv against the reference option table and writes artifacts of the real layout.
// Plays TensorRT-LLM 0.17 examples/quantization/quantize.py (ModelOpt PTQ): argv checked against the
// `argparse` table of packages/compiler/data/trtllm-0.17.0/quantize.json (shared/reference has no
// quantize table); output is a TRT-LLM checkpoint directory — config.json with the `quantization`
// section quantize_and_export writes (quant_algo, kv_cache_quant_algo, AWQ group size) and
// rank<N>.safetensors per tp×pp rank. Nothing is calibrated.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runArgparseTool } from './lib/argparse.mjs';
import { dieOnSignals, failIfAsked, pause, trace, writesRank } from './lib/behaviour.mjs';
import { writeSafetensors } from './lib/safetensors.mjs';

const TOOL = 'quantize.py';
const DATA = JSON.parse(readFileSync(new URL('../../packages/compiler/data/trtllm-0.17.0/quantize.json', import.meta.url), 'utf8'));

/** quant_algo per --qformat / --kv_cache_dtype, from the same data (quantize_by_modelopt.py's names). */
const QUANT_ALGO = Object.fromEntries(Object.values(DATA.formats).map((f) => [f.qformat, f.quantAlgo]));
const KV_ALGO = Object.fromEntries(Object.entries(DATA.kvCacheDtypes).map(([k, v]) => [k, v.kvCacheQuantAlgo]));

function fail(message) {
  console.error(message);
  process.exit(1);
}

export async function main(argv) {
  trace(TOOL, argv);
  dieOnSignals(TOOL);
  await runArgparseTool(TOOL, DATA.argparse, argv, async (args) => {
    failIfAsked(TOOL);
    console.log('[TensorRT-LLM] TensorRT-LLM version: 0.17.0.post1 (stand-in)');
    if (!args.model_dir) fail('ValueError: One of source checkpoint (model_dir, nemo_ckpt_path) must be specified');
    if (process.env.TRTFORGE_STANDIN_GPUS === 'none') fail('EnvironmentError: GPU is required for inference.');
    const hfConfigPath = join(args.model_dir, 'config.json');
    if (!existsSync(hfConfigPath)) fail(`OSError: ${args.model_dir} does not appear to have a file named config.json.`);
    if (!QUANT_ALGO[args.qformat]) fail(`stand-in quantize.py: --qformat ${args.qformat} is not one trtforge plans (${Object.keys(QUANT_ALGO).join(', ')})`);
    // The step runs offline (HF_HUB_OFFLINE=1): a Hub name cannot be fetched, only a directory read.
    const dataset = args.calib_dataset;
    if (!existsSync(dataset) || !statSync(dataset).isDirectory()) {
      fail(`stand-in quantize.py: calibration dataset ${dataset} is not a directory, and HF_HUB_OFFLINE=${process.env.HF_HUB_OFFLINE ?? ''} forbids the Hub`);
    }
    let calibSize = args.calib_size;
    if (args.qformat.includes('awq') && calibSize > 32) {
      console.log(`AWQ calibration could take longer with calib_size = ${calibSize}, Using calib_size=32 instead (stand-in)`);
      calibSize = 32;
    }
    const hf = JSON.parse(readFileSync(hfConfigPath, 'utf8'));
    const weights = readdirSync(args.model_dir).filter((f) => f.endsWith('.safetensors')).sort();
    if (weights.length === 0) fail(`OSError: no *.safetensors weights in ${args.model_dir}`);
    const digest = createHash('sha256');
    for (const file of weights) digest.update(readFileSync(join(args.model_dir, file)));
    const tp = args.tp_size;
    const pp = args.pp_size;
    const dtype = args.dtype === 'auto' ? (hf.torch_dtype === 'bfloat16' ? 'bfloat16' : 'float16') : args.dtype;
    const awq = args.qformat === 'int4_awq';
    mkdirSync(args.output_dir, { recursive: true });
    writeFileSync(
      join(args.output_dir, 'config.json'),
      JSON.stringify(
        {
          architecture: hf.architectures?.[0] ?? 'unknown',
          dtype,
          vocab_size: hf.vocab_size,
          hidden_size: hf.hidden_size,
          num_hidden_layers: hf.num_hidden_layers,
          num_attention_heads: hf.num_attention_heads,
          num_key_value_heads: hf.num_key_value_heads,
          max_position_embeddings: hf.max_position_embeddings,
          mapping: { world_size: tp * pp, tp_size: tp, pp_size: pp },
          quantization: {
            quant_algo: QUANT_ALGO[args.qformat],
            kv_cache_quant_algo: args.kv_cache_dtype ? KV_ALGO[args.kv_cache_dtype] : null,
            ...(awq ? { group_size: args.awq_block_size, has_zero_point: false, pre_quant_scale: true } : {}),
          },
          standin: { tool: 'quantize.py stand-in', source_weights_sha256: digest.digest('hex'), calib_dataset: dataset, calib_size: calibSize, seed: args.seed },
        },
        null,
        2,
      ),
    );
    await pause(TOOL);
    for (let rank = 0; rank < tp * pp; rank++) {
      console.log(`quantized rank ${rank}/${tp * pp} (stand-in: nothing calibrated)`);
      if (writesRank(rank)) writeSafetensors(join(args.output_dir, `rank${rank}.safetensors`), { 'transformer.vocab_embedding.weight': { shape: [4, 4], data: Buffer.alloc(32, rank) } }, { rank: String(rank) });
    }
    console.log(`Quantized model exported to ${args.output_dir} (stand-in)`);
  });
}
