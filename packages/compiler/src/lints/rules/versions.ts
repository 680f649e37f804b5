import { when, type LintRule } from '../rule.js';

/** `nvcr.io/nvidia/tritonserver:25.01-trtllm-python-py3` → "25.01". */
function tritonRelease(image: string): string | undefined {
  return /\/tritonserver:(\d{2}\.\d{2})-trtllm/.exec(image)?.[1];
}

export const imageMatchesBackend: LintRule = {
  id: 'TRT114',
  severity: 'error',
  topic: 'serving',
  title: 'the image must ship the TensorRT-LLM version the repository is generated for',
  why: 'Engines and templates are tied to one TRT-LLM / backend release; another image fails with "Version tag does not match" or tensor-name mismatches (tensorrtllm_backend#190, #233, #389, #451; server#7581). The pairing table is packages/compiler/data/versions.json; build and serve use the same image, so only this one pairing matters.',
  fields: ['runtime.image', 'runtime.backendVersion'],
  pain: [28, 29, 30],
  check: ({ spec, backend }) => {
    const { image, backendVersion } = spec.runtime;
    const release = tritonRelease(image);
    const expected = backend.versions.images.map((i) => `"${i}"`).join(' or ');
    return when(!backend.versions.images.includes(image), {
      path: 'runtime.image',
      message: release && release !== backend.versions.triton
        ? `"${image}" is Triton ${release}, but tensorrtllm_backend ${backendVersion} pairs with Triton ${backend.versions.triton} (TRT-LLM ${backend.versions.tensorrtllm})`
        : `"${image}" is not a known image for tensorrtllm_backend ${backendVersion} (TRT-LLM ${backend.versions.tensorrtllm})`,
      hint: `use ${expected}, or silence TRT114 with the reason you know this image ships TRT-LLM ${backend.versions.tensorrtllm}`,
    });
  },
  examples: { pass: {}, fail: { runtime: { image: 'nvcr.io/nvidia/tritonserver:24.08-trtllm-python-py3' } } },
};
