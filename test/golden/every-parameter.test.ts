import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supportedBackendVersions } from '@trtforge/compiler';
import { ROOT, requireShared } from '../helpers/paths.js';
import { parseSubstitutions } from './fill-template.js';
import { compileErrors, compiledConfigs, filledReleaseTemplate, MODEL_NAMES } from './golden-harness.js';
import { RELEASES, releasePlaceholders } from './releases.js';

/**
 * Every placeholder of every supported release's five templates, set from the spec to a non-default value:
 * [placeholder, spec fragment (merged into the base spec), the value as one would pass it to
 * fill_template.py on the command line — commas inside a value escaped as `\,`, which is how
 * NVIDIA's docs pass list parameters]. `also` lists other placeholders the fragment changes on
 * purpose (derived values). `label` tells cases of one placeholder apart.
 */
type Case = { param: string; label?: string; spec: Record<string, unknown>; fill: string; also?: Record<string, string> };
const t = (triton: Record<string, unknown>) => ({ triton });
const CASES: Case[] = [
  { param: 'triton_max_batch_size', spec: { triton: { maxBatchSize: 4 } }, fill: '4',
    also: { preprocessing_instance_count: '4', postprocessing_instance_count: '4', bls_instance_count: '4' } },
  { param: 'decoupled_mode', spec: { streaming: true }, fill: 'true' },
  { param: 'triton_backend', spec: t({ backend: 'python' }), fill: 'python' },
  { param: 'batching_strategy', spec: t({ batchingStrategy: 'inflight_batching' }), fill: 'inflight_batching' },
  { param: 'batch_scheduler_policy', spec: t({ batchSchedulerPolicy: 'max_utilization' }), fill: 'max_utilization' },
  { param: 'max_queue_delay_microseconds', spec: t({ maxQueueDelayMicroseconds: 100 }), fill: '100' },
  { param: 'max_queue_size', spec: t({ maxQueueSize: 32 }), fill: '32' },
  { param: 'preprocessing_instance_count', spec: t({ instances: { preprocessing: 3 } }), fill: '3' },
  { param: 'postprocessing_instance_count', spec: t({ instances: { postprocessing: 3 } }), fill: '3' },
  { param: 'bls_instance_count', spec: t({ instances: { bls: 3 } }), fill: '3' },
  { param: 'exclude_input_in_output', spec: t({ excludeInputInOutput: false }), fill: 'false' },
  { param: 'max_beam_width', spec: { build: { maxBeamWidth: 4 }, triton: { maxBeamWidth: 2 } }, fill: '2' },
  { param: 'kv_cache_free_gpu_mem_fraction', spec: t({ kvCache: { freeGpuMemFraction: 0.5 } }), fill: '0.5' },
  { param: 'max_tokens_in_paged_kv_cache', spec: t({ kvCache: { maxTokens: 65536 } }), fill: '65536' },
  { param: 'kv_cache_host_memory_bytes', spec: t({ kvCache: { hostMemoryBytes: 1073741824 } }), fill: '1073741824' },
  { param: 'kv_cache_onboard_blocks', spec: t({ kvCache: { onboardBlocks: false } }), fill: 'false' },
  { param: 'cross_kv_cache_fraction', spec: t({ kvCache: { crossFraction: 0.5 } }), fill: '0.5' },
  { param: 'enable_kv_cache_reuse', spec: { prefixCaching: true }, fill: 'true' },
  { param: 'enable_chunked_context', spec: { build: { plugins: { usePagedContextFmha: true } }, triton: { enableChunkedContext: true } }, fill: 'true' },
  { param: 'max_attention_window_size', spec: t({ maxAttentionWindowSize: 4096 }), fill: '4096' },
  { param: 'sink_token_length', spec: t({ sinkTokenLength: 4 }), fill: '4' },
  { param: 'normalize_log_probs', spec: t({ normalizeLogProbs: false }), fill: 'false' },
  { param: 'gpu_device_ids', spec: t({ gpuDeviceIds: [0] }), fill: '0' },
  // ',' between the ids of one instance (';' would separate instances: parameter-semantics.json, participant_ids).
  { param: 'gpu_device_ids', label: 'tp 2', spec: { parallelism: { tp: 2, gpuIds: [0, 1] }, triton: { gpuDeviceIds: [0, 1] } }, fill: '0\\,1' },
  { param: 'gpu_device_ids', label: 'tp 2 × pp 2', spec: { parallelism: { tp: 2, pp: 2, gpuIds: [0, 1, 2, 3] }, triton: { gpuDeviceIds: [0, 1, 2, 3] } }, fill: '0\\,1\\,2\\,3' },
  { param: 'participant_ids', spec: t({ participantIds: [1] }), fill: '1' },
  { param: 'participant_ids', label: 'tp 2', spec: { parallelism: { tp: 2, gpuIds: [0, 1] }, triton: { participantIds: [1, 2] } }, fill: '1\\,2' },
  { param: 'decoding_mode', spec: t({ decodingMode: 'top_k' }), fill: 'top_k' },
  { param: 'medusa_choices', spec: t({ medusaChoices: '{0, 0, 0}, {0, 1}' }), fill: '{0\\, 0\\, 0}\\, {0\\, 1}' },
  { param: 'eagle_choices', spec: t({ eagleChoices: '{0, 0}, {0, 1}' }), fill: '{0\\, 0}\\, {0\\, 1}' },
  { param: 'gpu_weights_percent', spec: t({ gpuWeightsPercent: 0.5 }), fill: '0.5' },
  { param: 'enable_context_fmha_fp32_acc', spec: t({ enableContextFmhaFp32Acc: true }), fill: 'true' },
  { param: 'multi_block_mode', spec: t({ multiBlockMode: false }), fill: 'false' },
  { param: 'cuda_graph_mode', spec: t({ cudaGraphMode: true }), fill: 'true' },
  { param: 'cuda_graph_cache_size', spec: t({ cudaGraphCacheSize: 8 }), fill: '8' },
  { param: 'speculative_decoding_fast_logits', spec: t({ speculativeDecodingFastLogits: true }), fill: 'true' },
  { param: 'cancellation_check_period_ms', spec: t({ cancellationCheckPeriodMs: 50 }), fill: '50' },
  { param: 'stats_check_period_ms', spec: t({ statsCheckPeriodMs: 500 }), fill: '500' },
  { param: 'iter_stats_max_iterations', spec: t({ iterStatsMaxIterations: 10 }), fill: '10' },
  { param: 'request_stats_max_iterations', spec: t({ requestStatsMaxIterations: 10 }), fill: '10' },
  { param: 'lora_cache_optimal_adapter_size', spec: t({ lora: { cacheOptimalAdapterSize: 16 } }), fill: '16' },
  { param: 'lora_cache_max_adapter_size', spec: t({ lora: { cacheMaxAdapterSize: 128 } }), fill: '128' },
  { param: 'lora_cache_gpu_memory_fraction', spec: t({ lora: { cacheGpuMemoryFraction: 0.1 } }), fill: '0.1' },
  { param: 'lora_cache_host_memory_bytes', spec: t({ lora: { cacheHostMemoryBytes: 2147483648 } }), fill: '2147483648' },
  { param: 'logits_datatype', spec: t({ logitsDatatype: 'TYPE_FP16' }), fill: 'TYPE_FP16' },
  { param: 'encoder_input_features_data_type', spec: t({ encoderInputFeaturesDataType: 'TYPE_BF16' }), fill: 'TYPE_BF16' },
  { param: 'encoder_engine_dir', spec: t({ encoderEngineDir: '/trtforge/encoder' }), fill: '/trtforge/encoder' },
  { param: 'engine_dir', spec: { runtime: { paths: { engineDir: '/engines/qwen' } } }, fill: '/engines/qwen' },
  { param: 'tokenizer_dir', spec: { runtime: { paths: { tokenizerDir: '/tok/qwen' } } }, fill: '/tok/qwen' },
  { param: 'add_special_tokens', spec: t({ tokenizer: { addSpecialTokens: false } }), fill: 'false' },
  { param: 'skip_special_tokens', spec: t({ tokenizer: { skipSpecialTokens: false } }), fill: 'false' },
  // preprocessing reads gpt_model_path only for multimodal models, so trtforge fills it there only then.
  { param: 'visual_model_path', spec: t({ multimodal: { visualModelPath: '/trtforge/visual' } }), fill: '/trtforge/visual' },
  { param: 'max_num_images', spec: t({ multimodal: { maxNumImages: 2 } }), fill: '2' },
  { param: 'multimodal_encoders_name', spec: t({ multimodal: { encodersName: 'multimodal_encoders' } }), fill: 'multimodal_encoders' },
  { param: 'accumulate_tokens', spec: t({ bls: { accumulateTokens: true } }), fill: 'true' },
  { param: 'tensorrt_llm_model_name', spec: t({ bls: { tensorrtLlmModelName: 'trtllm_main' } }), fill: 'trtllm_main' },
  { param: 'tensorrt_llm_draft_model_name', spec: t({ bls: { draftModelName: 'trtllm_draft' } }), fill: 'trtllm_draft' },
  // 0.19.0: the multimodal path's new name, guided decoding, lookahead, LoRA prefetch, MPI nodes.
  { param: 'multimodal_model_path', spec: t({ multimodal: { modelPath: '/trtforge/visual' } }), fill: '/trtforge/visual' },
  { param: 'guided_decoding_backend', spec: t({ guidedDecoding: { backend: 'xgrammar' } }), fill: 'xgrammar' },
  { param: 'xgrammar_tokenizer_info_path', spec: t({ guidedDecoding: { xgrammarTokenizerInfoPath: '/trtforge/tokenizer/xgrammar.json' } }), fill: '/trtforge/tokenizer/xgrammar.json' },
  { param: 'lookahead_window_size', spec: t({ lookahead: { windowSize: 4 } }), fill: '4' },
  { param: 'lookahead_ngram_size', spec: t({ lookahead: { ngramSize: 3 } }), fill: '3' },
  { param: 'lookahead_verification_set_size', spec: t({ lookahead: { verificationSetSize: 2 } }), fill: '2' },
  { param: 'lora_prefetch_dir', spec: t({ lora: { prefetchDir: '/trtforge/lora' } }), fill: '/trtforge/lora' },
  { param: 'num_nodes', spec: t({ numNodes: 2 }), fill: '2' },
  // Static batching: every release's backend takes V1 (model_instance_state.cc getBatchingTypeFromParams).
  { param: 'batching_strategy', label: 'V1', spec: t({ batchingStrategy: 'V1' }), fill: 'V1' },
];

