import { when, type LintRule } from '../rule.js';

export const benchWithinQueue: LintRule = {
  id: 'TRT134',
  severity: 'warning',
  topic: 'bench',
  title: 'bench.concurrency beyond what Triton batches and queues',
  why: "Triton keeps at most triton.maxBatchSize requests in flight and triton.maxQueueSize waiting; past that it answers \"Exceeds maximum queue size\", so genai-perf measures rejections, not the model (the seed's MAX_QUEUE_SIZE=4 capped its own concurrency test; tensorrtllm_backend#412, server#4753). trtllm-serve has no such queue.",
  fields: ['bench.concurrency', 'triton.maxBatchSize', 'triton.maxQueueSize', 'serve.mode'],
  pain: [34],
  check: ({ spec }) => {
    const { maxBatchSize, maxQueueSize } = spec.triton;
    const capacity = maxBatchSize + maxQueueSize;
    return when(spec.serve.mode !== 'trtllm-serve' && maxQueueSize > 0 && spec.bench.concurrency > capacity, {
      path: 'bench.concurrency',
      message: `must be ≤ triton.maxBatchSize + triton.maxQueueSize (${maxBatchSize} + ${maxQueueSize} = ${capacity}), got ${spec.bench.concurrency}: requests beyond are rejected`,
      hint: `set triton.maxQueueSize: ${spec.bench.concurrency} (or 0 for an unbounded queue), or lower bench.concurrency to ${capacity}`,
    });
  },
  examples: {
    pass: { triton: { maxBatchSize: 8, maxQueueSize: 64 }, bench: { concurrency: 32 } },
    fail: { triton: { maxBatchSize: 8, maxQueueSize: 8 }, bench: { concurrency: 32 } },
  },
};

export const benchWithinEngine: LintRule = {
  id: 'TRT135',
  severity: 'error',
  topic: 'bench',
  title: 'bench prompt and answer lengths must fit the engine',
  why: 'The engine rejects a prompt longer than max_input_len and stops at max_seq_len, so a benchmark with bench.inputTokens / bench.outputTokens beyond them measures only errors or truncated answers ("Prompt length (N) exceeds maximum sequence length": tensorrtllm_backend#141; TensorRT-LLM#977). Chat requests add the chat template\'s tokens on top of the synthetic prompt.',
  fields: ['bench.inputTokens', 'bench.outputTokens', 'build.maxInputLen', 'build.maxSeqLen'],
  pain: [19],
  check: ({ spec }) => {
    const { inputTokens, outputTokens } = spec.bench;
    const { maxInputLen, maxSeqLen } = spec.build;
    if (inputTokens > maxInputLen) {
      return [{
        path: 'bench.inputTokens',
        message: `must be ≤ build.maxInputLen (${maxInputLen}), got ${inputTokens}: every request would be rejected`,
        hint: `set bench.inputTokens: ${Math.min(maxInputLen, 200)} or raise context.maxInputTokens`,
      }];
    }
    return when(maxSeqLen !== undefined && inputTokens + outputTokens > maxSeqLen, {
      path: 'bench.outputTokens',
      message: `bench.inputTokens + bench.outputTokens must be ≤ build.maxSeqLen (${maxSeqLen}), got ${inputTokens} + ${outputTokens} = ${inputTokens + outputTokens}: answers would be cut short`,
      hint: `set bench.outputTokens: ${Math.max(1, (maxSeqLen ?? 0) - inputTokens)} or raise context.maxOutputTokens`,
    });
  },
  examples: {
    pass: { context: { maxInputTokens: 1024, maxOutputTokens: 512 }, bench: { inputTokens: 1000, outputTokens: 500 } },
    fail: { context: { maxInputTokens: 1024, maxOutputTokens: 512 }, bench: { inputTokens: 1000, outputTokens: 600 } },
  },
};
