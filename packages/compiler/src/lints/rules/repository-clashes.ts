import { written } from '../spec-paths.js';
import { type LintFinding, type LintRule, type RepositorySpec } from '../rule.js';
import { boundPorts } from './serve-ports.js';

type Finding = { name: string; finding: LintFinding };

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]', '']);

/** Whether two bind addresses can collide: the same address, or a wildcard that covers the other. */
function hostsOverlap(a: string, b: string): boolean {
  return a === b || WILDCARDS.has(a) || WILDCARDS.has(b);
}

/**
 * For every pair of specs that collide on something, one finding per spec that wrote the colliding
 * field; when neither wrote it (both defaults), both get one. The message names the other spec.
 */
function pairwise<T>(specs: readonly RepositorySpec[], items: (s: RepositorySpec) => T[], collide: (a: T, b: T, sa: RepositorySpec, sb: RepositorySpec) => boolean,
  path: (item: T) => string, describe: (mine: T, theirs: T, other: RepositorySpec) => LintFinding): Finding[] {
  const out: Finding[] = [];
  const sorted = [...specs].sort((x, y) => x.name.localeCompare(y.name));
  for (const [i, a] of sorted.entries()) {
    for (const b of sorted.slice(i + 1)) {
      for (const ia of items(a)) {
        for (const ib of items(b)) {
          if (!collide(ia, ib, a, b)) continue;
          const wa = written(a.spec, path(ia));
          const wb = written(b.spec, path(ib));
          if (wa || !wb) out.push({ name: a.name, finding: describe(ia, ib, b) });
          if (wb || !wa) out.push({ name: b.name, finding: describe(ib, ia, a) });
        }
      }
    }
  }
  return out;
}

export const distinctPortsAcrossSpecs: LintRule = {
  id: 'TRT146',
  severity: 'error',
  topic: 'resources',
  title: 'two models of the repository must not serve on the same port',
  why: 'An unfiltered `turbo run serve` starts every model at once, each with host networking, so two specs on the same address and port (every spec defaults to 8000/8001/8002) make the second server die with "address already in use". trtforge does not invent distinct default ports (a model\'s URL would then depend on which other models exist); it checks the repository when `trtforge compile` compiles every spec and names both specs and fields. The spec that wrote the port is the one reported; when both use the defaults, both are.',
  fields: ['serve.ports.http', 'serve.ports.grpc', 'serve.ports.metrics', 'serve.ports.openai', 'serve.host', 'serve.mode'],
  check: () => [],
  checkRepository: (specs) => pairwise(specs,
    (s) => boundPorts(s.spec).map((p) => ({ ...p, host: s.spec.serve.host })),
    (a, b) => a.port === b.port && hostsOverlap(a.host, b.host),
    (p) => `serve.ports.${p.role}`,
    (mine, theirs, other) => ({
      path: `serve.ports.${mine.role}`,
      message: `is ${mine.port}, which models/${other.name} also binds (its serve.ports.${theirs.role}${written(other.spec, `serve.ports.${theirs.role}`) ? '' : ', the default'}): \`turbo run serve\` starts both and the second fails`,
      hint: `give one of them its own ports, e.g. serve: { ports: { http: 8100, grpc: 8101, metrics: 8102, openai: 9100 } }`,
    })),
  examples: {
    pass: { serve: { ports: { http: 8100, grpc: 8101, metrics: 8102 } }, parallelism: { gpuIds: [1] } },
    fail: { serve: { ports: { http: 8000, grpc: 8101, metrics: 8102 } }, parallelism: { gpuIds: [1] } },
    others: { other: {} },
  },
};

export const distinctGpusAcrossSpecs: LintRule = {
  id: 'TRT147',
  severity: 'error',
  topic: 'resources',
  title: 'two models of the repository must not serve on the same GPU',
  why: 'An unfiltered `turbo run serve` starts every model at once. Each server sizes its KV cache as a fraction of the GPU memory free when it starts (kv_cache_free_gpu_mem_fraction), so the second model on a GPU finds it taken and fails to load (or gets a cache too small to serve), and the GPU lock makes the second serve fail fast naming the first. Every spec defaults to GPU 0: list distinct parallelism.gpuIds.',
  fields: ['parallelism.gpuIds'],
  check: () => [],
  checkRepository: (specs) => pairwise(specs,
    (s) => s.spec.parallelism.gpuIds.map((id) => ({ id })),
    (a, b) => a.id === b.id,
    () => 'parallelism.gpuIds',
    (mine, _theirs, other) => ({
      path: 'parallelism.gpuIds',
      message: `includes GPU ${mine.id}, which models/${other.name} also uses (its parallelism.gpuIds${written(other.spec, 'parallelism.gpuIds') ? '' : ', the default'}): \`turbo run serve\` would start both servers on it`,
      hint: 'give each model its own GPUs in parallelism.gpuIds',
    })),
  examples: {
    pass: { serve: { ports: { http: 8100, grpc: 8101, metrics: 8102 } }, parallelism: { gpuIds: [1] } },
    fail: { serve: { ports: { http: 8100, grpc: 8101, metrics: 8102 } }, parallelism: { gpuIds: [0] } },
    others: { other: {} },
  },
};
