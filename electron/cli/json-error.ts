// Where a JSON text first goes wrong, as line and column: Node's JSON.parse gives an offset for
// some errors and none for others.

class JsonSyntax extends Error {
  constructor(readonly offset: number) {
    super('JSON syntax');
  }
}

/** The offset of the first error in `text`, or null when it is valid JSON. */
function firstErrorOffset(text: string): number | null {
  let i = 0;
  const fail = (): never => {
    throw new JsonSyntax(i);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i += 1;
  };
  const expect = (word: string) => {
    for (const c of word) {
      if (text.charAt(i) !== c) fail();
      i += 1;
    }
  };
  const string = () => {
    if (text.charAt(i) !== '"') fail();
    i += 1;
    while (i < text.length && text.charAt(i) !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail();
      if (text.charAt(i) === '\\') {
        i += 1;
        const e = text.charAt(i);
        if (e === 'u') {
          for (let k = 1; k <= 4; k += 1) if (!/[0-9a-fA-F]/.test(text.charAt(i + k))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(e) || e === '') fail();
      }
      i += 1;
    }
    if (i >= text.length) fail();
    i += 1;
  };
  const number = () => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail();
    i += (match as RegExpExecArray)[0].length;
  };
  // At an object's `{` or an array's `[`: its members or items, up to the matching `close`.
  const sequence = (close: string, item: () => void) => {
    i += 1;
    ws();
    if (text.charAt(i) === close) {
      i += 1;
      return;
    }
    for (;;) {
      item();
      ws();
      if (text.charAt(i) === ',') i += 1;
      else if (text.charAt(i) === close) {
        i += 1;
        return;
      } else fail();
    }
  };
  const member = () => {
    ws();
    string();
    ws();
    expect(':');
    value();
  };
  const value = (): void => {
    ws();
    const c = text.charAt(i);
    if (c === '{') sequence('}', member);
    else if (c === '[') sequence(']', value);
    else if (c === '"') string();
    else if (c === 't') expect('true');
    else if (c === 'f') expect('false');
    else if (c === 'n') expect('null');
    else number();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return null;
  } catch (error) {
    if (error instanceof JsonSyntax) return error.offset;
    throw error;
  }
}

export interface JsonErrorPlace {
  line: number;
  column: number;
}

/** Line and column (from 1) of the first JSON error in `text`; null when it is valid. */
export function locateJsonError(text: string): JsonErrorPlace | null {
  const offset = firstErrorOffset(text);
  if (offset === null) return null;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}
