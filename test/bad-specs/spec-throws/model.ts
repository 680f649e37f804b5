import { defineModel } from '@trtforge/spec';

/** GPU ids 0…n−1, for a node with at most 8 GPUs. */
function gpus(n: number): number[] {
  if (n > 8) throw new Error(`no node has ${n} GPUs`);
  const ids: number[] = [];
  for (let i = 0; i < n; i++) ids.push(i);
  return ids;
}

export default defineModel({
  name: 'spec-throws',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  parallelism: { tp: 16, gpuIds: gpus(16) },
  triton: { excludeInputInOutput: true },
});
