import { when, type LintRule } from '../rule.js';

export const worldSizeMatchesGpus: LintRule = {
  id: 'TRT106',
  severity: 'error',
  title: 'tp × pp must equal the number of GPUs',
  why: 'The engine has one rank per GPU and the server needs exactly tp×pp MPI ranks ("Assertion failed: mpiSize == tp * pp", TensorRT-LLM#1047).',
  fields: ['parallelism.tp', 'parallelism.pp', 'parallelism.gpuIds'],
  check: ({ spec }) => {
    const { tp, pp, gpuIds } = spec.parallelism;
    const dupes = gpuIds.filter((id, i) => gpuIds.indexOf(id) !== i);
    return [
      ...when(gpuIds.length !== tp * pp, {
        path: 'parallelism.gpuIds',
        message: `must list tp × pp = ${tp} × ${pp} = ${tp * pp} GPUs, got ${gpuIds.length} (${gpuIds.join(',') || 'none'})`,
        hint: `list ${tp * pp} GPU ids, or change parallelism.tp / parallelism.pp`,
      }),
      ...when(dupes.length > 0, {
        path: 'parallelism.gpuIds',
        message: `lists GPU ${dupes.join(', ')} more than once`,
        hint: 'each rank needs its own GPU',
      }),
    ];
  },
  examples: { pass: { parallelism: { tp: 2, gpuIds: [0, 1] } }, fail: { parallelism: { tp: 4, gpuIds: [0, 1] } } },
};
