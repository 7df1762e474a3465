// The web transport's event stream read from a fetch: messages whole, however the text is cut.
import { describe, expect, it } from 'vitest';
import { sseReader } from '../../renderer/transport/sse';

const STREAM =
  ': connected\n\n' +
  'data: {"state":{"ok":true,"value":{"tasks":[["a:1","a"]]}}}\n\n' +
  ': keep-alive\n\n' +
  'data: {"event":"state:held","payload":{}}\n\n' +
  'data: first\ndata: second\n\n';
const MESSAGES = [
  '{"state":{"ok":true,"value":{"tasks":[["a:1","a"]]}}}',
  '{"event":"state:held","payload":{}}',
  'first\nsecond',
];

function readAll(pieces: string[]): string[] {
  const out: string[] = [];
  const read = sseReader((data) => out.push(data));
  for (const piece of pieces) read(piece);
  return out;
}

describe('the event stream', () => {
  it('gives each message whole, however the stream is cut into pieces', () => {
    expect(readAll([STREAM])).toEqual(MESSAGES);
    for (let cut = 0; cut <= STREAM.length; cut += 1) {
      expect(readAll([STREAM.slice(0, cut), STREAM.slice(cut)])).toEqual(MESSAGES);
    }
    expect(readAll([...STREAM])).toEqual(MESSAGES);
  });

  it('holds a message until its blank line has come', () => {
    expect(readAll(['data: {"event":"alert"}\n'])).toEqual([]);
    expect(readAll(['data: {"event":"alert"}\n', '', '\n'])).toEqual(['{"event":"alert"}']);
  });
});
