/**
 * A load test of the running deployment with genai-perf (`trtforge bench <model>`), the seed's
 * benchmark step: fixed-length synthetic prompts at a fixed concurrency, TTFT / inter-token latency
 * / throughput in the summary. The command is compiled into plan.json and PLAN.md per serve mode.
 */
export interface BenchOptions {
  /**
   * Requests genai-perf keeps in flight (`--concurrency`). More than the engine's batch waits in
   * Triton's queue; more than batch + `triton.maxQueueSize` is rejected ("queue full").
   * @default triton.maxBatchSize (build.maxBatchSize under trtllm-serve): one request per batch slot
   * @minimum 1
   * @asType integer
   */
  concurrency?: number;
  /**
   * Prompt length in tokens: synthetic prompts of exactly this length
   * (`--synthetic-input-tokens-mean`, stddev 0), counted with the model's own tokenizer.
   * @default min(200, build.maxInputLen): the seed's prompt length, within what the engine takes
   * @minimum 1
   * @asType integer
   */
  inputTokens?: number;
  /**
   * Tokens asked for per answer (`--output-tokens-mean`, stddev 0; under Triton also the minimum
   * length, so every answer has exactly this many tokens).
   * @default min(100, build.maxSeqLen − bench.inputTokens): the seed's answer length, within the engine
   * @minimum 1
   * @asType integer
   */
  outputTokens?: number;
  /**
   * Measured requests (`--request-count`).
   * @default 50
   * @minimum 1
   * @asType integer
   */
  requestCount?: number;
  /**
   * Requests sent before measuring (`--warmup-request-count`).
   * @default 10
   * @minimum 0
   * @asType integer
   */
  warmupRequests?: number;
  /**
   * Image that runs genai-perf: Triton's SDK image of the serving image's release (genai-perf is
   * not in the `-trtllm-python-py3` image).
   * @default "nvcr.io/nvidia/tritonserver:25.01-py3-sdk"
   * @minLength 1
   */
  image?: string;
}
