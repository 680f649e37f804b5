import type { LintRule } from '../../rule.js';
import { SECRET_SHAPES, secretEnv } from './secret-patterns.js';
import { specStrings } from './spec-strings.js';

export const credentialInSpec: LintRule = {
  id: 'TRT207',
  severity: 'error',
  topic: 'hardening',
  title: 'no access tokens in the spec',
  why: 'model.ts is committed and its values reach plan.json, PLAN.md and logs. trtforge never needs a token (weights are local); a step that does gets it by name only (plan.json `passEnv`), so its value never enters generated/.',
  fields: ['*'],
  silenceable: false,
  check: ({ spec }) => specStrings(spec.raw).flatMap((s) => {
    const shape = SECRET_SHAPES.find(({ pattern }) => new RegExp(pattern.source).test(s.value));
    return shape ? [{
      path: s.path,
      message: `looks like ${shape.name}; secrets must not be written in a spec`,
      hint: 'remove it and revoke the token; export it in the shell (e.g. HF_TOKEN) if a tool needs it',
    }] : [];
  }),
  examples: { pass: { source: { revision: 'hf_main' } }, fail: { source: { revision: `hf_${'x'.repeat(34)}` } } },
};

export const secretEnvValueInSpec: LintRule = {
  id: 'TRT208',
  severity: 'error',
  topic: 'hardening',
  title: 'no values of secret environment variables in the spec',
  why: 'A value copied from $HF_TOKEN or any variable whose name looks secret (a word TOKEN, KEY, SECRET, PASSWORD, PASSWD, CREDENTIAL, AUTH, PRIVATE…: the one policy in packages/spec/src/secrets.ts) would be written into plan.json and PLAN.md. The check reads the environment of the compiling process (values are never printed).',
  fields: ['*'],
  silenceable: false,
  check: ({ spec }) => {
    const secrets = secretEnv();
    if (secrets.length === 0) return [];
    return specStrings(spec.raw).flatMap((s) => {
      const hit = secrets.find(([, value]) => s.value.includes(value));
      return hit ? [{
        path: s.path,
        message: `contains the value of the environment variable $${hit[0]}`,
        hint: `remove it; pass $${hit[0]} to the tool by name, never by value`,
      }] : [];
    });
  },
  examples: {
    pass: { source: { revision: 'v1.0' } },
    fail: { source: { revision: 'sk-example-8c1f2e' } },
    env: { TRTFORGE_EXAMPLE_API_KEY: 'sk-example-8c1f2e' },
  },
};
