// A read position in the token list, with error helpers that carry line:col.
import { PbtxtError } from './errors.js';
import type { Token } from './lexer.js';

export type PlaceholderMode = 'error' | 'keep';

export class Cursor {
  private pos = 0;

  constructor(
    private readonly tokens: readonly Token[],
    readonly placeholders: PlaceholderMode,
    private readonly source: string | undefined,
  ) {}

  peek(): Token {
    // tokenize() always ends with an eof token, and the cursor never moves past it.
    return this.tokens[this.pos] ?? (this.tokens[this.tokens.length - 1] as Token);
  }

  /**
   * Consume a token. `path` is the field being read, for error messages. In the default
   * mode any `${...}` fails here, wherever it appears, so a half-filled template never parses.
   */
  next(path: string): Token {
    const tok = this.peek();
    if (tok.kind === 'placeholder' && this.placeholders === 'error') {
      throw this.fail(tok, `unfilled template placeholder \${${tok.text}}`, path);
    }
    if (tok.kind !== 'eof') this.pos++;
    return tok;
  }

  isSymbol(sym: string): boolean {
    const tok = this.peek();
    return tok.kind === 'symbol' && tok.text === sym;
  }

  accept(sym: string, path: string): boolean {
    if (!this.isSymbol(sym)) return false;
    this.next(path);
    return true;
  }

  expect(sym: string, path: string, context = ''): Token {
    const tok = this.next(path);
    if (tok.kind !== 'symbol' || tok.text !== sym) {
      throw this.fail(tok, `expected "${sym}"${context ? ` ${context}` : ''}, got ${show(tok)}`, path);
    }
    return tok;
  }

  fail(tok: Token, reason: string, path: string): PbtxtError {
    return new PbtxtError(reason, {
      path,
      line: tok.line,
      column: tok.column,
      ...(this.source ? { source: this.source } : {}),
    });
  }
}

/** How a token is quoted in error messages. */
export function show(tok: Token): string {
  if (tok.kind === 'eof') return 'end of input';
  if (tok.kind === 'placeholder') return `placeholder \${${tok.text}}`;
  return `"${tok.text}"`;
}

export function at(tok: Token): string {
  return `${tok.line}:${tok.column}`;
}
