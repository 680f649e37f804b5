import { when, type LintFinding, type LintRule } from '../rule.js';

export const worldSizeMatchesGpus: LintRule = {
  id: 'TRT106',
  severity: 'error',
  topic: 'parallelism',
  title: 'tp × pp must equal the number of GPUs',
  why: 'The engine has one rank per GPU and the server needs exactly tp×pp MPI ranks ("Assertion failed: mpiSize == tp * pp", TensorRT-LLM#1047, #2021; tensorrtllm_backend#129). trtforge derives the mpirun line from parallelism, so the GPU list must match.',
  fields: ['parallelism.tp', 'parallelism.pp', 'parallelism.gpuIds'],
  pain: [32, 33],
  check: ({ spec }) => {
    const { tp, pp, gpuIds } = spec.parallelism;
    const dupes = [...new Set(gpuIds.filter((id, i) => gpuIds.indexOf(id) !== i))];
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

export const tritonDeviceIdsMatchWorld: LintRule = {
  id: 'TRT127',
  severity: 'error',
  topic: 'parallelism',
  title: 'triton.gpuDeviceIds / participantIds must list one logical id per rank',
  why: 'gpu_device_ids must hold tp×pp ids per instance, and the backend reads them as CUDA ids: the steps run with CUDA_VISIBLE_DEVICES=<parallelism.gpuIds>, so the visible GPUs are 0…tp×pp−1. Ids that are neither logical ids nor the GPUs of parallelism.gpuIds select GPUs that do not exist (error). NVIDIA\'s docs write host ids (e.g. 4,5,6,7); when they are exactly the GPUs of parallelism.gpuIds trtforge writes the logical ids into config.pbtxt and only warns. participant_ids likewise needs one MPI rank per engine rank (parameter-semantics.json; tensorrtllm_backend#398).',
  fields: ['triton.gpuDeviceIds', 'triton.participantIds', 'parallelism.tp', 'parallelism.pp', 'parallelism.gpuIds'],
  pain: [32, 33],
  check: ({ spec }) => {
    const world = spec.parallelism.worldSize;
    const findings: LintFinding[] = [];
    // The ids as written: resolve() already turned host ids into logical ones where it could.
    const ids = spec.raw.triton?.gpuDeviceIds;
    const logical = Array.from({ length: world }, (_, i) => i).join(', ');
    if (ids) {
      findings.push(...when(ids.length !== world, {
        path: 'triton.gpuDeviceIds',
        message: `must list tp × pp = ${world} ids, got ${ids.length}`,
        hint: `set triton.gpuDeviceIds: [${logical}] (or remove it: leader mode needs none)`,
      }));
      const outside = ids.filter((id) => id >= world);
      const hostIds = outside.length > 0 && ids.every((id) => spec.parallelism.gpuIds.includes(id));
      findings.push(...when(outside.length > 0 && !hostIds, {
        path: 'triton.gpuDeviceIds',
        message: `must be logical ids 0…${world - 1} (CUDA_VISIBLE_DEVICES is ${spec.parallelism.gpuIds.join(',')}), got ${outside.join(', ')}`,
        hint: `use ${logical}; the host GPUs belong in parallelism.gpuIds`,
      }));
    }
    const participants = spec.triton.participantIds;
    findings.push(...when(participants !== undefined && participants.length !== world, {
      path: 'triton.participantIds',
      message: `must list tp × pp = ${world} MPI ranks, got ${participants?.length ?? 0}`,
      hint: `list ${world} ranks (rank 0 is the orchestrator: start at 1)`,
    }));
    return findings;
  },
  examples: { pass: { parallelism: { tp: 2, gpuIds: [4, 5] }, triton: { gpuDeviceIds: [0, 1] } }, fail: { parallelism: { tp: 2, gpuIds: [4, 5] }, triton: { gpuDeviceIds: [6, 7] } } },
};

export const tritonDeviceIdsAreHostIds: LintRule = {
  id: 'TRT143',
  severity: 'warning',
  topic: 'parallelism',
  title: 'triton.gpuDeviceIds written as host GPU ids are renumbered',
  why: 'NVIDIA\'s docs write gpu_device_ids as the host\'s GPU ids, which is right when tritonserver sees every GPU. trtforge\'s steps see only parallelism.gpuIds, renumbered from 0 (CUDA_VISIBLE_DEVICES / the container\'s --gpus), so host ids that are exactly those GPUs are written to config.pbtxt as their logical ids. Nothing fails; the warning says why config.pbtxt differs from the spec.',
  fields: ['triton.gpuDeviceIds', 'parallelism.gpuIds'],
  pain: [32],
  check: ({ spec }) => {
    const ids = spec.raw.triton?.gpuDeviceIds;
    const emitted = spec.triton.gpuDeviceIds;
    return when(ids !== undefined && emitted !== undefined && ids.join(',') !== emitted.join(','), {
      path: 'triton.gpuDeviceIds',
      message: `lists host GPUs ${ids?.join(', ')}; inside the serve step they are ${emitted?.join(', ')}, which config.pbtxt gets`,
      hint: `write triton.gpuDeviceIds: [${emitted?.join(', ')}] to say what runs (or remove it: leader mode needs none)`,
    });
  },
  examples: { pass: { parallelism: { tp: 2, gpuIds: [4, 5] }, triton: { gpuDeviceIds: [0, 1] } }, fail: { parallelism: { tp: 2, gpuIds: [4, 5] }, triton: { gpuDeviceIds: [4, 5] } } },
};