/** The base spec: fill_template values it implies, per model, stated independently of the compiler. */
const BASE = { name: 'PLACEHOLDER', source: { modelDir: '/models/x' }, build: { maxBatchSize: 8 }, triton: { maxBatchSize: 8, excludeInputInOutput: true } };
const BASE_FILL: Record<string, string> = {
  triton_max_batch_size: '8', decoupled_mode: 'false', triton_backend: 'tensorrtllm', batching_strategy: 'inflight_fused_batching',
  max_queue_delay_microseconds: '0', max_queue_size: '0', preprocessing_instance_count: '8', postprocessing_instance_count: '8',
  bls_instance_count: '8', logits_datatype: 'TYPE_FP32', encoder_input_features_data_type: 'TYPE_FP16',
  engine_dir: '/trtforge/engine', tokenizer_dir: '/trtforge/tokenizer', exclude_input_in_output: 'true',
};

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && typeof a[k] === 'object' ? merge(a[k] as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

const folderOf = (c: Case, version: string) =>
  `p-${version.replace(/\./g, '')}-${c.param.replace(/_/g, '-')}${c.label ? `-${c.label.replace(/[^a-zA-Z0-9]+/g, '-').toLowerCase()}` : ''}`;

describe('every template parameter is settable from the spec', () => {
  const dir = mkdtempSync(join(ROOT, 'test/golden/.tmp-params-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(requireShared);
  const write = (folder: string, spec: Record<string, unknown>) => {
    mkdirSync(join(dir, folder));
    const file = join(dir, folder, 'model.ts');
    writeFileSync(file, `import { defineModel } from '@trtforge/spec';\nexport default defineModel(${JSON.stringify(merge({ ...BASE, name: folder }, spec), null, 2)});\n`);
    return file;
  };

  it('the oracle covers exactly the releases the compiler supports', () => {
    expect(RELEASES.map((r) => r.version)).toEqual([...supportedBackendVersions()].sort());
  });

  it('sets every list parameter to a list of two or more elements', () => {
    // Lists per parameter-semantics.json: ids per instance, and Medusa/EAGLE choice trees.
    for (const param of ['gpu_device_ids', 'participant_ids', 'medusa_choices', 'eagle_choices']) {
      const longest = Math.max(...CASES.filter((c) => c.param === param).map((c) => parseSubstitutions(`${param}:${c.fill}`)[param]!.split(',').length));
      expect(longest, param).toBeGreaterThanOrEqual(2);
    }
  });

  describe.each(RELEASES.map((r) => ({ ...r, title: `tensorrtllm_backend ${r.version}` })))('$title', (release) => {
    const live = releasePlaceholders(release);
    const version = { runtime: { backendVersion: release.version } };

    it('covers every placeholder the five templates use (read from the templates)', () => {
      expect(live.size).toBeGreaterThan(40);
      expect([...new Set(CASES.filter((c) => live.has(c.param)).map((c) => c.param))].sort()).toEqual([...live].sort());
    });

    it.each(CASES.filter((c) => live.has(c.param)).map((c) => ({ ...c, title: c.label ? `${c.param} (${c.label})` : c.param })))('$title', (c) => {
      // GIVEN a spec on this release that sets only this parameter (plus what it needs)
      const file = write(folderOf(c, release.version), merge(version, c.spec));
      // WHEN it compiles
      const compiled = compiledConfigs(file);
      // THEN each model equals the release's template filled with the base values plus this one
      const values = { ...BASE_FILL, ...c.also, ...parseSubstitutions(`${c.param}:${c.fill}`) };
      for (const model of MODEL_NAMES) {
        const forModel = { ...values };
        if (model === 'preprocessing') {
          // preprocessing reads gpt_model_path only for multimodal models (visual_model_path, renamed multimodal_model_path in 0.19.0).
          if (!('visual_model_path' in values) && !('multimodal_model_path' in values)) delete forModel.engine_dir;
          // NVIDIA's preprocessing fill line gives no queue settings (v0.19.0 docs/llama_multi_instance.md:136), so 0.19.0's new
          // preprocessing dynamic_batching gets fill_template.py's injected 0s.
          delete forModel.max_queue_size;
          delete forModel.max_queue_delay_microseconds;
        }
        // tensorrt_llm takes tokenizer_dir (0.19.0) for guided decoding only (v0.19.0 docs/model_config.md:190-196).
        if (model === 'tensorrt_llm' && !('guided_decoding_backend' in values)) delete forModel.tokenizer_dir;
        expect(compiled[model], model).toEqual(filledReleaseTemplate(release, model, forModel));
      }
    });

    // A parameter of another release that this one lacks: the field is a located error, never dropped.
    const absent = CASES.filter((c) => !live.has(c.param) && !c.label);
    it.each(absent.map((c) => ({ ...c, title: `${c.param} (not in ${release.version})` })))('$title', (c) => {
      const file = write(folderOf(c, release.version), merge(version, c.spec));
      const errors = compileErrors(file);
      expect(errors.map((e) => e.code)).toContain('TRT188');
      for (const e of errors.filter((x) => x.code === 'TRT188')) expect(e.line).toBeGreaterThan(1);
    });
  });
});
