/** One string value of the spec as written, with its dotted field path. */
export interface SpecString {
  path: string;
  value: string;
}

/** Every string value in the raw spec (array elements get numeric segments: `a.b.0`). */
export function specStrings(value: unknown, prefix = ''): SpecString[] {
  if (typeof value === 'string') return [{ path: prefix, value }];
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return entries.flatMap(([k, v]) => specStrings(v, prefix ? `${prefix}.${k}` : k));
}

/** Values are capped at this many characters: no legitimate path, tag or choice list is longer. */
export const MAX_STRING_LENGTH = 4096;

/**
 * Characters that never belong in a spec value: C0/C1 controls (newline, NUL, ESC…), line and
 * paragraph separators, zero-width characters and the bidi overrides of "Trojan Source". They break
 * config.pbtxt, PLAN.md and terminals, or hide what a reviewer sees.
 */
// eslint-disable-next-line no-control-regex
export const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/;

/** Whether later hardening rules can look at the value (TRT201 / TRT202 report the rest). */
export function isPlainText(value: string): boolean {
  return value.length <= MAX_STRING_LENGTH && !INVISIBLE.test(value);
}

/** `"…"` for a message: short values verbatim, long ones shortened (values are never echoed whole). */
export function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}…` : value);
}

/** `";"` or `U+000A` for one character. */
export function describeChar(ch: string): string {
  return INVISIBLE.test(ch) ? `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : JSON.stringify(ch);
}
