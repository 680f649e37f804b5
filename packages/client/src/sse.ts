/**
 * Server-sent events parser for the two streaming protocols trtforge talks to:
 * Triton's `generate_stream` (`data: {"text_output": ...}` per response, the stream simply ends)
 * and OpenAI `stream: true` (`data: {chunk}` ... `data: [DONE]`).
 *
 * Written against the WHATWG event-stream grammar rather than splitting on "\n\n", because
 * servers and proxies differ in line endings (\r\n from some ASGI stacks) and chunk boundaries
 * fall anywhere, including inside a multi-byte UTF-8 character.
 */

export interface SseEvent {
  /** `event:` field; undefined means the default "message". */
  event?: string;
  /** All `data:` lines of the event joined with "\n". */
  data: string;
  id?: string;
}

/**
 * Yield events as they complete. Breaking out of the loop (or an abort upstream) cancels the
 * body, which is what closes the socket and lets the server stop generating.
 */
export async function* parseSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  const parser = new SseLineParser();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
    yield* parser.push(decoder.decode());
    // A server that closes without the final blank line still meant the last event.
    const last = parser.flush();
    if (last) yield last;
    finished = true;
  } finally {
    if (!finished) {
      // Early exit (consumer stopped or an error): release the connection instead of draining it.
      await reader.cancel().catch(() => undefined);
    }
    reader.releaseLock();
  }
}

/** Incremental line parser; exported for unit tests that feed arbitrary chunk boundaries. */
export class SseLineParser {
  private buffer = '';
  private data: string[] = [];
  private event: string | undefined;
  private id: string | undefined;
  /** A chunk ended in "\r": the next chunk's leading "\n" belongs to the same line break. */
  private pendingCr = false;

  *push(text: string): Generator<SseEvent> {
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      if (!match) break;
      // A lone "\r" at the very end may be the first half of "\r\n".
      if (match[0] === '\r' && match.index === this.buffer.length - 1) {
        this.pendingCr = true;
      }
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const event = this.line(line);
      if (event) yield event;
    }
  }

  /** End of stream: dispatch whatever was accumulated. */
  flush(): SseEvent | undefined {
    if (this.buffer) {
      this.line(this.buffer);
      this.buffer = '';
    }
    return this.dispatch();
  }

  private line(line: string): SseEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined; // comment / keep-alive
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id') this.id = value;
    // `retry:` and unknown fields are ignored, as the spec says.
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    if (this.data.length === 0) {
      this.event = undefined;
      return undefined;
    }
    const event: SseEvent = { data: this.data.join('\n') };
    if (this.event !== undefined) event.event = this.event;
    if (this.id !== undefined) event.id = this.id;
    this.data = [];
    this.event = undefined;
    return event;
  }
}
