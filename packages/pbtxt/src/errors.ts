/** Where a problem was found: a field path, and for text input also a position. */
export interface PbtxtErrorLocation {
  /** Dotted field path such as `ModelConfig.input[2].dims[0]`; empty for pure syntax errors. */
  readonly path: string;
  /** 1-based line in the text being parsed (reader only). */
  readonly line?: number;
  /** 1-based column, counted in UTF-16 code units; a tab counts as one. */
  readonly column?: number;
  /** Name of the text's origin (e.g. a file path) to print before `line:col`. */
  readonly source?: string;
}

/**
 * The one error type of this package. The message leads with `source:line:col:` (when
 * parsing text) and the field path, so it is useful on its own in a CLI; the parts stay
 * available as properties for callers that render their own diagnostics.
 */
export class PbtxtError extends Error {
  readonly path: string;
  readonly line?: number;
  readonly column?: number;
  /** The message without location and path. */
  readonly reason: string;

  constructor(reason: string, location: PbtxtErrorLocation) {
    super(formatMessage(reason, location));
    this.name = 'PbtxtError';
    this.reason = reason;
    this.path = location.path;
    if (location.line !== undefined) this.line = location.line;
    if (location.column !== undefined) this.column = location.column;
  }
}

function formatMessage(reason: string, { path, line, column, source }: PbtxtErrorLocation): string {
  const at = line === undefined ? '' : `${source ? `${source}:` : ''}${line}:${column ?? 0}: `;
  return `${at}${path ? `${path}: ` : ''}${reason}`;
}
