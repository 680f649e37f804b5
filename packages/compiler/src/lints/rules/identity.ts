import { when, type LintRule } from '../rule.js';

export const nameMatchesFolder: LintRule = {
  id: 'TRT020',
  severity: 'error',
  topic: 'identity',
  title: 'name must equal the spec folder',
  why: 'The name is the turbo package, the generated/<name> directory and the cache namespace; a mismatch sends `turbo run serve --filter=<name>` to the wrong model.',
  fields: ['name'],
  silenceable: false,
  check: ({ spec, folder }) => when(spec.name !== folder, {
    path: 'name',
    message: `must equal the folder name "${folder}", got "${spec.name}"`,
    hint: `rename the folder to models/${spec.name}/ or set name: '${folder}'`,
  }),
  examples: { pass: { name: 'qwen' }, fail: { name: 'other' } },
};
