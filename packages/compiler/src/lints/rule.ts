import type { ResolvedModelSpec } from '../resolve/resolved.js';
import type { BackendData } from '../backend/backend-data.js';
import type { HostFacts } from '../host/host-facts.js';

/** What a rule sees: the resolved spec (with the raw one inside) and the version data. */
export interface LintContext {
  spec: ResolvedModelSpec;
  backend: BackendData;
  /** Folder name of the spec (models/<folder>/model.ts). */
  folder: string;
  /** Repository root, when known (rules that look at the host, e.g. whether a relative path exists). */
  root?: string;
  /**
   * The only way a rule reads the host (whether a path exists, a file's text): the compile records
   * each answer, and a cached result is reused only while the host still answers the same.
   */
  host: HostFacts;
}

/** One problem a rule found. `path` is where it is reported (a dotted field path). */
export interface LintFinding {
  path: string;
  /** What is wrong, Kubernetes style: the sentence that follows `<path>: `. */
  message: string;
  /** The concrete fix. */
  hint: string;
}

/** Sections of docs/lints.md, in order. A rule file holds the rules of one topic. */
export const TOPICS = {
  identity: 'Identity',
  intents: 'Intent switches',
  streaming: 'Streaming and decoupled mode',
  batching: 'Batching, instances and queues',
  lengths: 'Engine lengths and token budgets',
  'kv-cache': 'KV cache, reuse and paged context FMHA',
  memory: 'GPU memory and scheduling',
  output: 'Output and tokenizer',
  decoding: 'Beam search, logits and speculative decoding',
  parallelism: 'Parallelism',
  serving: 'Serve modes and versions',
  bench: 'Benchmark (genai-perf)',
  limits: 'Limits of the NVIDIA stack',
  combinations: 'Build feature combinations',
  quantization: 'Quantization (FP8, INT4-AWQ)',
  resources: 'Ports and GPUs',
  workspace: 'Workspace identity',
  exposure: 'Weights location and network exposure',
  families: 'Model families and converters',
  hardening: 'Hardening (unsafe values)',
  kubernetes: 'Kubernetes manifests',
} as const;

export type LintTopic = keyof typeof TOPICS;

export interface LintRule {
  /** Stable id, TRTnnn: TRT1xx deployment traps, TRT2xx hardening. */
  id: string;
  severity: 'error' | 'warning';
  /** docs/lints.md section. */
  topic: LintTopic;
  /** Short title for docs/lints.md. */
  title: string;
  /** Why it matters (docs), with the upstream issue it prevents. */
  why: string;
  /** Fields the rule reads (docs; a test checks each exists in the JSON Schema). */
  fields: string[];
  /** Rows of ../shared/reference/user-pain.md the rule addresses (docs). */
  pain?: number[];
  /** Whether `lints.silence` may turn it off (default true). Unsafe values never can. */
  silenceable?: boolean;
  check(ctx: LintContext): LintFinding[];
  /**
   * Rules about what several specs do together (`turbo run serve` starts every model): given every
   * compiled spec of the repository, the findings per spec name. `check` then returns nothing.
   */
  checkRepository?(specs: readonly RepositorySpec[]): Array<{ name: string; finding: LintFinding }>;
  /**
   * Spec fragments merged onto `{ name: 'qwen', source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' } }`:
   * `pass` compiles without errors, `fail` triggers this rule. docs/lints.md shows them and a test
   * compiles both, so a rule without working examples fails the suite.
   */
  examples: {
    pass: object;
    fail: object;
    /** Files written next to the example's model.ts (workspace rules: package.json, turbo.json). */
    files?: Record<string, string>;
    /** Repository rules: the other specs (name → fragment) compiled next to the example. */
    others?: Record<string, object>;
    /** Environment variables the examples need (TRT208 reads the environment). */
    env?: Record<string, string>;
  };
}

/** One spec as a repository rule sees it. */
export interface RepositorySpec {
  name: string;
  spec: ResolvedModelSpec;
}

/** Helper: one finding when `cond` holds. */
export function when(cond: boolean, finding: LintFinding): LintFinding[] {
  return cond ? [finding] : [];
}

/** `n` rounded up to a multiple of `step`. */
export function roundUp(n: number, step: number): number {
  return Math.ceil(n / step) * step;
}
