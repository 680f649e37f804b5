import { written } from '../spec-paths.js';
import { when, type LintRule } from '../rule.js';

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

export const wildcardHostNeedsConfirmation: LintRule = {
  id: 'TRT171',
  severity: 'error',
  topic: 'exposure',
  title: 'binding every interface (0.0.0.0, ::) needs serve.exposeOnAllInterfaces: true',
  why: 'The serve containers run with host networking, so serve.host 0.0.0.0 or :: puts the model — unauthenticated, with its metrics and gRPC ports — on every interface of the machine, public ones included. NVIDIA\'s examples bind all interfaces inside an isolated container network; here that is a decision, so the spec must say it in a typed field that review sees.',
  fields: ['serve.host', 'serve.exposeOnAllInterfaces'],
  check: ({ spec }) => when(WILDCARDS.has(spec.serve.host) && spec.serve.exposeOnAllInterfaces !== true, {
    path: 'serve.host',
    message: `is "${spec.serve.host}": the model would answer on every network interface of the host (host networking)${written(spec, 'serve.exposeOnAllInterfaces') ? ', and serve.exposeOnAllInterfaces is false' : ''}`,
    hint: "bind 127.0.0.1 (the default) or one interface's address, or confirm with serve: { exposeOnAllInterfaces: true }",
  }),
  examples: {
    pass: { serve: { host: '0.0.0.0', exposeOnAllInterfaces: true } },
    fail: { serve: { host: '0.0.0.0' } },
  },
};
