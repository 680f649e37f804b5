import type { Diagnostic } from '../diagnostics.js';
import type { LocationMap } from '../load/locations.js';
import { closest } from '../suggest.js';
import { RULES } from './catalogue.js';
import type { LintContext } from './rule.js';

/**
 * Runs every rule and turns findings into located diagnostics. `lints.silence` turns a rule off
 * for this spec; the reason is mandatory, and silencing an unknown rule is itself an error.
 */
export function runLints(ctx: LintContext, file: string, locations: LocationMap): Diagnostic[] {
  const silence = ctx.spec.lints.silence;
  const at = (path: string) => locations.locate(path ? path.split('.') : []);
  const out: Diagnostic[] = [];
  for (const [id, reason] of Object.entries(silence)) {
    const rule = RULES.find((r) => r.id === id);
    const loc = at(`lints.silence.${id}`);
    if (!rule) {
      const guess = closest(id, RULES.map((r) => r.id));
      out.push({ severity: 'error', code: 'TRT016', file, ...loc, path: `lints.silence.${id}`,
        message: `unknown lint rule "${id}"`, hint: guess ? `did you mean "${guess}"?` : 'see docs/lints.md for the rule ids' });
    } else if (rule.silenceable === false) {
      out.push({ severity: 'error', code: 'TRT016', file, ...loc, path: `lints.silence.${id}`,
        message: `rule ${id} cannot be silenced`, hint: rule.title });
    } else if (reason.trim() === '') {
      out.push({ severity: 'error', code: 'TRT016', file, ...loc, path: `lints.silence.${id}`,
        message: 'a silenced rule needs a reason', hint: `${id}: '<why this spec is right anyway>'` });
    }
  }
  for (const rule of RULES) {
    if (rule.silenceable !== false && silence[rule.id]?.trim()) continue;
    for (const f of rule.check(ctx)) {
      out.push({ severity: rule.severity, code: rule.id, file, ...at(f.path), path: f.path, message: f.message, hint: f.hint });
    }
  }
  return out;
}
