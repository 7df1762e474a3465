// Server-Sent Events as text arrives in pieces, parsed by eventsource-parser: each message's
// `data:` lines, joined, once its blank line has come. The stream is read from a fetch rather than
// an EventSource so the window's first state (sent down it) is asked for as the first module runs.
import { createParser } from 'eventsource-parser';

/** A reader to give each piece of the stream to, in order; calls `onData` per message. */
export function sseReader(onData: (data: string) => void): (piece: string) => void {
  const parser = createParser({
    onEvent: (message) => {
      if (message.data) onData(message.data);
    },
  });
  return (piece) => parser.feed(piece);
}
