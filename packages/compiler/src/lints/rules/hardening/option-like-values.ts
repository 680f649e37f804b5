import type { LintRule } from '../../rule.js';
import { kindOf } from './field-kinds.js';
import { isPlainText, quote, specStrings } from './spec-strings.js';

export const optionLikeValues: LintRule = {
  id: 'TRT209',
  severity: 'error',
  topic: 'hardening',
  title: 'no string value may start with "-"',
  why: 'Spec strings become argv elements of NVIDIA\'s tools: `--calib_dataset <convert.calibDataset>` for convert_checkpoint.py, `--host <serve.host>` for trtllm-serve and the OpenAI frontend, the image reference for docker/podman run. argparse and the container CLIs read an element that starts with "-" as an option, so a value like "--help" or "--privileged" silently changes what the tool does instead of being a value. No path, dataset, host or image legitimately starts with "-"; only lints.silence reasons (never passed anywhere) may. Host paths have their own rule (TRT204).',
  fields: ['*'],
  silenceable: false,
  check: ({ spec }) => specStrings(spec.raw).filter((s) => isPlainText(s.value) && !['reason', 'host-path'].includes(kindOf(s.path)) && /^\s*-/.test(s.value)).map((s) => ({
    path: s.path,
    message: `is ${quote(s.value)}, which starts with "-": where it becomes a command-line argument the tool reads it as an option`,
    hint: 'use the value itself (a path, id or address never starts with "-"; write ./-name for a relative path that really does)',
  })),
  examples: { pass: { convert: { calibDataset: '/data/calib' } }, fail: { convert: { calibDataset: '--help' } } },
};
