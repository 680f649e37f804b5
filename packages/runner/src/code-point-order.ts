/**
 * Orders strings by UTF-16 code units, as Array.prototype.sort() does: the same order on every
 * host whatever its locale, and no ICU collator to load (localeCompare's first call costs
 * 10–30 ms, paid by every `trtforge serve`).
 */
export const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
