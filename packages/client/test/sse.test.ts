import { describe, expect, it } from 'vitest';
import { parseSse, SseLineParser, type SseEvent } from '../src/index.js';

function streamOf(chunks: Array<string | Uint8Array>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
      controller.close();
    },
  });
}

async function all(chunks: Array<string | Uint8Array>): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of parseSse(streamOf(chunks))) events.push(event);
  return events;
}

describe('parseSse', () => {
  it('reads Triton generate_stream events', async () => {
    // GIVEN two events as Triton writes them
    const events = await all(['data: {"text_output":"Hel"}\n\n', 'data: {"text_output":"lo"}\n\n']);
    // THEN each data line is one event
    expect(events.map((e) => JSON.parse(e.data).text_output)).toEqual(['Hel', 'lo']);
  });

  it('survives chunk boundaries anywhere, including inside "\\r\\n" and a UTF-8 character', async () => {
    const text = 'data: {"t":"你好"}\r\n\r\ndata: [DONE]\r\n\r\n';
    const bytes = new TextEncoder().encode(text);
    const chunks = Array.from(bytes, (b) => new Uint8Array([b])); // one byte per chunk
    const events = await all(chunks);
    expect(events.map((e) => e.data)).toEqual(['{"t":"你好"}', '[DONE]']);
  });

  it('joins multi-line data, ignores comments, keeps event names', async () => {
    const events = await all([': keep-alive\n', 'event: message\ndata: a\ndata: b\n\n']);
    expect(events).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('dispatches a last event that lacks the final blank line', async () => {
    expect(await all(['data: {"x":1}\n\ndata: {"x":2}'])).toHaveLength(2);
  });

  it('handles a lone "\\r" split from its "\\n" by the chunking', () => {
    const parser = new SseLineParser();
    const first = [...parser.push('data: a\r')];
    const second = [...parser.push('\n\r\n')];
    expect(first).toEqual([]);
    expect(second).toEqual([{ data: 'a' }]);
  });
});
