import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSecretEnvName, type ModelSpec } from '@trtforge/spec';
import { loadBackendData } from '../src/backend/backend-data.js';
import { RULES } from '../src/lints/catalogue.js';
import type { LintFinding } from '../src/lints/rule.js';
import { containerPathProblem } from '../src/lints/rules/hardening/container-paths.js';
import { isPlainText, quote, specStrings } from '../src/lints/rules/hardening/spec-strings.js';
import { checkWorkspace } from '../src/lints/rules/workspace-identity.js';
import { RecordingHost } from '../src/host/host-facts.js';
import { resolve } from '../src/resolve/resolve.js';

/*
 * Every rule, in process, at the edges of its condition. Each case is written from the rule's
 * documented trap (docs/lints.md, the upstream issue it cites), not from the rule's own examples:
 * the expected field paths are stated here; the messages and hints are pinned in the snapshot
 * next to this file (review a snapshot change like any other diff).
 *
 * The base spec is docs/lints.md's: `{ name: 'qwen', source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' } }`,
 * with trtllm-build 0.17's defaults (max_batch_size 2048, max_input_len 1024, max_num_tokens 8192,
 * tokens_per_block 64, max_beam_width 1) and the backend's (kv fraction 0.9, guaranteed_no_evict).
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const merge = (base: Json, over: Json): Json => {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isObject(v) && isObject(out[k]) ? merge(out[k] as Json, v) : v;
  return out;
};

const BASE = { name: 'qwen', source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' } };
const backend = loadBackendData('0.17.0');

const rule = (id: string) => {
  const found = RULES.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
};
const resolveFragment = (fragment: object) => resolve(merge(structuredClone(BASE), fragment as Json) as unknown as ModelSpec);

function findings(id: string, fragment: object, folder = 'qwen', root?: string): LintFinding[] {
  return rule(id).check({ spec: resolveFragment(fragment), backend, folder, host: new RecordingHost(), ...(root === undefined ? {} : { root }) });
}

/** A repository rule over several specs (name → fragment onto the base spec): the findings, per spec name. */
function repositoryFindings(id: string, specs: Record<string, object>): Array<{ name: string; finding: LintFinding }> {
  const checkRepository = rule(id).checkRepository;
  if (!checkRepository) throw new Error(`${id} is not a repository rule`);
  return checkRepository(Object.entries(specs).map(([name, fragment]) => ({ name, spec: resolveFragment({ ...fragment, name }) })));
}

type Case = [id: string, what: string, fragment: object, paths: string[]];
/** Repository rules: the specs compiled together (name → fragment), and the expected `<name>:<path>` findings. */
type RepositoryCase = [id: string, what: string, specs: Record<string, object>, found: string[]];
/** Workspace rules: the files next to models/qwen/model.ts, and the expected `<file>:<line>:<path>` findings. */
type WorkspaceCase = [id: string, what: string, files: Record<string, string>, found: string[]];
const HF_TOKEN_SHAPE = `hf_${'x'.repeat(34)}`;
const sp = (plugins: object, rest: object = {}) => ({ build: { plugins, ...rest } });

