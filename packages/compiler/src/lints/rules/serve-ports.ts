import type { ResolvedModelSpec } from '../../resolve/resolved.js';
import { written } from '../spec-paths.js';
import { type LintFinding, type LintRule } from '../rule.js';

type PortRole = 'http' | 'grpc' | 'metrics' | 'openai';

/** The ports each serve mode binds (emit/serve-modes.ts): tritonserver three, the others one. */
export const MODE_PORTS: Record<ResolvedModelSpec['serve']['mode'], readonly PortRole[]> = {
  triton: ['http', 'grpc', 'metrics'],
  'trtllm-serve': ['http'],
  openai: ['openai'],
};

/** The ports `trtforge serve <name>` binds with the spec's own serve.mode: role → port. */
export function boundPorts(spec: ResolvedModelSpec): Array<{ role: PortRole; port: number }> {
  return MODE_PORTS[spec.serve.mode].map((role) => ({ role, port: spec.serve.ports[role] }));
}

export const distinctServePorts: LintRule = {
  id: 'TRT145',
  severity: 'error',
  topic: 'resources',
  title: 'the ports one server binds must differ',
  why: 'tritonserver binds --http-port, --grpc-port and --metrics-port itself; two equal ports make it exit with "address already in use" after the engine loaded. Any serve mode can be picked at run time (`trtforge serve --mode`), so the triton ports are checked whatever serve.mode says; trtllm-serve and the OpenAI frontend bind one port each, so the openai port has nothing to clash with inside one spec (across specs: TRT146).',
  fields: ['serve.ports.http', 'serve.ports.grpc', 'serve.ports.metrics'],
  check: ({ spec }) => {
    const findings: LintFinding[] = [];
    const seen = new Map<number, PortRole>();
    for (const role of MODE_PORTS.triton) {
      const port = spec.serve.ports[role];
      const first = seen.get(port);
      if (first === undefined) {
        seen.set(port, role);
        continue;
      }
      // Blame the one the user wrote (a default cannot be the mistake when the other was written).
      const path = written(spec, `serve.ports.${role}`) ? `serve.ports.${role}` : `serve.ports.${first}`;
      const other = path === `serve.ports.${role}` ? first : role;
      findings.push({
        path,
        message: `is ${port}, the same port as serve.ports.${other}: tritonserver cannot bind both`,
        hint: `use a free port, e.g. ${Math.max(...MODE_PORTS.triton.map((r) => spec.serve.ports[r])) + 1}`,
      });
    }
    return findings;
  },
  examples: { pass: { serve: { ports: { http: 8100, grpc: 8101, metrics: 8102 } } }, fail: { serve: { ports: { grpc: 8000 } } } },
};
