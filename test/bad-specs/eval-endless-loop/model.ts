import { defineModel } from '@trtforge/spec';

/** Picks the largest batch size below a limit — with a loop that never ends (n grows past the limit). */
function largestBatch(limit: number): number {
  let n = 1;
  while (n !== limit) n += 2;
  return n;
}

export default defineModel({
  name: 'eval-endless-loop',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { maxBatchSize: largestBatch(64) },
  triton: { excludeInputInOutput: true },
});