const CASES: Case[] = [
  ['TRT020', 'name equals the folder', {}, []],
  ['TRT020', 'name differs from the folder', { name: 'other' }, ['name']],

  ['TRT101', 'no max_seq_len', {}, []],
  ['TRT101', 'max_seq_len = max_input_len', { build: { maxInputLen: 1024, maxSeqLen: 1024 } }, ['build.maxSeqLen']],
  ['TRT101', 'max_seq_len = max_input_len + 1', { build: { maxInputLen: 1024, maxSeqLen: 1025 } }, []],
  ['TRT101', 'max_seq_len below the default max_input_len', { build: { maxSeqLen: 512 } }, ['build.maxSeqLen']],

  ['TRT102', 'one instance count one below the batch', { streaming: true, triton: { maxBatchSize: 4, instances: { preprocessing: 3, postprocessing: 4, bls: 5 } } }, ['triton.instances.preprocessing']],
  ['TRT102', 'post and bls below the batch', { streaming: true, triton: { maxBatchSize: 4, instances: { postprocessing: 1, bls: 1 } } }, ['triton.instances.postprocessing', 'triton.instances.bls']],
  ['TRT102', 'not decoupled', { triton: { maxBatchSize: 4, instances: { preprocessing: 1 } } }, []],

  ['TRT103', 'continuous KV with the default in-flight batching', { build: { kvCacheType: 'continuous' } }, ['build.kvCacheType']],
  ['TRT103', 'disabled KV with inflight_batching', { triton: { batchingStrategy: 'inflight_batching' }, build: { kvCacheType: 'disabled' } }, ['build.kvCacheType']],
  ['TRT103', 'continuous KV with V1 batching', { triton: { batchingStrategy: 'v1' }, build: { kvCacheType: 'continuous' } }, []],
  ['TRT103', 'paged KV', {}, []],

  ['TRT104', 'reuse without paged context FMHA', { triton: { kvCache: { enableReuse: true } } }, ['triton.kvCache.enableReuse']],
  ['TRT104', 'reuse with paged context FMHA', { triton: { kvCache: { enableReuse: true } }, ...sp({ usePagedContextFmha: true }) }, []],
  ['TRT104', 'prefixCaching with FMHA switched off (TRT108 reports it)', { prefixCaching: true, ...sp({ usePagedContextFmha: false }) }, []],
  ['TRT104', 'reuse off', { triton: { kvCache: { enableReuse: false } } }, []],

  ['TRT105', 'triton batch one above the engine', { build: { maxBatchSize: 4 }, triton: { maxBatchSize: 5 } }, ['triton.maxBatchSize']],
  ['TRT105', 'triton batch equal to the engine', { build: { maxBatchSize: 4 }, triton: { maxBatchSize: 4 } }, []],
  ['TRT105', 'triton batch above the default engine batch', { triton: { maxBatchSize: 4096 } }, ['triton.maxBatchSize']],

  ['TRT106', 'tp 2 on two GPUs', { parallelism: { tp: 2, gpuIds: [0, 1] } }, []],
  ['TRT106', 'tp 2 × pp 2 on two GPUs', { parallelism: { tp: 2, pp: 2, gpuIds: [0, 1] } }, ['parallelism.gpuIds']],
  ['TRT106', 'one GPU listed twice', { parallelism: { tp: 2, gpuIds: [3, 3] } }, ['parallelism.gpuIds']],
  ['TRT106', 'no GPU', { parallelism: { tp: 1, gpuIds: [] } }, ['parallelism.gpuIds']],
  ['TRT106', 'wrong count and duplicates', { parallelism: { tp: 4, gpuIds: [0, 0, 1, 1, 1] } }, ['parallelism.gpuIds', 'parallelism.gpuIds']],

  ['TRT107', 'streaming true, decoupled false', { streaming: true, triton: { decoupled: false } }, ['triton.decoupled']],
  ['TRT107', 'streaming false, decoupled true', { streaming: false, triton: { decoupled: true } }, ['triton.decoupled']],
  ['TRT107', 'both true', { streaming: true, triton: { decoupled: true } }, []],
  ['TRT107', 'only decoupled', { triton: { decoupled: true } }, []],
  ['TRT107', 'only streaming', { streaming: true }, []],

  ['TRT108', 'prefixCaching with paged context FMHA off', { prefixCaching: true, ...sp({ usePagedContextFmha: false }) }, ['build.plugins.usePagedContextFmha']],
  ['TRT108', 'prefixCaching false with paged context FMHA off', { prefixCaching: false, ...sp({ usePagedContextFmha: false }) }, []],
  ['TRT108', 'prefixCaching true, reuse false', { prefixCaching: true, triton: { kvCache: { enableReuse: false } } }, ['triton.kvCache.enableReuse']],
  ['TRT108', 'prefixCaching false, reuse true', { prefixCaching: false, triton: { kvCache: { enableReuse: true } } }, ['triton.kvCache.enableReuse']],
  ['TRT108', 'prefixCaching and reuse agree', { prefixCaching: true, triton: { kvCache: { enableReuse: true } } }, []],
  ['TRT108', 'no prefixCaching', { triton: { kvCache: { enableReuse: true } }, ...sp({ usePagedContextFmha: false }) }, []],

  ['TRT109', 'max_input_len contradicts the context budget', { context: { maxInputTokens: 2048, maxOutputTokens: 512 }, build: { maxInputLen: 1024 } }, ['build.maxInputLen']],
  ['TRT109', 'max_seq_len contradicts the context budget', { context: { maxInputTokens: 2048, maxOutputTokens: 512 }, build: { maxSeqLen: 2561 } }, ['build.maxSeqLen']],
  ['TRT109', 'both agree', { context: { maxInputTokens: 2048, maxOutputTokens: 512 }, build: { maxInputLen: 2048, maxSeqLen: 2560 } }, []],
  ['TRT109', 'no context', { build: { maxInputLen: 5 } }, []],

  ['TRT110', 'exclude_input_in_output unset', {}, ['triton']],
  ['TRT110', 'set to false on purpose', { triton: { excludeInputInOutput: false } }, []],
  ['TRT110', 'the OpenAI frontend (TRT111 owns it)', { serve: { mode: 'openai' } }, []],

  ['TRT111', 'openai without exclude_input_in_output', { serve: { mode: 'openai' } }, ['serve.mode']],
  ['TRT111', 'openai with exclude_input_in_output false', { serve: { mode: 'openai' }, triton: { excludeInputInOutput: false } }, ['triton.excludeInputInOutput']],
  ['TRT111', 'openai with exclude_input_in_output true', { serve: { mode: 'openai' }, triton: { excludeInputInOutput: true } }, []],
  ['TRT111', 'triton mode with the echo on', { triton: { excludeInputInOutput: false } }, []],

  ['TRT112', 'queue one below the batch', { triton: { maxBatchSize: 8, maxQueueSize: 7 } }, ['triton.maxQueueSize']],
  ['TRT112', 'queue equal to the batch', { triton: { maxBatchSize: 8, maxQueueSize: 8 } }, []],
  ['TRT112', 'unbounded queue', { triton: { maxBatchSize: 8, maxQueueSize: 0 } }, []],

  ['TRT113', 'Qwen without skip_special_tokens', { triton: { tokenizer: { skipSpecialTokens: false } } }, ['triton.tokenizer.skipSpecialTokens']],
  ['TRT113', 'Qwen with skip_special_tokens', { triton: { tokenizer: { skipSpecialTokens: true } } }, []],
  ['TRT113', 'add_special_tokens has no Qwen preset', { triton: { tokenizer: { addSpecialTokens: false } } }, []],

  ['TRT114', 'the pinned image', {}, []],
  ['TRT114', 'another Triton release', { runtime: { image: 'nvcr.io/nvidia/tritonserver:24.08-trtllm-python-py3' } }, ['runtime.image']],
  ['TRT114', 'an unknown image', { runtime: { image: 'registry.local/my-triton:latest' } }, ['runtime.image']],
  ['TRT114', 'the right release, a different tag', { runtime: { image: 'nvcr.io/nvidia/tritonserver:25.01-trtllm-python-py3-custom' } }, ['runtime.image']],

  ['TRT115', 'max_num_tokens not a block multiple', { build: { maxNumTokens: 8100 } }, ['build.maxNumTokens']],
  ['TRT115', 'a multiple of a 32-token block', { build: { maxNumTokens: 8192, tokensPerBlock: 32 } }, []],
  ['TRT115', 'continuous KV has no blocks', { build: { maxNumTokens: 8100, kvCacheType: 'continuous' } }, []],

  ['TRT116', 'max_num_tokens below max_input_len', { build: { maxInputLen: 16384, maxNumTokens: 8192 } }, ['build.maxNumTokens']],
  ['TRT116', 'equal', { build: { maxInputLen: 8192, maxNumTokens: 8192 } }, []],
  ['TRT116', 'chunked context', { build: { maxInputLen: 16384, maxNumTokens: 8192 }, triton: { enableChunkedContext: true } }, []],
  ['TRT116', 'no padding removal (TRT117)', { ...sp({ removeInputPadding: false }, { maxInputLen: 16384, maxNumTokens: 8192 }) }, []],
  ['TRT116', 'no context FMHA (TRT117)', { ...sp({ contextFmha: false }, { maxInputLen: 16384, maxNumTokens: 8192 }) }, []],

  ['TRT117', 'token limits without padding removal', { ...sp({ removeInputPadding: false }, { maxNumTokens: 4096, optNumTokens: 1024 }) }, ['build.maxNumTokens', 'build.optNumTokens']],
  ['TRT117', 'opt_num_tokens without padding removal', { ...sp({ removeInputPadding: false }, { optNumTokens: 1024 }) }, ['build.optNumTokens']],
  ['TRT117', 'no padding removal, no limits written', { ...sp({ removeInputPadding: false }) }, []],
  ['TRT117', 'max_num_tokens above batch × seq', { build: { maxBatchSize: 2, maxSeqLen: 1000, maxInputLen: 500, maxNumTokens: 2048 } }, ['build.maxNumTokens']],
  ['TRT117', 'max_num_tokens equal to batch × seq', { build: { maxBatchSize: 2, maxSeqLen: 1024, maxInputLen: 512, maxNumTokens: 2048 } }, []],
  ['TRT117', 'below max_input_len without context FMHA', { ...sp({ contextFmha: false }, { maxInputLen: 4096, maxNumTokens: 2048 }) }, ['build.maxNumTokens']],
  ['TRT117', 'equal to max_input_len without context FMHA', { ...sp({ contextFmha: false }, { maxInputLen: 2048, maxNumTokens: 2048 }) }, []],
  ['TRT117', 'opt above the default max', { build: { optNumTokens: 8193 } }, ['build.optNumTokens']],
  ['TRT117', 'opt equal to the max', { build: { optNumTokens: 8192 } }, []],
  ['TRT117', 'opt judged against the raised max', { ...sp({ contextFmha: false }, { maxInputLen: 4096, maxNumTokens: 2048, optNumTokens: 3000 }) }, ['build.maxNumTokens']],
  ['TRT117', 'opt judged against the clamped max', { build: { maxBatchSize: 1, maxSeqLen: 2048, maxInputLen: 1024, maxNumTokens: 4096, optNumTokens: 3000 } }, ['build.maxNumTokens', 'build.optNumTokens']],

  ['TRT118', 'runtime beams above the default engine beams', { triton: { maxBeamWidth: 2 } }, ['triton.maxBeamWidth']],
  ['TRT118', 'equal', { build: { maxBeamWidth: 2 }, triton: { maxBeamWidth: 2 } }, []],
  ['TRT118', 'unset', {}, []],

  ['TRT119', 'no decoding mode', {}, []],
  ['TRT119', 'beam search with the default beam width', { triton: { decodingMode: 'beam_search' } }, ['triton.decodingMode']],
  ['TRT119', 'beam search with beam width 1 written', { triton: { decodingMode: 'beam_search', maxBeamWidth: 1 } }, ['triton.decodingMode']],
  ['TRT119', 'beam search with 2 beams', { triton: { decodingMode: 'beam_search', maxBeamWidth: 2 }, build: { maxBeamWidth: 2 } }, []],
  ['TRT119', 'medusa on a plain engine', { triton: { decodingMode: 'medusa' } }, ['triton.decodingMode']],
  ['TRT119', 'medusa on a medusa engine', { triton: { decodingMode: 'medusa' }, build: { speculative: { speculativeDecodingMode: 'medusa' } } }, []],
  ['TRT119', 'lookahead on a medusa engine', { triton: { decodingMode: 'lookahead' }, build: { speculative: { speculativeDecodingMode: 'medusa' } } }, ['triton.decodingMode']],
  ['TRT119', 'lookahead on a lookahead engine', { triton: { decodingMode: 'lookahead' }, build: { speculative: { speculativeDecodingMode: 'lookahead_decoding' } } }, []],
  ['TRT119', 'redrafter on an explicit-draft engine', { triton: { decodingMode: 'redrafter' }, build: { speculative: { speculativeDecodingMode: 'explicit_draft_tokens' } } }, []],
  ['TRT119', 'eagle on a plain engine', { triton: { decodingMode: 'eagle' } }, ['triton.decodingMode']],
  ['TRT119', 'eagle on an eagle engine', { triton: { decodingMode: 'eagle' }, build: { speculative: { speculativeDecodingMode: 'eagle' } } }, []],
  ['TRT119', 'a sampling mode', { triton: { decodingMode: 'top_k' } }, []],

  ['TRT120', 'chunked context without paged context FMHA', { triton: { enableChunkedContext: true } }, ['triton.enableChunkedContext']],
  ['TRT120', 'and without a paged KV cache', { triton: { enableChunkedContext: true }, build: { kvCacheType: 'continuous' } }, ['triton.enableChunkedContext', 'triton.enableChunkedContext']],
  ['TRT120', 'with paged context FMHA', { triton: { enableChunkedContext: true }, ...sp({ usePagedContextFmha: true }) }, []],
  ['TRT120', 'chunked context off', { triton: { enableChunkedContext: false }, build: { kvCacheType: 'continuous' } }, []],

  ['TRT121', 'int8 KV without paged context FMHA', { convert: { int8KvCache: true } }, []],
  ['TRT121', 'int8 KV with prefix caching', { prefixCaching: true, convert: { int8KvCache: true } }, ['convert.int8KvCache']],
  ['TRT121', 'StreamingLLM with paged context FMHA', { ...sp({ usePagedContextFmha: true, streamingllm: true }) }, ['build.plugins.streamingllm']],
  ['TRT121', 'sink tokens with paged context FMHA', { ...sp({ usePagedContextFmha: true }), triton: { sinkTokenLength: 4 } }, ['triton.sinkTokenLength']],
  ['TRT121', 'zero sink tokens', { ...sp({ usePagedContextFmha: true }), triton: { sinkTokenLength: 0 } }, []],
  ['TRT121', 'all three with prefix caching', { prefixCaching: true, convert: { int8KvCache: true }, ...sp({ streamingllm: true }), triton: { sinkTokenLength: 1 } }, ['convert.int8KvCache', 'build.plugins.streamingllm', 'triton.sinkTokenLength']],

  ['TRT122', 'trtllm-serve with paged context FMHA, reuse undecided', { serve: { mode: 'trtllm-serve' }, ...sp({ usePagedContextFmha: true }) }, ['build.plugins.usePagedContextFmha']],
  ['TRT122', 'trtllm-serve with prefix caching', { serve: { mode: 'trtllm-serve' }, prefixCaching: true }, []],
  ['TRT122', 'trtllm-serve, reuse turned off', { serve: { mode: 'trtllm-serve' }, ...sp({ usePagedContextFmha: true }), triton: { kvCache: { enableReuse: false } } }, ['build.plugins.usePagedContextFmha']],
  ['TRT122', 'trtllm-serve, prefixCaching false', { serve: { mode: 'trtllm-serve' }, prefixCaching: false, ...sp({ usePagedContextFmha: true }) }, ['build.plugins.usePagedContextFmha']],
  ['TRT122', 'trtllm-serve, reuse on', { serve: { mode: 'trtllm-serve' }, ...sp({ usePagedContextFmha: true }), triton: { kvCache: { enableReuse: true } } }, []],
  ['TRT122', 'triton mode', { ...sp({ usePagedContextFmha: true }) }, []],
  ['TRT122', 'trtllm-serve without paged context FMHA', { serve: { mode: 'trtllm-serve' } }, []],

  ['TRT123', 'fraction above 0.95', { triton: { kvCache: { freeGpuMemFraction: 0.96 } } }, ['triton.kvCache.freeGpuMemFraction']],
  ['TRT123', 'fraction 0.95', { triton: { kvCache: { freeGpuMemFraction: 0.95 } } }, []],
  ['TRT123', 'backend default', {}, []],

  ['TRT124', 'draft model with the backend default fraction', { triton: { bls: { draftModelName: 'draft' } } }, ['triton.bls.draftModelName']],
  ['TRT124', 'draft model with fraction 0.6', { triton: { bls: { draftModelName: 'draft' }, kvCache: { freeGpuMemFraction: 0.6 } } }, ['triton.kvCache.freeGpuMemFraction']],
  ['TRT124', 'draft model with fraction 0.5', { triton: { bls: { draftModelName: 'draft' }, kvCache: { freeGpuMemFraction: 0.5 } } }, []],
  ['TRT124', 'no draft model', { triton: { kvCache: { freeGpuMemFraction: 0.9 } } }, []],

  ['TRT125', 'no cap', {}, []],
  ['TRT125', 'cap one token below max_seq_len', { build: { maxSeqLen: 4096 }, triton: { kvCache: { maxTokens: 4095 } } }, ['triton.kvCache.maxTokens']],
  ['TRT125', 'cap equal to max_seq_len', { build: { maxSeqLen: 4096 }, triton: { kvCache: { maxTokens: 4096 } } }, []],
  ['TRT125', 'cap equal to max_seq_len but not to whole blocks', { build: { maxSeqLen: 4000 }, triton: { kvCache: { maxTokens: 4000 } } }, ['triton.kvCache.maxTokens']],
  ['TRT125', 'no max_seq_len: below max_input_len + 1 in blocks', { triton: { kvCache: { maxTokens: 1087 } } }, ['triton.kvCache.maxTokens']],
  ['TRT125', 'no max_seq_len: exactly max_input_len + 1 in blocks', { triton: { kvCache: { maxTokens: 1088 } } }, []],

  ['TRT126', 'room for 4 of 16 full requests', { build: { maxBatchSize: 16, maxSeqLen: 4096 }, triton: { kvCache: { maxTokens: 16384 } } }, ['triton.kvCache.maxTokens']],
  ['TRT126', 'room for 15 of 16', { build: { maxBatchSize: 16, maxSeqLen: 4096 }, triton: { kvCache: { maxTokens: 65535 } } }, ['triton.kvCache.maxTokens']],
  ['TRT126', 'room for all 16', { build: { maxBatchSize: 16, maxSeqLen: 4096 }, triton: { kvCache: { maxTokens: 65536 } } }, []],
  ['TRT126', 'written guaranteed_no_evict', { build: { maxBatchSize: 16, maxSeqLen: 4096 }, triton: { batchSchedulerPolicy: 'guaranteed_no_evict', kvCache: { maxTokens: 16384 } } }, ['triton.kvCache.maxTokens']],
  ['TRT126', 'max_utilization', { build: { maxBatchSize: 16, maxSeqLen: 4096 }, triton: { batchSchedulerPolicy: 'max_utilization', kvCache: { maxTokens: 16384 } } }, []],
  ['TRT126', 'cap below one request (TRT125)', { build: { maxBatchSize: 16, maxSeqLen: 4096 }, triton: { kvCache: { maxTokens: 2048 } } }, []],
  ['TRT126', 'cap of exactly one request', { build: { maxBatchSize: 16, maxSeqLen: 4096 }, triton: { kvCache: { maxTokens: 4096 } } }, ['triton.kvCache.maxTokens']],
  ['TRT126', 'no max_seq_len', { build: { maxBatchSize: 16 }, triton: { kvCache: { maxTokens: 2048 } } }, []],

  ['TRT127', 'logical ids', { parallelism: { tp: 2, gpuIds: [4, 5] }, triton: { gpuDeviceIds: [0, 1] } }, []],
  ['TRT127', 'host ids of parallelism.gpuIds are renumbered (TRT143)', { parallelism: { tp: 2, gpuIds: [4, 5] }, triton: { gpuDeviceIds: [4, 5] } }, []],
  ['TRT127', 'host ids the step does not see', { parallelism: { tp: 2, gpuIds: [4, 5] }, triton: { gpuDeviceIds: [6, 7] } }, ['triton.gpuDeviceIds']],
  ['TRT127', 'one host id of parallelism.gpuIds, one it does not see', { parallelism: { tp: 2, gpuIds: [4, 5] }, triton: { gpuDeviceIds: [4, 6] } }, ['triton.gpuDeviceIds']],
  ['TRT127', 'too few ids', { parallelism: { tp: 2, gpuIds: [0, 1] }, triton: { gpuDeviceIds: [0] } }, ['triton.gpuDeviceIds']],
  ['TRT127', 'id equal to the world size', { parallelism: { tp: 2, gpuIds: [0, 1] }, triton: { gpuDeviceIds: [0, 2] } }, ['triton.gpuDeviceIds']],
  ['TRT127', 'too few participants', { parallelism: { tp: 2, gpuIds: [0, 1] }, triton: { participantIds: [1] } }, ['triton.participantIds']],
  ['TRT127', 'one participant per rank', { parallelism: { tp: 2, gpuIds: [0, 1] }, triton: { participantIds: [1, 2] } }, []],

  ['TRT128', 'FP16 engine logits, default FP32 runtime type', { build: { logits: { logitsDtype: 'float16' } } }, ['triton.logitsDatatype']],
  ['TRT128', 'FP16 both', { build: { logits: { logitsDtype: 'float16' } }, triton: { logitsDatatype: 'TYPE_FP16' } }, []],
  ['TRT128', 'FP32 engine, FP16 runtime', { build: { logits: { logitsDtype: 'float32' } }, triton: { logitsDatatype: 'TYPE_FP16' } }, ['triton.logitsDatatype']],
  ['TRT128', 'FP32 both (default)', { build: { logits: { logitsDtype: 'float32' } } }, []],
  ['TRT128', 'BF16 on the C++ backend', { triton: { logitsDatatype: 'TYPE_BF16' } }, ['triton.logitsDatatype']],
  ['TRT128', 'BF16 on the python backend', { triton: { logitsDatatype: 'TYPE_BF16', backend: 'python' } }, []],

  ['TRT129', 'context logits at the default max_num_tokens', { build: { logits: { gatherContextLogits: true } } }, ['build.logits.gatherContextLogits']],
  ['TRT129', 'all-token logits', { build: { logits: { gatherAllTokenLogits: true } } }, ['build.logits.gatherAllTokenLogits']],
  ['TRT129', 'just below 1 GiB (1766 tokens × 151936 × 4 B)', { build: { logits: { gatherContextLogits: true }, maxNumTokens: 1766 } }, []],
  ['TRT129', 'just above 1 GiB (1767 tokens)', { build: { logits: { gatherContextLogits: true }, maxNumTokens: 1767 } }, ['build.logits.gatherContextLogits']],
  ['TRT129', 'no logits gathered', {}, []],

  ['TRT130', 'draft model on a plain engine', { triton: { bls: { draftModelName: 'draft' } } }, ['triton.bls.draftModelName', 'triton.bls.draftModelName']],
  ['TRT130', 'draft model on a medusa engine without draft length', { triton: { bls: { draftModelName: 'd' } }, build: { speculative: { speculativeDecodingMode: 'medusa', maxDraftLen: 0 } } }, ['build.speculative.speculativeDecodingMode', 'build.speculative.maxDraftLen']],
  ['TRT130', 'draft model on a draft engine', { triton: { bls: { draftModelName: 'd' } }, build: { speculative: { speculativeDecodingMode: 'draft_tokens_external', maxDraftLen: 1 } } }, []],
  ['TRT130', 'no draft model', { build: { speculative: { speculativeDecodingMode: 'medusa' } } }, []],

  ['TRT131', 'draft model with streaming', { streaming: true, triton: { bls: { draftModelName: 'd' } } }, ['triton.bls.draftModelName']],
  ['TRT131', 'draft model without streaming', { triton: { bls: { draftModelName: 'd' } } }, []],
  ['TRT131', 'streaming without draft model', { streaming: true }, []],

  ['TRT132', 'accumulate without streaming', { triton: { bls: { accumulateTokens: true } } }, ['triton.bls.accumulateTokens']],
  ['TRT132', 'accumulate with streaming', { streaming: true, triton: { bls: { accumulateTokens: true } } }, []],
  ['TRT132', 'accumulate off', { triton: { bls: { accumulateTokens: false } } }, []],

  ['TRT133', 'trtllm-serve ignores max_queue_size', { serve: { mode: 'trtllm-serve' }, triton: { maxQueueSize: 64 } }, ['serve.mode']],
  ['TRT133', 'the KV fraction is passed', { serve: { mode: 'trtllm-serve' }, triton: { kvCache: { freeGpuMemFraction: 0.8 } } }, []],
  ['TRT133', 'from an engine, build options do not matter', { serve: { mode: 'trtllm-serve' }, build: { maxBatchSize: 8, maxInputLen: 512 } }, []],
  ['TRT133', 'from HF, build and convert options it lacks', { serve: { mode: 'trtllm-serve', trtllmServeFrom: 'hf' }, build: { maxBatchSize: 8, maxInputLen: 512 }, convert: { dtype: 'float16' } }, ['serve.mode']],
  ['TRT133', 'from a checkpoint, convert options do not matter', { serve: { mode: 'trtllm-serve', trtllmServeFrom: 'checkpoint' }, convert: { dtype: 'float16' }, build: { maxSeqLen: 2048 } }, []],
  ['TRT133', 'a list is one setting', { serve: { mode: 'trtllm-serve' }, triton: { gpuDeviceIds: [0] } }, ['serve.mode']],
  ['TRT133', 'triton mode', { triton: { maxQueueSize: 64 } }, []],

  ['TRT134', 'one request beyond batch + queue', { triton: { maxBatchSize: 8, maxQueueSize: 8 }, bench: { concurrency: 17 } }, ['bench.concurrency']],
  ['TRT134', 'exactly batch + queue', { triton: { maxBatchSize: 8, maxQueueSize: 8 }, bench: { concurrency: 16 } }, []],
  ['TRT134', 'unbounded queue', { triton: { maxBatchSize: 8 }, bench: { concurrency: 64 } }, []],
  ['TRT134', 'trtllm-serve has no Triton queue', { serve: { mode: 'trtllm-serve' }, triton: { maxBatchSize: 8, maxQueueSize: 8 }, bench: { concurrency: 64 } }, []],

  ['TRT135', 'derived bench lengths fit', { build: { maxInputLen: 100 } }, []],
  ['TRT135', 'prompt one token too long', { build: { maxInputLen: 100 }, bench: { inputTokens: 101 } }, ['bench.inputTokens']],
  ['TRT135', 'prompt + answer = max_seq_len', { context: { maxInputTokens: 1024, maxOutputTokens: 512 }, bench: { inputTokens: 1000, outputTokens: 536 } }, []],
  ['TRT135', 'one token over max_seq_len', { context: { maxInputTokens: 1024, maxOutputTokens: 512 }, bench: { inputTokens: 1000, outputTokens: 537 } }, ['bench.outputTokens']],

  ['TRT140', 'beam width at kMaxBeamWidth', { build: { maxBeamWidth: 1024 } }, []],
  ['TRT140', 'beam width one above kMaxBeamWidth', { build: { maxBeamWidth: 1025 } }, ['build.maxBeamWidth']],
  ['TRT140', 'a triton batch of int32 max, instances written', { triton: { maxBatchSize: 2147483647, instances: { preprocessing: 1, postprocessing: 1, bls: 1 } } }, []],
  ['TRT140', 'a triton batch one above int32, instances written', { triton: { maxBatchSize: 2147483648, instances: { preprocessing: 1, postprocessing: 1, bls: 1 } } }, ['triton.maxBatchSize']],
  ['TRT140', 'an engine batch above int32 makes the triton batch and every instance count too big', { build: { maxBatchSize: 2147483648 } }, ['build.maxBatchSize', 'build.maxBatchSize', 'build.maxBatchSize', 'build.maxBatchSize']],
  ['TRT140', 'a triton batch above int32 makes the instance counts too big', { triton: { maxBatchSize: 2147483648 } }, ['triton.maxBatchSize', 'triton.maxBatchSize', 'triton.maxBatchSize', 'triton.maxBatchSize']],
  ['TRT140', 'queue size at uint32 max', { triton: { maxQueueSize: 4294967295 } }, []],
  ['TRT140', 'queue size one above uint32', { triton: { maxQueueSize: 4294967296 } }, ['triton.maxQueueSize']],
  ['TRT140', 'KV token cap one above int32 (std::stoi)', { triton: { kvCache: { maxTokens: 2147483648 } } }, ['triton.kvCache.maxTokens']],
  ['TRT140', 'EAGLE engine at 512 requests and 256 draft tokens', { build: { maxBatchSize: 512, speculative: { speculativeDecodingMode: 'eagle', maxDraftLen: 256 } } }, []],
  ['TRT140', 'EAGLE engine at 513 requests and 257 draft tokens', { build: { maxBatchSize: 513, speculative: { speculativeDecodingMode: 'eagle', maxDraftLen: 257 } } }, ['build.maxBatchSize', 'build.speculative.maxDraftLen']],
  ['TRT140', 'the EAGLE limits do not apply to medusa', { build: { maxBatchSize: 513, speculative: { speculativeDecodingMode: 'medusa', maxDraftLen: 257 } } }, []],

  ['TRT141', 'the default 64', {}, []],
  ['TRT141', '1 is a power of two', { build: { tokensPerBlock: 1 } }, []],
  ['TRT141', '48', { build: { tokensPerBlock: 48 } }, ['build.tokensPerBlock']],
  ['TRT141', '65, one above a power of two', { build: { tokensPerBlock: 65 } }, ['build.tokensPerBlock']],
  ['TRT141', '0', { build: { tokensPerBlock: 0 } }, ['build.tokensPerBlock']],

  ['TRT142', 'the largest batch whose block table fits (16 blocks of 64 for 1024 tokens)', { build: { maxBatchSize: 67108864 } }, []],
  ['TRT142', 'one request more', { build: { maxBatchSize: 67108865 } }, ['build.maxBatchSize']],
  ['TRT142', 'beams multiply the batch: at the limit', { build: { maxBatchSize: 16777216, maxBeamWidth: 4 } }, []],
  ['TRT142', 'beams multiply the batch: one request more', { build: { maxBatchSize: 16777217, maxBeamWidth: 4 } }, ['build.maxBatchSize']],
  ['TRT142', 'the longest sequence whose block table fits the default batch (524416 blocks)', { build: { maxSeqLen: 33562624 } }, []],
  ['TRT142', 'one block more per sequence', { build: { maxSeqLen: 33562625 } }, ['build.maxSeqLen']],
  ['TRT142', 'continuous KV has no block table', { build: { maxBatchSize: 67108865, kvCacheType: 'continuous' } }, []],

  ['TRT143', 'host ids that are parallelism.gpuIds', { parallelism: { tp: 2, gpuIds: [4, 5] }, triton: { gpuDeviceIds: [4, 5] } }, ['triton.gpuDeviceIds']],
  ['TRT143', 'host ids in another order', { parallelism: { tp: 2, gpuIds: [4, 5] }, triton: { gpuDeviceIds: [5, 4] } }, ['triton.gpuDeviceIds']],
  ['TRT143', 'one host id above the world size', { parallelism: { tp: 2, gpuIds: [1, 2] }, triton: { gpuDeviceIds: [1, 2] } }, ['triton.gpuDeviceIds']],
  ['TRT143', 'logical ids', { parallelism: { tp: 2, gpuIds: [4, 5] }, triton: { gpuDeviceIds: [0, 1] } }, []],
  ['TRT143', 'host ids that are also logical ids stay as written', { parallelism: { tp: 2, gpuIds: [0, 1] }, triton: { gpuDeviceIds: [1, 0] } }, []],
  ['TRT143', 'ids the step does not see (TRT127)', { parallelism: { tp: 2, gpuIds: [4, 5] }, triton: { gpuDeviceIds: [6, 7] } }, []],
  ['TRT143', 'no gpuDeviceIds', { parallelism: { tp: 2, gpuIds: [4, 5] } }, []],

  ['TRT145', 'the default ports', {}, []],
  ['TRT145', 'grpc on the default http port', { serve: { ports: { grpc: 8000 } } }, ['serve.ports.grpc']],
  ['TRT145', 'http on the default grpc port: the written one is blamed', { serve: { ports: { http: 8001 } } }, ['serve.ports.http']],
  ['TRT145', 'all three on one port', { serve: { ports: { http: 9000, grpc: 9000, metrics: 9000 } } }, ['serve.ports.grpc', 'serve.ports.metrics']],
  ['TRT145', 'metrics one above the others', { serve: { ports: { metrics: 8003 } } }, []],
  ['TRT145', 'the openai port is not tritonserver’s', { serve: { ports: { openai: 8000 } } }, []],
  ['TRT145', 'checked whatever serve.mode says', { serve: { mode: 'openai', ports: { metrics: 8000 } } }, ['serve.ports.metrics']],

  ['TRT150', 'FP8 context FMHA on', { ...sp({ useFp8ContextFmha: true }) }, ['build.plugins.useFp8ContextFmha']],
  ['TRT150', 'FP8 context FMHA off', { ...sp({ useFp8ContextFmha: false }) }, []],
  ['TRT150', 'unset', {}, []],
  ['TRT150', 'FP8 context FMHA on an FP8 quantize.py checkpoint', { source: { family: 'llama' }, quantization: { format: 'fp8', calibDataset: '/d/cnn' }, ...sp({ useFp8ContextFmha: true }) }, []],
  ['TRT150', 'FP8 context FMHA on a ModelOpt FP8 checkpoint', { source: { family: 'llama', checkpoint: 'modelopt' }, quantization: { format: 'fp8' }, ...sp({ useFp8ContextFmha: true }) }, []],
  ['TRT150', 'FP8 context FMHA on an INT4-AWQ checkpoint (W4A16_AWQ is no FP8 workflow)', { source: { family: 'llama' }, quantization: { format: 'int4_awq', calibDataset: '/d/cnn' }, ...sp({ useFp8ContextFmha: true }) }, ['build.plugins.useFp8ContextFmha']],

  ['TRT151', 'GEMM SwiGLU without the fused MLP', { ...sp({ gemmSwigluPlugin: 'fp8', useFusedMlp: false }) }, ['build.plugins.useFusedMlp']],
  ['TRT151', 'low-latency GEMM SwiGLU without the fused MLP', { ...sp({ lowLatencyGemmSwigluPlugin: 'fp8', useFusedMlp: false }) }, ['build.plugins.useFusedMlp']],
  ['TRT151', 'GEMM SwiGLU with the fused MLP', { ...sp({ gemmSwigluPlugin: 'fp8', useFusedMlp: true }) }, []],
  ['TRT151', 'GEMM SwiGLU with the default fused MLP', { ...sp({ gemmSwigluPlugin: 'fp8' }) }, []],
  ['TRT151', 'SwiGLU disabled, fused MLP off', { ...sp({ gemmSwigluPlugin: 'disable', useFusedMlp: false }) }, []],

  ['TRT152', 'target modules without the LoRA plugin', { build: { lora: { loraTargetModules: ['attn_q', 'attn_v'] } } }, ['build.lora.loraTargetModules']],
  ['TRT152', 'target modules and rank without the LoRA plugin', { build: { lora: { loraTargetModules: ['attn_q'], maxLoraRank: 8 } } }, ['build.lora.loraTargetModules', 'build.lora.maxLoraRank']],
  ['TRT152', 'plugin written as disable', { build: { plugins: { loraPlugin: 'disable' }, lora: { maxLoraRank: 8 } } }, ['build.lora.maxLoraRank']],
  ['TRT152', 'with the LoRA plugin', { build: { plugins: { loraPlugin: 'auto' }, lora: { loraTargetModules: ['attn_q'], maxLoraRank: 8 } } }, []],
  ['TRT152', 'no LoRA settings', {}, []],

  ['TRT153', 'a precision without useWeightOnly', { convert: { weightOnlyPrecision: 'int4' } }, ['convert.weightOnlyPrecision']],
  ['TRT153', 'int8 without useWeightOnly', { convert: { weightOnlyPrecision: 'int8' } }, ['convert.weightOnlyPrecision']],
  ['TRT153', 'int4_gptq selects GPTQ on its own', { convert: { weightOnlyPrecision: 'int4_gptq' } }, []],
  ['TRT153', 'with useWeightOnly', { convert: { useWeightOnly: true, weightOnlyPrecision: 'int4', disableWeightOnlyQuantPlugin: true } }, []],
  ['TRT153', 'plugin switch without useWeightOnly', { convert: { disableWeightOnlyQuantPlugin: true } }, ['convert.disableWeightOnlyQuantPlugin']],
  ['TRT153', 'both without useWeightOnly', { convert: { useWeightOnly: false, weightOnlyPrecision: 'int8', disableWeightOnlyQuantPlugin: true } }, ['convert.weightOnlyPrecision', 'convert.disableWeightOnlyQuantPlugin']],

  ['TRT184', 'fp8 for llama', { source: { family: 'llama' }, quantization: { format: 'fp8', calibDataset: '/d/cnn' } }, []],
  ['TRT184', 'int4_awq for qwen', { quantization: { format: 'int4_awq', calibDataset: '/d/cnn' } }, []],
  ['TRT184', 'no quantization', {}, []],
  ['TRT184', 'modelopt without a quantization section', { source: { family: 'llama', checkpoint: 'modelopt' } }, ['source.checkpoint']],
  ['TRT184', 'modelopt fp8 for llama', { source: { family: 'llama', checkpoint: 'modelopt' }, quantization: { format: 'fp8', kvCacheDtype: 'fp8' } }, []],
  ['TRT184', 'modelopt for qwen (its converter cannot load FP8)', { source: { checkpoint: 'modelopt' }, quantization: { format: 'fp8' } }, ['source.checkpoint']],
  ['TRT184', 'modelopt int4_awq and int8 KV (convert_checkpoint.py loads neither)', { source: { family: 'llama', checkpoint: 'modelopt' }, quantization: { format: 'int4_awq', kvCacheDtype: 'int8' } }, ['quantization.format', 'quantization.kvCacheDtype']],
  ['TRT184', 'source.checkpoint hf written', { source: { checkpoint: 'hf' } }, []],
  ['TRT184', 'fp8 for phi (no quantize.py support for the family in 0.17)', { source: { family: 'phi' }, quantization: { format: 'fp8', calibDataset: '/d/cnn' } }, ['quantization.format']],
  ['TRT184', 'int4_awq for phi', { source: { family: 'phi' }, quantization: { format: 'int4_awq', calibDataset: '/d/cnn', calibSize: 32 } }, ['quantization.format']],
  ['TRT184', 'fp8 on 0.19.0, a release without quantize.py data', { runtime: { backendVersion: '0.19.0' }, quantization: { format: 'fp8', calibDataset: '/d/cnn' } }, ['quantization']],
  ['TRT184', 'a ModelOpt checkpoint on 0.18.2, a release without quantize.py data', { runtime: { backendVersion: '0.18.2' }, source: { family: 'llama', checkpoint: 'modelopt' }, quantization: { format: 'fp8' } }, ['quantization']],

  ['TRT185', 'convert.dtype with quantization', { quantization: { format: 'fp8', calibDataset: '/d/cnn' }, convert: { dtype: 'bfloat16' } }, []],
  ['TRT185', 'convert.workers with quantization (quantize.py has no --workers)', { quantization: { format: 'fp8', calibDataset: '/d/cnn' }, convert: { workers: 4, dtype: 'float16' } }, ['convert.workers']],
  ['TRT185', 'weight-only and SmoothQuant next to quantize.py', { quantization: { format: 'int4_awq', calibDataset: '/d/cnn' }, convert: { useWeightOnly: true, smoothquant: 0.5 } }, ['convert.useWeightOnly', 'convert.smoothquant']],
  ['TRT185', 'ModelOpt checkpoint with convert.workers (convert_checkpoint.py runs)', { source: { family: 'llama', checkpoint: 'modelopt' }, quantization: { format: 'fp8' }, convert: { workers: 2 } }, []],
  ['TRT185', 'ModelOpt checkpoint with an INT8 KV cache switch', { source: { family: 'llama', checkpoint: 'modelopt' }, quantization: { format: 'fp8' }, convert: { int8KvCache: true } }, ['convert.int8KvCache']],
  ['TRT185', 'convert settings without quantization', { convert: { workers: 4 } }, []],

  ['TRT186', 'absolute dataset directory', { quantization: { format: 'fp8', calibDataset: '/data/cnn_dailymail' } }, []],
  ['TRT186', 'relative ./ directory', { quantization: { format: 'fp8', calibDataset: './data/calib' } }, []],
  ['TRT186', 'no dataset', { quantization: { format: 'fp8' } }, ['quantization']],
  ['TRT186', 'quantize.py\'s own default name', { quantization: { format: 'fp8', calibDataset: 'cnn_dailymail' } }, ['quantization.calibDataset']],
  ['TRT186', 'a Hub owner/name', { quantization: { format: 'int4_awq', calibDataset: 'abisee/cnn_dailymail' } }, ['quantization.calibDataset']],
  ['TRT186', 'ModelOpt checkpoint needs no dataset', { source: { family: 'llama', checkpoint: 'modelopt' }, quantization: { format: 'fp8' } }, []],
  ['TRT186', 'ModelOpt checkpoint with calibration settings', { source: { family: 'llama', checkpoint: 'modelopt' }, quantization: { format: 'fp8', calibSize: 64, seed: 1 } }, ['quantization.calibSize', 'quantization.seed']],

  ['TRT204', 'a calibration dataset under /etc', { quantization: { format: 'fp8', calibDataset: '/etc/calib' } }, ['quantization.calibDataset']],
  ['TRT204', 'a calibration dataset escaping the repository', { quantization: { format: 'fp8', calibDataset: '../calib' } }, ['quantization.calibDataset']],
  ['TRT204', 'a calibration dataset in the repository', { quantization: { format: 'fp8', calibDataset: './data/calib' } }, []],

  ['TRT187', 'AWQ with 32 samples', { quantization: { format: 'int4_awq', calibDataset: '/d/cnn', calibSize: 32 } }, []],
  ['TRT187', 'AWQ with 33 samples', { quantization: { format: 'int4_awq', calibDataset: '/d/cnn', calibSize: 33 } }, ['quantization.calibSize']],
  ['TRT187', 'AWQ with the default 512', { quantization: { format: 'int4_awq', calibDataset: '/d/cnn' } }, ['quantization.format']],
  ['TRT187', 'FP8 with 4096 samples (no cap)', { quantization: { format: 'fp8', calibDataset: '/d/cnn', calibSize: 4096 } }, []],
  ['TRT187', 'awqBlockSize with fp8', { quantization: { format: 'fp8', calibDataset: '/d/cnn', awqBlockSize: 64 } }, ['quantization.awqBlockSize']],
  ['TRT187', 'awqBlockSize with int4_awq', { quantization: { format: 'int4_awq', calibDataset: '/d/cnn', calibSize: 16, awqBlockSize: 64 } }, []],

  ['TRT154', 'accumulating with 2 engine beams', { streaming: true, build: { maxBeamWidth: 2 }, triton: { bls: { accumulateTokens: true } } }, ['triton.bls.accumulateTokens']],
  ['TRT154', 'accumulating with 2 runtime beams', { streaming: true, build: { maxBeamWidth: 2 }, triton: { maxBeamWidth: 2, bls: { accumulateTokens: true } } }, ['triton.bls.accumulateTokens']],
  ['TRT154', 'runtime beam width 1 on a 2-beam engine', { streaming: true, build: { maxBeamWidth: 2 }, triton: { maxBeamWidth: 1, bls: { accumulateTokens: true } } }, []],
  ['TRT154', 'accumulating with one beam', { streaming: true, triton: { bls: { accumulateTokens: true } } }, []],
  ['TRT154', 'not decoupled (TRT132)', { build: { maxBeamWidth: 2 }, triton: { bls: { accumulateTokens: true } } }, []],
  ['TRT154', 'not accumulating', { streaming: true, build: { maxBeamWidth: 2 } }, []],

  ['TRT155', 'multiple profiles with opt_num_tokens', { ...sp({ multipleProfiles: true }, { optNumTokens: 1024 }) }, ['build.optNumTokens']],
  ['TRT155', 'multiple profiles alone', { ...sp({ multipleProfiles: true }) }, []],
  ['TRT155', 'opt_num_tokens alone', { ...sp({ multipleProfiles: false }, { optNumTokens: 1024 }) }, []],

  ['TRT156', 'context logits with one draft token', { build: { logits: { gatherContextLogits: true }, speculative: { speculativeDecodingMode: 'draft_tokens_external', maxDraftLen: 1 } } }, ['build.logits.gatherContextLogits']],
  ['TRT156', 'all-token logits with one draft token', { build: { logits: { gatherAllTokenLogits: true }, speculative: { speculativeDecodingMode: 'draft_tokens_external', maxDraftLen: 1 } } }, ['build.logits.gatherAllTokenLogits']],
  ['TRT156', 'context logits without draft tokens', { build: { logits: { gatherContextLogits: true }, speculative: { speculativeDecodingMode: 'draft_tokens_external', maxDraftLen: 0 } } }, []],
  ['TRT156', 'generation logits with draft tokens', { build: { logits: { gatherGenerationLogits: true }, speculative: { speculativeDecodingMode: 'draft_tokens_external', maxDraftLen: 4 } } }, []],

  ['TRT157', 'StreamingLLM on Qwen', { ...sp({ streamingllm: true }) }, ['build.plugins.streamingllm']],
  ['TRT157', 'PP reduce-scatter on Qwen', { ...sp({ ppReduceScatter: true }) }, ['build.plugins.ppReduceScatter']],
  ['TRT157', 'both', { ...sp({ streamingllm: true, ppReduceScatter: true }) }, ['build.plugins.streamingllm', 'build.plugins.ppReduceScatter']],
  ['TRT157', 'both off', { ...sp({ streamingllm: false, ppReduceScatter: false }) }, []],

  ['TRT158', 'reduce fusion on one GPU', { ...sp({ reduceFusion: true }) }, ['build.plugins.reduceFusion']],
  ['TRT158', 'reduce fusion with tp 2 on Qwen', { ...sp({ reduceFusion: true }), parallelism: { tp: 2 } }, ['build.plugins.reduceFusion']],
  ['TRT158', 'user buffer without reduce fusion', { ...sp({ userBuffer: true }) }, ['build.plugins.userBuffer']],
  ['TRT158', 'norm-quant fusion', { ...sp({ normQuantFusion: true }) }, ['build.plugins.normQuantFusion']],
  ['TRT158', 'paged context FMHA without context FMHA', { ...sp({ contextFmha: false, usePagedContextFmha: true }) }, ['build.plugins.usePagedContextFmha']],
  ['TRT158', 'paged context FMHA with context FMHA', { ...sp({ contextFmha: true, usePagedContextFmha: true }) }, []],
  ['TRT158', 'no context FMHA, no paged context FMHA', { ...sp({ contextFmha: false }) }, []],
  ['TRT158', 'all off', { ...sp({ reduceFusion: false, userBuffer: false, normQuantFusion: false }) }, []],

  ['TRT170', 'a Hub id as the model dir', { source: { modelDir: 'Qwen/Qwen2.5-0.5B-Instruct' } }, ['source.modelDir']],
  ['TRT170', 'a Hub id as the tokenizer dir', { source: { tokenizerDir: 'Qwen/Qwen2.5-0.5B-Instruct' } }, ['source.tokenizerDir']],
  ['TRT170', 'the Hub id in source.hfRepo', { source: { hfRepo: 'Qwen/Qwen2.5-0.5B-Instruct' } }, []],
  ['TRT170', 'the same directory written ./owner/name', { source: { modelDir: './Qwen/Qwen2.5-0.5B-Instruct' } }, []],
  ['TRT170', 'three levels deep is not a Hub id', { source: { modelDir: 'weights/Qwen/Qwen2.5' } }, []],
  ['TRT170', 'one level is not a Hub id', { source: { modelDir: 'Qwen2.5-0.5B-Instruct' } }, []],

  ['TRT171', '0.0.0.0 without confirmation', { serve: { host: '0.0.0.0' } }, ['serve.host']],
  ['TRT171', ':: without confirmation', { serve: { host: '::' } }, ['serve.host']],
  ['TRT171', '[::] without confirmation', { serve: { host: '[::]' } }, ['serve.host']],
  ['TRT171', '0.0.0.0 with exposeOnAllInterfaces false', { serve: { host: '0.0.0.0', exposeOnAllInterfaces: false } }, ['serve.host']],
  ['TRT171', '0.0.0.0 confirmed', { serve: { host: '0.0.0.0', exposeOnAllInterfaces: true } }, []],
  ['TRT171', 'one interface', { serve: { host: '192.168.1.5' } }, []],
  ['TRT171', 'the default loopback', {}, []],

  ['TRT180', 'qwen with the default fields', {}, []],
  ['TRT180', 'phi: weight-only int4 is an option of its converter', { source: { family: 'phi' }, convert: { useWeightOnly: true, weightOnlyPrecision: 'int4' } }, []],
  ['TRT180', 'phi: int4_gptq is not a choice of its --weight_only_precision', { source: { family: 'phi' }, convert: { useWeightOnly: true, weightOnlyPrecision: 'int4_gptq' } }, ['convert.weightOnlyPrecision']],
  ['TRT180', 'phi: no SmoothQuant, INT8 KV cache or parallel embedding', { source: { family: 'phi' }, convert: { smoothquant: 0.5, int8KvCache: true, useParallelEmbedding: true } }, ['convert.smoothquant', 'convert.int8KvCache', 'convert.useParallelEmbedding']],
  ['TRT180', 'llama: --dtype auto is not a choice at the commit read', { source: { family: 'llama' }, convert: { dtype: 'auto' } }, ['convert.dtype']],
  ['TRT180', 'llama: bfloat16, weight-only int4_gptq, parallel embedding', { source: { family: 'llama' }, convert: { dtype: 'bfloat16', useWeightOnly: true, weightOnlyPrecision: 'int4_gptq', useParallelEmbedding: true } }, []],
  ['TRT180', 'gemma: weight-only int4 maps to --use-weight-only-with-precision', { source: { family: 'gemma' }, convert: { dtype: 'bfloat16', useWeightOnly: true, weightOnlyPrecision: 'int4' } }, []],
  ['TRT180', 'gemma: int4_gptq is not a choice of --use-weight-only-with-precision', { source: { family: 'gemma' }, convert: { useWeightOnly: true, weightOnlyPrecision: 'int4_gptq' } }, ['convert.weightOnlyPrecision']],
  ['TRT180', 'gemma: no option to run weight-only without its plugin', { source: { family: 'gemma' }, convert: { useWeightOnly: true, disableWeightOnlyQuantPlugin: true } }, ['convert.disableWeightOnlyQuantPlugin']],
  ['TRT180', 'gemma: SmoothQuant and INT8 KV cache map to its flags', { source: { family: 'gemma' }, convert: { dtype: 'float16', smoothquant: 0.5, int8KvCache: true } }, []],
  ['TRT180', 'qwen: useParallelEmbedding off written out', { convert: { useParallelEmbedding: false } }, []],
  ['TRT180', 'phi with quantize.py: the converter does not run, its choices do not apply', { source: { family: 'phi' }, quantization: { format: 'fp8', calibDataset: '/d/cnn' }, convert: { useWeightOnly: true, weightOnlyPrecision: 'int4_gptq' } }, []],
  ['TRT180', 'a ModelOpt checkpoint goes through the family\'s converter: its fields are checked', { source: { family: 'llama', checkpoint: 'modelopt' }, quantization: { format: 'fp8' }, convert: { dtype: 'auto' } }, ['convert.dtype']],
  ['TRT180', 'llama: useParallelEmbedding on (a plain flag) is an option', { source: { family: 'llama' }, convert: { useParallelEmbedding: true } }, []],

  ['TRT189', 'a Qwen3 MoE repository on the default release', { source: { hfRepo: 'Qwen/Qwen3-30B-A3B' } }, ['source.hfRepo']],
  ['TRT189', 'spelled in lower case (Hub ids resolve either way)', { source: { hfRepo: 'qwen/qwen3-4b-instruct-2507' } }, ['source.hfRepo']],
  ['TRT189', 'on 0.19.0, the newest release trtforge supports', { source: { hfRepo: 'Qwen/Qwen3-8B' }, runtime: { backendVersion: '0.19.0' } }, ['source.hfRepo']],
  ['TRT189', 'Qwen2.5 converts', { source: { hfRepo: 'Qwen/Qwen2.5-7B-Instruct' } }, []],
  ['TRT189', 'Qwen/QwQ-32B is outside the Qwen3 naming', { source: { hfRepo: 'Qwen/QwQ-32B' } }, []],
  ['TRT189', 'another organisation\'s copy is not matched by name (the runner still refuses its config.json)', { source: { hfRepo: 'someone/Qwen3-8B-finetune' } }, []],
  ['TRT189', 'no hfRepo', {}, []],

  ['TRT181', 'qwen with pp 2', { parallelism: { pp: 2, gpuIds: [0, 1] } }, []],
  ['TRT181', 'llama with pp 2', { source: { family: 'llama' }, parallelism: { pp: 2, gpuIds: [0, 1] } }, []],
  ['TRT181', 'gemma with pp 2', { source: { family: 'gemma' }, parallelism: { pp: 2, gpuIds: [0, 1] } }, ['parallelism.pp']],
  ['TRT181', 'phi with pp 2', { source: { family: 'phi' }, parallelism: { tp: 2, pp: 2, gpuIds: [0, 1, 2, 3] } }, ['parallelism.pp']],
  ['TRT181', 'phi with tp 2', { source: { family: 'phi' }, parallelism: { tp: 2, gpuIds: [0, 1] } }, []],

  ['TRT190', 'tp=4 on nodes of 3 GPUs', { parallelism: { tp: 4 }, kubernetes: { gpusPerNode: 3 } }, ['kubernetes.gpusPerNode']],
  ['TRT190', 'tp=6 on nodes of 4 GPUs (by default tp×pp ≤ 8 fits one node)', { parallelism: { tp: 2, pp: 3 }, kubernetes: { gpusPerNode: 4 } }, ['kubernetes.gpusPerNode']],
  ['TRT190', 'tp=4 on nodes of 2 GPUs', { parallelism: { tp: 4 }, kubernetes: { gpusPerNode: 2 } }, []],
  ['TRT190', 'tp=3 fits a node of 4 (one pod, no split)', { parallelism: { tp: 3 }, kubernetes: { gpusPerNode: 4 } }, []],
  ['TRT191', 'openai mode with a kubernetes section', { serve: { mode: 'openai' }, kubernetes: { replicas: 2 } }, ['serve.mode']],
  ['TRT191', 'openai mode without one (nothing was asked for)', { serve: { mode: 'openai' } }, []],
  ['TRT191', 'trtllm-serve with a kubernetes section', { serve: { mode: 'trtllm-serve' }, kubernetes: {} }, []],
  ['TRT192', 'a kubernetes section without source.hfRepo', { kubernetes: { namespace: 'llm' } }, ['source']],
  ['TRT192', 'with source.hfRepo', { source: { hfRepo: 'Qwen/Qwen2.5-0.5B-Instruct' }, kubernetes: { namespace: 'llm' } }, []],
  ['TRT192', 'no kubernetes section, no hfRepo', {}, []],
  ['TRT193', 'NodePort', { kubernetes: { serviceType: 'NodePort' } }, ['kubernetes.serviceType']],
  ['TRT193', 'LoadBalancer', { kubernetes: { serviceType: 'LoadBalancer' } }, ['kubernetes.serviceType']],
  ['TRT193', 'ClusterIP written', { kubernetes: { serviceType: 'ClusterIP' } }, []],
  ['TRT194', '41 characters after dashes, with a kubernetes section', { name: 'a'.repeat(41), kubernetes: {} }, ['name']],
  ['TRT194', '40 characters', { name: 'a'.repeat(40), kubernetes: {} }, []],
  ['TRT195', 'tp=16 on the default 8 GPUs per node, default image', { parallelism: { tp: 16 } }, ['kubernetes']],
  ['TRT195', 'a written tag', { parallelism: { tp: 4 }, kubernetes: { gpusPerNode: 2, kubectlImage: 'example.org/kubectl:1.34' } }, ['kubernetes.kubectlImage']],
  ['TRT195', 'pinned by digest', { parallelism: { tp: 4 }, kubernetes: { gpusPerNode: 2, kubectlImage: `example.org/kubectl@sha256:${'a'.repeat(64)}` } }, []],
  ['TRT195', 'single node: no launcher', { parallelism: { tp: 8 } }, []],

  ['TRT209', 'a dataset that is an option', { convert: { calibDataset: '--help' } }, ['convert.calibDataset']],
  ['TRT209', 'a host that is an option', { serve: { host: '-h' } }, ['serve.host']],
  ['TRT209', 'leading whitespace before the dash', { runtime: { image: ' --privileged' } }, ['runtime.image']],
  ['TRT209', 'a dash inside a value', { convert: { calibDataset: '/data/-calib' } }, []],
  ['TRT209', 'a silence reason may start with a dash', { lints: { silence: { TRT110: '- known, see the README' } } }, []],
  ['TRT209', 'host paths are TRT204’s', { source: { modelDir: '-rf' } }, []],

  ['TRT201', '4097 characters', { source: { revision: 'a'.repeat(4097) } }, ['source.revision']],
  ['TRT201', '4096 characters', { source: { revision: 'a'.repeat(4096) } }, []],

  ['TRT202', 'NUL', { source: { revision: 'v1\u0000' } }, ['source.revision']],
  ['TRT202', 'C1 NEL', { source: { revision: 'v\u00851' } }, ['source.revision']],
  ['TRT202', 'zero-width space', { source: { revision: 'v\u200b1' } }, ['source.revision']],
  ['TRT202', 'bidi override', { source: { hfRepo: 'a\u202eb' } }, ['source.hfRepo']],
  ['TRT202', 'byte order mark in a list element', { extra: ['ok', '\ufeffx'] }, ['extra.1']],
  ['TRT202', 'printable non-ASCII', { source: { revision: 'é\u00a0漢' } }, []],

  ['TRT203', 'a shell command in a revision', { source: { revision: 'main;rm -rf ~' } }, ['source.revision']],
  ['TRT203', 'a tag with + / _ - .', { source: { revision: 'v1.0+build/x_y-z' } }, []],
  ['TRT203', 'a space in a host path', { source: { modelDir: '/models/my model' } }, []],
  ['TRT203', 'a $ in a host path', { source: { modelDir: '/models/a$b' } }, ['source.modelDir']],
  ['TRT203', 'a space in a container path', { runtime: { paths: { engineDir: '/trtforge/eng ine' } } }, ['runtime.paths.engineDir']],
  ['TRT203', 'an image with a digest', { runtime: { image: 'nvcr.io/x:1@sha256:ab' } }, []],
  ['TRT203', 'a space in an image', { runtime: { image: 'img name' } }, ['runtime.image']],
  ['TRT203', 'medusa choices', { triton: { medusaChoices: '{0, 0}, {0, 1}' } }, []],
  ['TRT203', 'letters in medusa choices', { triton: { medusaChoices: '{a}' } }, ['triton.medusaChoices']],
  ['TRT203', 'a dataset path with ~', { convert: { calibDataset: '~/data/x' } }, []],
  ['TRT203', 'a space in a dataset', { convert: { calibDataset: 'x y' } }, ['convert.calibDataset']],
  ['TRT203', 'punctuation in a silence reason', { lints: { silence: { TRT110: 'because; it is fine!' } } }, []],
  ['TRT203', 'a comma in an ordinary value', { serve: { openaiModel: 'a,b' } }, ['serve.openaiModel']],
  ['TRT203', 'every character a container path may hold', { runtime: { paths: { engineDir: '/trtforge/a-b_c.d+e@f=g/h' } } }, []],
  ['TRT203', 'a colon in a container path', { runtime: { paths: { engineDir: '/trtforge/a:b' } } }, ['runtime.paths.engineDir']],
  ['TRT203', 'a plain ordinary value', { serve: { openaiModel: 'tensorrt_llm_bls' } }, []],
  ['TRT203', 'a tilde in a revision', { source: { revision: 'v1~2' } }, ['source.revision']],
  ['TRT203', 'a backquote in a host path', { source: { tokenizerDir: '/tok`x`' } }, ['source.tokenizerDir']],
  ['TRT203', 'invisible characters are TRT202’s', { source: { revision: 'a;\u0000' } }, []],

  ['TRT204', '.. in the model dir', { source: { modelDir: '/models/../etc/qwen' } }, ['source.modelDir']],
  ['TRT204', 'a URL', { source: { modelDir: 'https://hf.co/Qwen/x' } }, ['source.modelDir']],
  ['TRT204', 'an option-like path', { source: { modelDir: '-rf' } }, ['source.modelDir']],
  ['TRT204', '~user', { source: { modelDir: '~bob/models' } }, ['source.modelDir']],
  ['TRT204', '~/ path', { source: { modelDir: '~/models/q' } }, []],
  ['TRT204', 'the whole home', { source: { modelDir: '~' } }, ['source.modelDir']],
  ['TRT204', 'the host root', { source: { modelDir: '/' } }, ['source.modelDir']],
  ['TRT204', '/home/<user>/', { source: { modelDir: '/home/bob/' } }, ['source.modelDir']],
  ['TRT204', '/home', { source: { modelDir: '/home' } }, ['source.modelDir']],
  ['TRT204', '/root', { source: { modelDir: '/root' } }, ['source.modelDir']],
  ['TRT204', 'a folder in a home', { source: { modelDir: '/home/bob/models' } }, []],
  ['TRT204', 'a folder in /root', { source: { modelDir: '/root/models' } }, []],
  ['TRT204', 'inside /etc', { source: { modelDir: '/etc/x' } }, ['source.modelDir']],
  ['TRT204', '/proc itself', { source: { modelDir: '/proc' } }, ['source.modelDir']],
  ['TRT204', 'a name that starts like /etc', { source: { modelDir: '/etcetera/x' } }, []],
  ['TRT204', 'the tokenizer dir too', { source: { tokenizerDir: '/dev/x' } }, ['source.tokenizerDir']],
  ['TRT204', 'a relative path', { source: { modelDir: 'weights/q' } }, []],
  ['TRT204', 'invisible characters are TRT202’s', { source: { modelDir: '/etc/\u0000' } }, []],

  ['TRT205', 'relative container path', { runtime: { paths: { engineDir: 'trtforge/engine' } } }, ['runtime.paths.engineDir']],
  ['TRT205', 'double slash', { runtime: { paths: { engineDir: '/trtforge//engine' } } }, ['runtime.paths.engineDir']],
  ['TRT205', 'a trailing slash is normal', { runtime: { paths: { engineDir: '/opt/tritonserver/trt_engines/' } } }, []],
  ['TRT205', 'the container root', { runtime: { paths: { engineDir: '/' } } }, ['runtime.paths.engineDir']],
  ['TRT205', 'Triton’s install dir', { runtime: { paths: { modelRepo: '/opt/tritonserver/' } } }, ['runtime.paths.modelRepo']],
  ['TRT205', 'Triton’s backends', { runtime: { paths: { engineDir: '/opt/tritonserver/backends/x' } } }, ['runtime.paths.engineDir']],
  ['TRT205', '/usr itself', { runtime: { paths: { engineDir: '/usr' } } }, ['runtime.paths.engineDir']],
  ['TRT205', 'a name that starts like /usr', { runtime: { paths: { engineDir: '/usrx' } } }, []],
  ['TRT205', 'encoder engine dir', { triton: { encoderEngineDir: '/etc/e' } }, ['triton.encoderEngineDir']],
  ['TRT205', 'visual model path', { triton: { multimodal: { visualModelPath: 'rel' } } }, ['triton.multimodal.visualModelPath']],
  ['TRT205', 'not a container path field', { source: { revision: 'relative' } }, []],

  ['TRT206', 'engine dir inside the model dir', { runtime: { paths: { engineDir: '/trtforge/hf/engine' } } }, ['runtime.paths.engineDir']],
  ['TRT206', 'engine dir = model dir (with a trailing slash)', { runtime: { paths: { engineDir: '/trtforge/hf/' } } }, ['runtime.paths.engineDir']],
  ['TRT206', 'the step output dir', { runtime: { paths: { engineDir: '/trtforge/out' } } }, ['runtime.paths.engineDir']],
  ['TRT206', 'a parent of the source checkouts', { runtime: { paths: { engineDir: '/trtforge/src' } } }, ['runtime.paths.engineDir']],
  ['TRT206', 'its own directory', { runtime: { paths: { engineDir: '/trtforge/engine-fp16' } } }, []],
  ['TRT206', 'malformed paths are TRT205’s', { runtime: { paths: { engineDir: 'trtforge/hf' } } }, []],

  ['TRT207', 'a Hugging Face token', { source: { revision: HF_TOKEN_SHAPE } }, ['source.revision']],
  ['TRT207', 'a GitHub token', { source: { hfRepo: `ghp_${'a'.repeat(36)}` } }, ['source.hfRepo']],
  ['TRT207', 'an AWS key id', { serve: { openaiModel: 'AKIAABCDEFGHIJKLMNOP' } }, ['serve.openaiModel']],
  ['TRT207', 'a fine-grained GitHub token', { source: { hfRepo: `github_pat_${'a'.repeat(22)}` } }, ['source.hfRepo']],
  ['TRT207', 'a revision that starts with hf_', { source: { revision: 'hf_main' } }, []],

  // Read from the templates: 0.19.0 added these parameters, 0.17.0 has none of them.
  ['TRT188', 'num_nodes on 0.17.0', { triton: { numNodes: 2 } }, ['triton.numNodes']],
  ['TRT188', 'guided decoding on 0.17.0', { triton: { guidedDecoding: { backend: 'xgrammar', xgrammarTokenizerInfoPath: '/t/x.json' } } },
    ['triton.guidedDecoding.backend', 'triton.guidedDecoding.xgrammarTokenizerInfoPath']],
  ['TRT188', 'the lookahead sizes and the LoRA prefetch dir on 0.17.0', { triton: { lookahead: { windowSize: 4 }, lora: { prefetchDir: '/l' } } },
    ['triton.lookahead.windowSize', 'triton.lora.prefetchDir']],
  ['TRT188', 'the 0.19.0 name of the multimodal path on 0.17.0', { triton: { multimodal: { modelPath: '/v' } } }, ['triton.multimodal.modelPath']],
  ['TRT188', 'fields 0.17.0 has', { triton: { logitsDatatype: 'TYPE_FP16', multimodal: { visualModelPath: '/v' }, gpuDeviceIds: [0] } }, []],
];


