/**
 * POSIX single-quoting for *display* (PLAN.md lines a person may paste). trtforge itself never
 * runs a shell: processes get argv arrays.
 */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
