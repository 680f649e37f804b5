import { join } from 'node:path';
import { type LintFinding, type LintRule } from '../rule.js';

/** `owner/name` as the Hugging Face Hub spells repository ids (the schema's source.hfRepo pattern). */
const HUB_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const hubIdNotHostDir: LintRule = {
  id: 'TRT170',
  severity: 'error',
  topic: 'exposure',
  title: 'source.modelDir / tokenizerDir must be a host directory, not a Hub id',
  why: 'trtforge never downloads weights: source.modelDir is mounted into the containers as it is. "Qwen/Qwen2.5-0.5B-Instruct" — what NVIDIA\'s examples pass to --model_dir after a download, and what trtllm-serve accepts as a Hub id — is here a relative directory that does not exist, and the failure shows up only at convert time as a missing config.json. A bare owner/name is therefore an error unless that directory exists in the repository; a directory in the repository can always be written ./owner/name.',
  fields: ['source.modelDir', 'source.tokenizerDir', 'source.hfRepo'],
  check: ({ spec, root, host }) => (['modelDir', 'tokenizerDir'] as const).flatMap((field): LintFinding[] => {
    const value = spec.raw.source[field];
    if (typeof value !== 'string' || !HUB_ID.test(value)) return [];
    if (root !== undefined && host.exists(join(root, value))) return [];
    const dir = `/models/${value.split('/')[1]!}`;
    return [{
      path: `source.${field}`,
      message: `is "${value}", a Hugging Face Hub id, not a directory on this host (trtforge never downloads weights)`,
      hint: `download it (huggingface-cli download ${value} --local-dir ${dir}), then set source.${field}: '${dir}' and source.hfRepo: '${value}'; for a directory in the repository write './${value}'`,
    }];
  }),
  examples: {
    pass: { source: { modelDir: '/models/Qwen2.5-0.5B-Instruct', hfRepo: 'Qwen/Qwen2.5-0.5B-Instruct' } },
    fail: { source: { modelDir: 'Qwen/Qwen2.5-0.5B-Instruct' } },
  },
};
