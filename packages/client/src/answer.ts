/**
 * Accumulates one answer as server output arrives: runs it through hygiene, forwards printable
 * text, and keeps what the summary line needs (time to first text, token count).
 */
import { AnswerFilter, type HygieneOptions } from './hygiene.js';

export class AnswerCollector {
  text = '';
  rawText = '';
  firstVisibleAt: number | undefined;
  firstRawAt: number | undefined;
  readonly filter: AnswerFilter | undefined;
  /** Raw [start, end) offsets of every delta; after hygiene, those inside the answer are its tokens. */
  private readonly deltas: Array<[number, number]> = [];

  constructor(
    hygiene: HygieneOptions | false,
    private readonly onText?: (text: string) => void,
  ) {
    this.filter = hygiene === false ? undefined : new AnswerFilter(hygiene);
  }

  /** A piece of server output (a stream delta, or a whole unary answer). */
  take(piece: string): void {
    if (piece === '') return;
    this.firstRawAt ??= performance.now();
    this.deltas.push([this.rawText.length, this.rawText.length + piece.length]);
    this.rawText += piece;
    this.emit(this.filter ? this.filter.push(piece) : piece);
  }

  /** Output is over: release text held back while it might have been an echo or a split token. */
  end(): void {
    if (this.filter) this.emit(this.filter.end());
  }

  /** An end-of-turn token arrived: nothing after it belongs to the answer. */
  get stopped(): boolean {
    return this.filter?.stopped ?? false;
  }

  get warnings(): readonly string[] {
    return this.filter?.warnings ?? [];
  }

  /** Stream events that carried answer text: not the echoed prompt, not what followed a stop token. */
  answerDeltas(): number {
    const from = this.filter?.echoLength ?? 0;
    const to = this.filter?.stopOffset ?? Infinity;
    return this.deltas.filter(([start, end]) => end > from && start < to).length;
  }

  private emit(piece: string): void {
    if (piece === '') return;
    this.firstVisibleAt ??= performance.now();
    this.text += piece;
    this.onText?.(piece);
  }
}
