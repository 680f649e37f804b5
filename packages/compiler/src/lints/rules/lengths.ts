import { note, origin, written } from '../spec-paths.js';
import { roundUp, when, type LintFinding, type LintRule } from '../rule.js';

export const seqLongerThanInput: LintRule = {
  id: 'TRT101',
  severity: 'error',
  topic: 'lengths',
  title: 'max_seq_len must exceed max_input_len',
  why: 'max_seq_len is prompt + output; a value ≤ max_input_len leaves no room to generate (TensorRT-LLM#977; "Prompt length (N) exceeds maximum sequence length", tensorrtllm_backend#141).',
  fields: ['build.maxSeqLen', 'build.maxInputLen'],
  pain: [19],
  check: ({ spec }) => when(spec.build.maxSeqLen !== undefined && spec.build.maxSeqLen <= spec.build.maxInputLen, {
    path: 'build.maxSeqLen',
    message: `must be > build.maxInputLen (${spec.build.maxInputLen}${note(spec, 'build.maxInputLen')}), got ${String(spec.build.maxSeqLen)}`,
    hint: `max_seq_len is prompt + output tokens: e.g. ${spec.build.maxInputLen + 1024}, or use context: { maxInputTokens, maxOutputTokens }`,
  }),
  examples: { pass: { build: { maxInputLen: 1024, maxSeqLen: 2048 } }, fail: { build: { maxInputLen: 2048, maxSeqLen: 1024 } } },
};

export const numTokensMultipleOfBlock: LintRule = {
  id: 'TRT115',
  severity: 'error',
  topic: 'lengths',
  title: 'max_num_tokens must be a multiple of tokens_per_block',
  why: 'Context chunks are scheduled in whole KV cache blocks; TensorRT-LLM asserts `maxNumTokens % tokensPerBlock == 0` ("engine is built with remove_input_padding=True and max_num_tokens=…", TensorRT-LLM#1666; aiconfigurator PR#307). Rounding at compile time beats an assert at load.',
  fields: ['build.maxNumTokens', 'build.tokensPerBlock', 'build.kvCacheType'],
  pain: [23],
  check: ({ spec }) => {
    const { maxNumTokens: n, tokensPerBlock: block, kvCacheType } = spec.build;
    return when(kvCacheType === 'paged' && n % block !== 0, {
      path: 'build.maxNumTokens',
      message: `must be a multiple of build.tokensPerBlock (${block}${note(spec, 'build.tokensPerBlock')}), got ${n}${origin(spec, 'build.maxNumTokens')}`,
      hint: `set build.maxNumTokens: ${roundUp(n, block)} (rounded up to whole blocks)`,
    });
  },
  examples: { pass: { build: { tokensPerBlock: 32, maxNumTokens: 8192 } }, fail: { build: { maxNumTokens: 8100 } } },
};

export const numTokensCoverPrompt: LintRule = {
  id: 'TRT116',
  severity: 'error',
  topic: 'lengths',
  title: 'max_num_tokens must be ≥ max_input_len unless chunked context is on',
  why: 'With context FMHA and packed input the runtime caps prompts at min(max_seq_len − 1, max_num_tokens) (the seed log: "maxInputLen: 8192 = min(maxSequenceLen - 1, maxNumTokens)"), so a longer prompt is rejected although max_input_len allows it — unless chunked context splits it over several steps (TensorRT-LLM#4641).',
  fields: ['build.maxNumTokens', 'build.maxInputLen', 'triton.enableChunkedContext'],
  pain: [19, 23],
  check: ({ spec }) => {
    const { maxNumTokens, maxInputLen, tokensPerBlock, plugins } = spec.build;
    // Without padding removal or context FMHA trtllm-build itself overrides max_num_tokens (TRT117).
    const applies = plugins.removeInputPadding !== false && plugins.contextFmha !== false && spec.triton.enableChunkedContext !== true;
    return when(applies && maxNumTokens < maxInputLen, {
      path: 'build.maxNumTokens',
      message: `must be ≥ build.maxInputLen (${maxInputLen}${note(spec, 'build.maxInputLen')}) without chunked context, got ${maxNumTokens}${origin(spec, 'build.maxNumTokens')}: prompts longer than ${maxNumTokens} tokens would be rejected`,
      hint: `set build.maxNumTokens: ${roundUp(maxInputLen, tokensPerBlock)}, or enable chunked context (triton.enableChunkedContext: true with build.plugins.usePagedContextFmha: true)`,
    });
  },
  examples: { pass: { build: { maxInputLen: 4096, maxNumTokens: 4096 } }, fail: { build: { maxInputLen: 16384, maxNumTokens: 8192 } } },
};

export const builderOverridesTokens: LintRule = {
  id: 'TRT117',
  severity: 'warning',
  topic: 'lengths',
  title: 'trtllm-build would silently replace max_num_tokens / opt_num_tokens',
  why: "trtllm-build's check_max_num_tokens() only logs a warning when it replaces these values: without remove_input_padding they are ignored, max_num_tokens is clamped to max_batch_size × max_seq_len (or raised to max_input_len without context FMHA), and opt_num_tokens to max_num_tokens (TensorRT-LLM#1666). The engine then differs from the spec.",
  fields: ['build.maxNumTokens', 'build.optNumTokens', 'build.maxBatchSize', 'build.maxSeqLen', 'build.maxInputLen', 'build.plugins.removeInputPadding', 'build.plugins.contextFmha'],
  pain: [23],
  check: ({ spec }) => {
    const { maxNumTokens, optNumTokens, maxBatchSize, maxSeqLen, maxInputLen, plugins } = spec.build;
    const findings: LintFinding[] = [];
    if (plugins.removeInputPadding === false) {
      for (const field of ['maxNumTokens', 'optNumTokens'] as const) {
        findings.push(...when(written(spec, `build.${field}`), {
          path: `build.${field}`,
          message: 'is ignored by trtllm-build when build.plugins.removeInputPadding is false (it uses max_batch_size × max_seq_len)',
          hint: `remove build.${field}, or enable build.plugins.removeInputPadding (the default)`,
        }));
      }
      return findings;
    }
    let effective = maxNumTokens;
    if (maxSeqLen !== undefined && maxNumTokens > maxBatchSize * maxSeqLen) {
      effective = maxBatchSize * maxSeqLen;
      findings.push({
        path: 'build.maxNumTokens',
        message: `${maxNumTokens}${origin(spec, 'build.maxNumTokens')} exceeds build.maxBatchSize × build.maxSeqLen (${maxBatchSize} × ${maxSeqLen} = ${effective}); trtllm-build clamps it to ${effective}`,
        hint: `set build.maxNumTokens: ${effective} or less`,
      });
    }
    if (plugins.contextFmha === false && effective < maxInputLen) {
      findings.push({
        path: 'build.maxNumTokens',
        message: `${effective} is below build.maxInputLen (${maxInputLen}); without context FMHA trtllm-build raises it to ${maxInputLen}`,
        hint: `set build.maxNumTokens: ${maxInputLen}`,
      });
      effective = maxInputLen;
    }
    findings.push(...when(optNumTokens !== undefined && optNumTokens > effective, {
      path: 'build.optNumTokens',
      message: `must be ≤ build.maxNumTokens (${effective}), got ${String(optNumTokens)}; trtllm-build clamps it to ${effective}`,
      hint: `set build.optNumTokens: ${effective} or less (or remove it)`,
    }));
    return findings;
  },
  examples: { pass: { build: { maxNumTokens: 4096, optNumTokens: 2048 } }, fail: { build: { optNumTokens: 16384 } } },
};
