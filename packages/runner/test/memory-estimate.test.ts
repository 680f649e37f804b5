import { describe, expect, it } from 'vitest';
import type { PlanSizing } from '@trtforge/spec';
import { thousands } from '../src/doctor/types.js';
import { estimateMemory, RUNTIME_OVERHEAD_BYTES } from '../src/probe/memory-estimate.js';

const GiB = 1024 ** 3;
// Sizes from the models' Hugging Face config.json files.
const QWEN_05B = { num_hidden_layers: 24, num_attention_heads: 14, num_key_value_heads: 2, hidden_size: 896, torch_dtype: 'bfloat16', max_position_embeddings: 32768 };
const QWEN_32B = { num_hidden_layers: 64, num_attention_heads: 40, num_key_value_heads: 8, hidden_size: 5120, torch_dtype: 'bfloat16', max_position_embeddings: 32768 };
const A10G = 23028 * 1024 ** 2;
const A100_80 = 81920 * 1024 ** 2;

const sizing = (over: Partial<PlanSizing> = {}): PlanSizing => ({
  weightBytes: 2, kvBytes: 2, maxBatchSize: 20, maxInputLen: 10240, maxSeqLen: 16384,
  kvFreeGpuMemFraction: 0.9, maxKvTokens: null, schedulerPolicy: 'guaranteed_no_evict', ...over,
});

describe('estimateMemory: weights and KV cache per GPU', () => {
  it('Qwen2.5-0.5B on an A10G (the seed): 12 KiB of KV per token, ~98 full 16k-token requests', () => {
    const e = estimateMemory({ hf: QWEN_05B, weightFileBytes: 988_097_824, sizing: sizing(), tp: 1, pp: 1, gpuBytes: A10G })!;
    // 2 (K,V) × 24 layers × 2 KV heads × 64 head dim × 2 bytes
    expect(e.kvBytesPerToken).toBe(12_288);
    expect(e.kvPool).toBeCloseTo((A10G - 988_097_824 - RUNTIME_OVERHEAD_BYTES) * 0.9, 0);
    // (23028 MiB − 0.92 GiB weights − 1 GiB) × 0.9 / 12 KiB, then whole 16384-token requests
    expect(e.kvTokens).toBe(1_617_536);
    expect(e.fullRequests).toBe(98);
  });

  it('Qwen2.5-32B at TP=4: a quarter of the weights and of the KV heads per GPU', () => {
    const on = (gpuBytes: number) => estimateMemory({ hf: QWEN_32B, weightFileBytes: 65.5e9, sizing: sizing({ maxBatchSize: 32, maxSeqLen: 10240, kvFreeGpuMemFraction: 0.85 }), tp: 4, pp: 1, gpuBytes })!;
    // 2 × 64 layers × (8 / 4) KV heads × 128 × 2 bytes
    expect(on(A100_80).kvBytesPerToken).toBe(65_536);
    expect(on(A100_80).weightsPerGpu).toBeCloseTo(65.5e9 / 4, 0);
    expect(on(A100_80).fullRequests).toBeGreaterThanOrEqual(32);
    // on 24 GB cards the KV pool holds far fewer full-length requests than the batch
    expect(on(A10G).fullRequests).toBeLessThan(32);
  });

  it('weight-only int8 halves a bf16 checkpoint; INT8 KV halves the KV bytes; pipeline stages split the layers', () => {
    const base = { hf: QWEN_32B, weightFileBytes: 64 * GiB, tp: 1, pp: 1, gpuBytes: A100_80 };
    expect(estimateMemory({ ...base, sizing: sizing({ weightBytes: 1 }) })!.weightsPerGpu).toBe(32 * GiB);
    expect(estimateMemory({ ...base, sizing: sizing({ kvBytes: 1 }) })!.kvBytesPerToken).toBe(2 * 64 * 8 * 128);
    expect(estimateMemory({ ...base, pp: 2, sizing: sizing() })!.kvBytesPerToken).toBe(2 * 32 * 8 * 128 * 2);
  });

  it('KV heads are replicated when tp exceeds them; the pool cap and an unknown max_seq_len are honoured', () => {
    const e = estimateMemory({ hf: QWEN_05B, weightFileBytes: GiB, sizing: sizing({ maxKvTokens: 65_536, maxSeqLen: null }), tp: 4, pp: 1, gpuBytes: A10G })!;
    expect(e.kvBytesPerToken).toBe(2 * 24 * 1 * 64 * 2);
    expect(e.kvTokens).toBe(65_536);
    expect(e.seqLen).toBe(32768);
    expect(e.fullRequests).toBe(2);
  });

  it('weights that do not fit leave no KV pool; a config without sizes gives no estimate', () => {
    const e = estimateMemory({ hf: QWEN_32B, weightFileBytes: 65.5e9, sizing: sizing(), tp: 1, pp: 1, gpuBytes: A10G })!;
    expect(e.kvPool).toBe(0);
    expect(e.kvTokens).toBe(0);
    expect(estimateMemory({ hf: { torch_dtype: 'float16' }, weightFileBytes: GiB, sizing: sizing(), tp: 1, pp: 1, gpuBytes: A10G })).toBeUndefined();
  });
});

describe('thousands: token counts as the doctor prints them', () => {
  it("writes what toLocaleString('en-US') writes for whole numbers", () => {
    for (const n of [0, 7, 999, 1000, 12_288, 999_999, 1_617_536, 12_345_678_901]) expect(thousands(n)).toBe(n.toLocaleString('en-US'));
  });
});
