import { loadWeightsData } from '../../backend/weights-data.js';
import type { LintFinding, LintRule } from '../rule.js';

// The compiler cannot see the weights, but source.hfRepo names them: a repository whose weights no
// converter of the release takes (data/trtllm-<release>/weights.json `hubRepos`) fails here, at the
// spec's line, instead of at `trtforge convert` when the runner reads config.json.

export const hubRepoNotConverted: LintRule = {
  id: 'TRT189',
  severity: 'error',
  topic: 'families',
  title: 'source.hfRepo must not name a model no converter of the release takes',
  why: 'Qwen3 (model_type qwen3, qwen3_moe) is a Qwen model, but the qwen convert_checkpoint.py of every release trtforge supports (0.16.0–0.19.0) asserts its model type is qwen, qwen2 or qwen2_moe; NVIDIA\'s release notes add Qwen3 in 0.20.0 and the TensorRT-engine Qwen3 in 1.0. The runner refuses such weights from their config.json before converting; when source.hfRepo already names them (Qwen/Qwen3-*), the spec is refused here, where it is written. Which repositories and model types: data/trtllm-<release>/weights.json.',
  fields: ['source.hfRepo', 'runtime.backendVersion'],
  check: ({ spec }) => {
    const repo = spec.raw.source?.hfRepo;
    if (typeof repo !== 'string') return [];
    const data = loadWeightsData(spec.runtime.backendVersion);
    const hit = data?.hubRepos?.find((r) => new RegExp(r.pattern, 'i').test(repo));
    if (!data || !hit) return [];
    const entry = hit.modelTypes.map((t) => data.notConverted[t]).find((e) => e !== undefined);
    const finding: LintFinding = {
      path: 'source.hfRepo',
      message: `"${repo}" is ${hit.model} (config.json model_type ${hit.modelTypes.join(' or ')}): ${entry?.why ?? `no converter of TensorRT-LLM ${spec.runtime.backendVersion} takes it`}`,
      hint: `deploy a model a supported release converts (e.g. a Qwen2.5 model, model_type qwen2); ${hit.model} needs a TensorRT-LLM release trtforge does not support yet`,
    };
    return [finding];
  },
  examples: {
    pass: { source: { hfRepo: 'Qwen/Qwen2.5-0.5B-Instruct' } },
    fail: { source: { hfRepo: 'Qwen/Qwen3-8B' } },
  },
};
