import { when, type LintRule } from '../rule.js';

export const imageMatchesBackend: LintRule = {
  id: 'TRT114',
  severity: 'error',
  title: 'the image must ship the TensorRT-LLM version the repository is generated for',
  why: 'Engines and templates are tied to one TRT-LLM / backend release; a different image fails with "Version tag does not match" or tensor-name mismatches (tensorrtllm_backend#190, #233, #389).',
  fields: ['runtime.image', 'runtime.backendVersion'],
  check: ({ spec, backend }) => when(!backend.versions.images.includes(spec.runtime.image), {
    path: 'runtime.image',
    message: `"${spec.runtime.image}" is not a known image for tensorrtllm_backend ${spec.runtime.backendVersion} (TRT-LLM ${backend.versions.tensorrtllm})`,
    hint: `use ${backend.versions.images.map((i) => `"${i}"`).join(' or ')}, or silence TRT114 with the reason you know this image matches`,
  }),
  examples: { pass: {}, fail: { runtime: { image: 'nvcr.io/nvidia/tritonserver:24.08-trtllm-python-py3' } } },
};