const REPOSITORY_CASES: RepositoryCase[] = [
  ['TRT146', 'two specs on the default ports: both reported for each port', { alpha: {}, beta: {} },
    ['alpha:serve.ports.http', 'beta:serve.ports.http', 'alpha:serve.ports.grpc', 'beta:serve.ports.grpc', 'alpha:serve.ports.metrics', 'beta:serve.ports.metrics']],
  ['TRT146', 'one spec moved to its own ports', { alpha: {}, beta: { serve: { ports: { http: 8100, grpc: 8101, metrics: 8102 } } } }, []],
  ['TRT146', 'the spec that wrote the clashing port is the one reported', { alpha: {}, beta: { serve: { ports: { http: 8000, grpc: 8101, metrics: 8102 } } } }, ['beta:serve.ports.http']],
  ['TRT146', 'another role on the same port clashes too', { alpha: {}, beta: { serve: { ports: { http: 8002, grpc: 8101, metrics: 8102 } } } }, ['beta:serve.ports.http']],
  ['TRT146', 'the same port on different addresses', { alpha: {}, beta: { serve: { host: '127.0.0.2' } } }, []],
  ['TRT146', 'a wildcard address covers the other', { alpha: {}, beta: { serve: { host: '0.0.0.0', exposeOnAllInterfaces: true, ports: { http: 8000, grpc: 8101, metrics: 8102 } } } }, ['beta:serve.ports.http']],
  ['TRT146', 'only the ports the spec’s serve.mode binds: the openai frontend', { alpha: {}, beta: { serve: { mode: 'openai', ports: { openai: 8001 } } } }, ['beta:serve.ports.openai']],
  ['TRT146', 'trtllm-serve binds only http', { alpha: {}, beta: { serve: { mode: 'trtllm-serve', ports: { http: 8100 } } } }, []],

  ['TRT147', 'two specs on the default GPU 0: both reported', { alpha: {}, beta: {} }, ['alpha:parallelism.gpuIds', 'beta:parallelism.gpuIds']],
  ['TRT147', 'distinct GPUs', { alpha: {}, beta: { parallelism: { gpuIds: [1] } } }, []],
  ['TRT147', 'the spec that wrote the shared GPU is the one reported', { alpha: {}, beta: { parallelism: { tp: 2, gpuIds: [1, 0] } } }, ['beta:parallelism.gpuIds']],
  ['TRT147', 'both wrote it: both reported', { alpha: { parallelism: { tp: 2, gpuIds: [0, 1] } }, beta: { parallelism: { gpuIds: [1] } } }, ['alpha:parallelism.gpuIds', 'beta:parallelism.gpuIds']],
];

