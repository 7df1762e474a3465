// Server-Sent Events as text arrives in pieces: each message's `data:` lines, joined, once its
// blank line has come. A window's first state is one message of hundreds of kilobytes in many
// pieces: they are kept apart and joined once, not searched again as each one arrives.

/** A reader to give each piece of the stream to, in order; calls `onData` per message. */
export function sseReader(onData: (data: string) => void): (piece: string) => void {
  let pieces: string[] = [];
  let endsWithNewline = false;
  const message = (block: string) => {
    const data = block
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5))
      .join('\n');
    if (data) onData(data);
  };
  return (piece) => {
    if (piece === '') return;
    let rest = piece;
    // A blank line split between two pieces.
    if (endsWithNewline && rest.startsWith('\n')) {
      message(pieces.join('').slice(0, -1));
      pieces = [];
      rest = rest.slice(1);
    }
    for (let end = rest.indexOf('\n\n'); end >= 0; end = rest.indexOf('\n\n')) {
      pieces.push(rest.slice(0, end));
      message(pieces.join(''));
      pieces = [];
      rest = rest.slice(end + 2);
    }
    if (rest !== '') pieces.push(rest);
    endsWithNewline = rest.endsWith('\n');
  };
}
