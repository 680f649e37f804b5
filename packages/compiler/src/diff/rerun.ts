import { argvLeaves } from './command-diff.js';
import { diffLeaves, flattenLeaves } from './flatten.js';
import { STEP_ORDER, type CachedStep, type StepInputs } from './step-inputs.js';

/**
 * Whether a runner step re-runs after the change. `may re-run` is for inputs the runner resolves
 * on the host (weights in another directory, other GPU ids): it re-runs only if their content or
 * compute capability differs.
 */
export interface StepVerdict {
  step: CachedStep;
  verdict: 'reused' | 're-runs' | 'may re-run' | 'added' | 'removed' | 'not used';
  /** The key components that changed (dotted, as the runner names them), or the upstream step. */
  because: string[];
  /** Under the `local` runtime only (host paths are written into the configs): why it re-runs there too. */
  localRuntime?: string[];
}

/** Components whose change the runner resolves by content on the host: a changed spelling may still hit. */
const HOST_RESOLVED: Record<CachedStep, RegExp | undefined> = {
  convert: /^weights\.modelDir$/,
  build: /^gpu\.ids$/,
  repo: undefined,
  serve: undefined,
};

function changedComponents(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  // Config files are one component each; argv by flag is what the command diff shows, here the component is enough.
  // An argv component is named by flag (`cacheKey.argv.--max_batch_size`), as the runner's rebuild reasons name it.
  const byFlag = (o: unknown): unknown => (o && typeof o === 'object' && Array.isArray((o as { argv?: unknown }).argv)
    ? { ...(o as object), argv: Object.fromEntries(argvLeaves((o as { argv: string[] }).argv)) } : o);
  const leaves = (v: Record<string, unknown>) => {
    const { configs, ...rest } = v as { configs?: Record<string, string> };
    const map = flattenLeaves(Object.fromEntries(Object.entries(rest).map(([k, x]) => [k, byFlag(x)])));
    for (const [file, text] of Object.entries(configs ?? {})) map.set(`configs.${file}`, text);
    return map;
  };
  return diffLeaves(leaves(before), leaves(after)).map((c) => c.path);
}

/** convert → build → repo → serve: what each runner step does after going from `before` to `after`. */
export function stepVerdicts(before: StepInputs | undefined, after: StepInputs | undefined): StepVerdict[] {
  if (!before || !after) {
    return STEP_ORDER.map((step) => ({ step, verdict: before ? 'removed' : 'added', because: [] }));
  }
  const verdicts = new Map<CachedStep, StepVerdict>();
  /** `upstream`: earlier steps this one depends on, by name → the reason it gives. */
  const judge = (step: CachedStep, upstream: Array<[CachedStep, string]>): StepVerdict => {
    let changed = changedComponents(before[step], after[step]);
    // Another serve mode is another process altogether: that is the reason, not each of its flags.
    if (changed.includes('selected')) changed = [`selected (serve mode ${String(before.serve.selected)} → ${String(after.serve.selected)})`];
    const hostResolved = HOST_RESOLVED[step];
    const state = (s: CachedStep) => verdicts.get(s)?.verdict;
    const definite = [...upstream.filter(([s]) => state(s) === 're-runs').map(([, why]) => why), ...changed.filter((c) => !hostResolved?.test(c))];
    const maybe = [...upstream.filter(([s]) => state(s) === 'may re-run').map(([, why]) => why), ...changed.filter((c) => hostResolved?.test(c))];
    const verdict = definite.length > 0 ? 're-runs' : maybe.length > 0 ? 'may re-run' : 'reused';
    return { step, verdict, because: definite.length > 0 ? definite : maybe };
  };
  const reRuns = (s: CachedStep) => ['re-runs', 'may re-run'].includes(verdicts.get(s)!.verdict);
  verdicts.set('convert', judge('convert', []));
  // The build key holds the convert key: a new checkpoint is a new engine.
  verdicts.set('build', judge('build', [['convert', 'convert (the checkpoint)']]));
  const usesRepo = (s: StepInputs) => (s.serve as { usesRepo: boolean }).usesRepo;
  if (!usesRepo(after)) {
    verdicts.set('repo', { step: 'repo', verdict: 'not used', because: [`serve mode ${String((after.serve as { selected: string }).selected)} needs no model repository`] });
  } else {
    const repo = judge('repo', []);
    if (!usesRepo(before)) Object.assign(repo, { verdict: 're-runs', because: ['serve mode (now serves from a model repository)', ...repo.because] });
    // `local` writes the engine's host path (its store entry) into the configs: a new engine, a new repository.
    if (repo.verdict === 'reused' && reRuns('build')) repo.localRuntime = ['the new engine\'s store path is written into the configs'];
    verdicts.set('repo', repo);
  }
  const serve = judge('serve', [
    ...((after.serve as { usesEngine: boolean }).usesEngine ? [['build', 'build (the engine)'] as [CachedStep, string]] : []),
    ['repo', 'repo (the model repository)'],
  ]);
  verdicts.set('serve', serve);
  return STEP_ORDER.map((s) => verdicts.get(s)!);
}