const pkg = (name: string, scripts: Record<string, string> = {}) => `${JSON.stringify({ name, private: true, scripts }, null, 2)}\n`;
const turbo = (outputs: string[]) => `${JSON.stringify({ extends: ['//'], tasks: { build: { outputs } } }, null, 2)}\n`;

const WORKSPACE_CASES: WorkspaceCase[] = [
  ['TRT160', 'no package.json or turbo.json', {}, []],
  ['TRT160', 'both name the folder', { 'package.json': pkg('qwen', { build: 'trtforge build qwen' }), 'turbo.json': turbo(['generated/qwen/**']) }, []],
  ['TRT160', 'package name of the model it was copied from', { 'package.json': pkg('qwen2.5-0.5b') }, ['package.json:2:name']],
  ['TRT160', 'a script that acts on another model', { 'package.json': pkg('qwen', { build: 'trtforge build qwen', serve: 'trtforge serve other' }) }, ['package.json:6:scripts.serve']],
  ['TRT160', 'a model whose name starts with the folder’s is another model', { 'package.json': pkg('qwen', { build: 'trtforge build qwen-2' }) }, ['package.json:5:scripts.build']],
  ['TRT160', 'options are not model names', { 'package.json': pkg('qwen', { build: 'trtforge build --verbose qwen' }) }, []],
  ['TRT160', 'package.json that is not JSON', { 'package.json': '{ "name": "qwen", }\n' }, ['package.json:1:']],
  ['TRT160', 'turbo outputs of another model, reported once', { 'turbo.json': turbo(['generated/other/**', 'generated/other/plan.json']) }, ['turbo.json:8:tasks']],
  ['TRT160', 'a turbo task command that starts another model', { 'turbo.json': `${JSON.stringify({ extends: ['//'], tasks: { serve: { command: ['../../node_modules/.bin/trtforge', 'serve', 'other'] } } }, null, 2)}\n` }, ['turbo.json:10:tasks']],
  ['TRT160', 'a turbo task command that starts this model', { 'turbo.json': `${JSON.stringify({ extends: ['//'], tasks: { serve: { command: ['../../node_modules/.bin/trtforge', 'serve', 'qwen'] } } }, null, 2)}\n` }, []],
];

