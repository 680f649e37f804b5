import type { Diagnostic } from '../diagnostics.js';
import type { LocationMap } from '../load/locations.js';
import { closest } from '../suggest.js';
import { RULES } from './catalogue.js';
import type { LintContext, LintRule } from './rule.js';

/**
 * Runs every rule and turns findings into located diagnostics. `lints.silence` turns a rule off
 * for this spec; the reason is mandatory, and silencing an unknown rule is itself an error.
 *
 * Hardening rules run first: when a value is unsafe (huge, control characters, a token…) the other
 * rules are skipped, because their messages quote spec values.
 */
export function runLints(ctx: LintContext, file: string, locations: LocationMap): Diagnostic[] {
  const silence = ctx.spec.lints.silence;
  const at = (path: string) => locations.locate(path ? path.split('.') : []);
  const out: Diagnostic[] = checkSilences(silence, file, at);
  const run = (rules: readonly LintRule[]) => {
    for (const rule of rules) {
      if (rule.silenceable !== false && silence[rule.id]?.trim()) continue;
      for (const f of rule.check(ctx)) {
        out.push({ severity: rule.severity, code: rule.id, file, ...at(f.path), path: f.path, message: f.message, hint: f.hint });
      }
    }
  };
  run(RULES.filter((r) => r.topic === 'hardening'));
  if (out.some((d) => d.severity === 'error' && d.code !== 'TRT016')) return out;
  run(RULES.filter((r) => r.topic !== 'hardening'));
  return out;
}

function checkSilences(silence: Record<string, string>, file: string, at: (path: string) => { line: number; column: number }): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [id, reason] of Object.entries(silence)) {
    const rule = RULES.find((r) => r.id === id);
    const path = `lints.silence.${id}`;
    const error = (message: string, hint: string): Diagnostic => ({ severity: 'error', code: 'TRT016', file, ...at(path), path, message, hint });
    if (!rule) {
      const guess = closest(id, RULES.map((r) => r.id));
      out.push(error(`unknown lint rule "${id}"`, guess ? `did you mean "${guess}"?` : 'see docs/lints.md for the rule ids'));
    } else if (rule.silenceable === false) {
      out.push(error(`rule ${id} cannot be silenced`, `${rule.title}: fix the value instead`));
    } else if (typeof reason !== 'string' || reason.trim() === '') {
      out.push(error('a silenced rule needs a reason', `${id}: '<why this spec is right anyway>'`));
    }
  }
  return out;
}
