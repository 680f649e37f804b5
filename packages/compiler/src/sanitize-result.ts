import { maskSecrets } from '@trtforge/spec';
import type { Diagnostic } from './diagnostics.js';
import { secretEnv } from './lints/rules/hardening/secret-patterns.js';

/** Longest message / hint / code-frame line shown; the rest is cut (values are never needed whole). */
const MAX_MESSAGE = 1000;
const MAX_SOURCE_LINE = 500;

/**
 * The last step of compileSpecs: whatever a spec contains, what leaves the compiler for a terminal
 * or a log is safe — credentials and secret env values are masked, control characters escaped and
 * huge lines cut. Files are untouched: a spec with any of these never compiles (TRT201–TRT208).
 */
export function sanitizeResult<R extends { source: string; diagnostics: Diagnostic[] }>(result: R): R {
  const secrets = secretEnv().map(([, value]) => value);
  const mask = (text: string) => maskSecrets(text, secrets);
  return {
    ...result,
    source: mask(result.source).split('\n').map((line) => shorten(escapeControls(line, true), MAX_SOURCE_LINE)).join('\n'),
    diagnostics: result.diagnostics.map((d): Diagnostic => ({
      ...d,
      message: shorten(escapeControls(mask(d.message), false), MAX_MESSAGE),
      ...(d.hint !== undefined ? { hint: shorten(escapeControls(mask(d.hint), false), MAX_MESSAGE) } : {}),
      ...(d.source !== undefined ? { source: mask(d.source).split('\n').map((line) => shorten(escapeControls(line, true), MAX_SOURCE_LINE)).join('\n') } : {}),
    })),
  };
}

/** Controls become visible `\u001b` escapes; tabs (and carriage returns at line ends, in source) stay. */
function escapeControls(text: string, isSourceLine: boolean): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g, (ch, offset: number) =>
    isSourceLine && ch === '\r' && offset === text.length - 1 ? ch : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