// TRT208 depends on the environment: its own describe below.
describe.each(RULES.map((r) => r.id).filter((id) => id !== 'TRT208'))('%s', (id) => {
  const cases = CASES.filter((c) => c[0] === id);
  const repositoryCases = REPOSITORY_CASES.filter((c) => c[0] === id);
  const workspaceCases = WORKSPACE_CASES.filter((c) => c[0] === id);
  it('has behaviour cases here', () => {
    expect(cases.length + repositoryCases.length + workspaceCases.length, `add cases for ${id} to lint-rules.test.ts`).toBeGreaterThan(0);
  });
  it.each(repositoryCases.map(([, what, specs, found]) => ({ what, specs, found })))('$what', ({ specs, found }) => {
    const out = repositoryFindings(id, specs);
    expect(out.map((f) => `${f.name}:${f.finding.path}`)).toEqual(found);
    for (const { finding } of out) {
      expect(finding.message).not.toBe('');
      expect(finding.hint).not.toBe('');
    }
    // A repository rule says nothing about one spec alone.
    for (const fragment of Object.values(specs)) expect(findings(id, fragment)).toEqual([]);
    expect(out).toMatchSnapshot();
  });
  it.each(workspaceCases.map(([, what, files, found]) => ({ what, files, found })))('$what', ({ files, found }) => {
    const dir = mkdtempSync(join(tmpdir(), 'trtforge-lint-'));
    try {
      const folder = join(dir, 'models', 'qwen');
      mkdirSync(folder, { recursive: true });
      for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
      const out = checkWorkspace(join(folder, 'model.ts'), 'models/qwen/model.ts', 'qwen', new RecordingHost());
      expect(out.map((d) => `${d.file.slice('models/qwen/'.length)}:${d.line}:${d.path}`)).toEqual(found);
      for (const d of out) {
        expect(d).toMatchObject({ severity: 'error', code: id, source: files[d.file.slice('models/qwen/'.length)] });
        expect(d.message).not.toBe('');
        expect(d.hint).not.toBe('');
      }
      // JSON.parse's own wording differs between Node versions: the snapshot keeps trtforge's.
      expect(out.map(({ source: _source, ...d }) => ({ ...d, message: d.message.replace(/^is not valid JSON \(.*?\):/, 'is not valid JSON (<JSON.parse error>):') }))).toMatchSnapshot();
      expect(findings(id, {})).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it.each(cases.map(([, what, fragment, paths]) => ({ what, fragment, paths })))('$what', ({ fragment, paths }) => {
    const found = findings(id, fragment);
    expect(found.map((f) => f.path)).toEqual(paths);
    for (const f of found) {
      expect(f.message).not.toBe('');
      expect(f.hint).not.toBe('');
    }
    expect(found).toMatchSnapshot();
  });
});

describe('severities', () => {
  it('performance traps and what trtforge fixes itself are warnings', () => {
    expect(rule('TRT102').severity).toBe('warning');
    expect(rule('TRT143').severity).toBe('warning');
  });

  it('ids the step does not see stay an error', () => {
    expect(rule('TRT127').severity).toBe('error');
  });
});

describe('TRT170 with the repository root', () => {
  it('accepts owner/name when that directory exists in the repository', () => {
    const root = mkdtempSync(join(tmpdir(), 'trtforge-lint-'));
    try {
      expect(findings('TRT170', { source: { modelDir: 'Qwen/Qwen2.5-0.5B-Instruct' } }, 'qwen', root).map((f) => f.path)).toEqual(['source.modelDir']);
      mkdirSync(join(root, 'Qwen', 'Qwen2.5-0.5B-Instruct'), { recursive: true });
      expect(findings('TRT170', { source: { modelDir: 'Qwen/Qwen2.5-0.5B-Instruct' } }, 'qwen', root)).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('TRT208 reads the environment of the compiling process', () => {
  const name = 'TRTFORGE_LINT_TEST_API_KEY';
  const saved = process.env[name];
  beforeAll(() => {
    process.env[name] = 'sk-lint-test-7d2a9c';
  });
  afterAll(() => {
    if (saved === undefined) delete process.env[name];
    else process.env[name] = saved;
  });

  it('reports a spec value that contains a secret variable’s value, naming the variable only', () => {
    const found = findings('TRT208', { source: { revision: 'x-sk-lint-test-7d2a9c' } });
    expect(found).toEqual([{
      path: 'source.revision',
      message: `contains the value of the environment variable $${name}`,
      hint: `remove it; pass $${name} to the tool by name, never by value`,
    }]);
  });

  it('accepts values that do not contain it', () => {
    expect(findings('TRT208', { source: { revision: 'sk-lint-test' } })).toEqual([]);
  });

  it('finds nothing when no variable of the environment looks secret', () => {
    const secretNames = Object.keys(process.env).filter((k) => isSecretEnvName(k));
    const kept = secretNames.map((k) => [k, process.env[k]] as const);
    for (const k of secretNames) delete process.env[k];
    try {
      expect(findings('TRT208', { source: { revision: 'x-sk-lint-test-7d2a9c' } })).toEqual([]);
    } finally {
      for (const [k, v] of kept) process.env[k] = v;
    }
  });
});

describe('hardening helpers', () => {
  it('quote shows up to 80 characters verbatim and cuts longer values to 77 and an ellipsis', () => {
    expect(quote('a'.repeat(80))).toBe(JSON.stringify('a'.repeat(80)));
    expect(quote(`${'a'.repeat(77)}bcde`)).toBe(JSON.stringify(`${'a'.repeat(77)}…`));
  });

  it('isPlainText: at most 4096 characters and nothing invisible', () => {
    expect(isPlainText('a'.repeat(4096))).toBe(true);
    expect(isPlainText('a'.repeat(4097))).toBe(false);
    expect(isPlainText('a\u200bb')).toBe(false);
  });

  it('specStrings: every string with its path, skipping null, numbers and booleans', () => {
    expect(specStrings({ a: null, b: 1, c: true, d: ['x', { e: 'y' }], f: 'z' })).toEqual([
      { path: 'd.0', value: 'x' }, { path: 'd.1.e', value: 'y' }, { path: 'f', value: 'z' },
    ]);
    expect(specStrings(null)).toEqual([]);
    expect(specStrings(7)).toEqual([]);
  });

  it('a relative container path: the hint drops a leading ./ and every slash after it', () => {
    expect(containerPathProblem('.//trtforge/x')?.hint).toBe('write /trtforge/x');
    expect(containerPathProblem('trtforge/x')?.hint).toBe('write /trtforge/x');
  });
});

describe('TRT142 at the edges of the block size', () => {
  it('one-token blocks count one block per token', () => {
    expect(findings('TRT142', { build: { tokensPerBlock: 1, maxBatchSize: 2_000_000 } }).map((f) => f.path)).toEqual(['build.maxBatchSize']);
    expect(findings('TRT142', { build: { tokensPerBlock: 1, maxBatchSize: 1_000_000 } })).toEqual([]);
  });

  it('a block size of 0 is TRT141’s to report, not a table of infinite size', () => {
    expect(findings('TRT142', { build: { tokensPerBlock: 0, maxBatchSize: 4 } })).toEqual([]);
  });
});

describe('TRT160 points at the package name wherever its line is', () => {
  const lineOfName = (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'trtforge-lint-'));
    try {
      const folder = join(dir, 'models', 'qwen');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'package.json'), text);
      return checkWorkspace(join(folder, 'model.ts'), 'models/qwen/model.ts', 'qwen', new RecordingHost()).map((d) => `${d.line}:${d.column}:${d.path}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  it('without a space after the colon, with one before it, and after a nested "name" key', () => {
    expect(lineOfName('{\n  "private": true,\n  "name":"other"\n}\n')).toEqual(['3:10:name']);
    expect(lineOfName('{\n  "private": true,\n  "name" : "other"\n}\n')).toEqual(['3:12:name']);
    expect(lineOfName('{\n  "x": { "name": 1 },\n  "name": "other"\n}\n')).toEqual(['3:11:name']);
  });
});

describe('TRT188 on the other releases (each release\'s own parameter map)', () => {
  const on = (version: '0.16.0' | '0.19.0', fragment: object) =>
    rule('TRT188').check({ spec: resolveFragment(merge({ runtime: { backendVersion: version } }, fragment as Json)), backend: loadBackendData(version), folder: 'qwen', host: new RecordingHost() });
  it('0.16.0 has no logits_datatype: the error names the releases that have it', () => {
    const [f, ...rest] = on('0.16.0', { triton: { logitsDatatype: 'TYPE_FP16' } });
    expect(rest).toEqual([]);
    expect(f?.path).toBe('triton.logitsDatatype');
    expect(f?.message).toContain('${logits_datatype} exists in 0.17.0, 0.18.2, 0.19.0');
  });
  it('0.19.0 renamed visual_model_path: the hint names the new field', () => {
    const [f] = on('0.19.0', { triton: { multimodal: { visualModelPath: '/v' } } });
    expect(f?.path).toBe('triton.multimodal.visualModelPath');
    expect(f?.message).toContain('exists in 0.16.0, 0.17.0, 0.18.2');
    expect(f?.hint).toContain('renamed ${visual_model_path} to ${multimodal_model_path}: use triton.multimodal.modelPath');
  });
  it('0.19.0 takes its own fields', () => {
    expect(on('0.19.0', { triton: { numNodes: 2, multimodal: { modelPath: '/v' }, guidedDecoding: { backend: 'xgrammar' } } })).toEqual([]);
  });
});
