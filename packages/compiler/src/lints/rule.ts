import type { ResolvedModelSpec } from '../resolve/resolved.js';
import type { BackendData } from '../backend/backend-data.js';

/** What a rule sees: the resolved spec (with the raw one inside) and the version data. */
export interface LintContext {
  spec: ResolvedModelSpec;
  backend: BackendData;
  /** Folder name of the spec (models/<folder>/model.ts). */
  folder: string;
}

/** One problem a rule found. `path` is where it is reported; `related` are the other fields involved. */
export interface LintFinding {
  path: string;
  message: string;
  hint: string;
}

export interface LintRule {
  /** Stable id, TRTnnn. */
  id: string;
  severity: 'error' | 'warning';
  /** Short title for docs/lints.md. */
  title: string;
  /** Why it matters (docs), with the upstream issue it prevents. */
  why: string;
  /** Fields the rule reads (docs). */
  fields: string[];
  /** Whether `lints.silence` may turn it off. */
  silenceable?: boolean;
  check(ctx: LintContext): LintFinding[];
  /** A spec fragment that passes / fails this rule (docs and tests). */
  examples: { pass: object; fail: object };
}

/** Helper: one finding when `cond` holds. */
export function when(cond: boolean, finding: LintFinding): LintFinding[] {
  return cond ? [finding] : [];
}
