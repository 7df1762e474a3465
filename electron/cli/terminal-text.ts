// Vendor text on a terminal: a task title must not clear the screen, retitle the window or write
// the clipboard. Escape sequences go whole; other control characters and bidi overrides go too.

// CSI (ESC [ … final), OSC (ESC ] … BEL or ST), DCS/SOS/PM/APC (ESC P|X|^|_ … ST), and any other
// two-character escape.
const ESCAPE_SEQUENCE =
  // eslint-disable-next-line no-control-regex
  /\u001b(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][\s\S]*?(?:\u0007|\u001b\\|$)|[\s\S]?)/g;
// C0 except tab and newline, DEL, C1 (8-bit CSI is U+009B), and the bidi overrides and isolates
// that make text read differently from what it is.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const JSON_UNSAFE = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Text safe to print: line breaks kept only where `multiline`. */
export function terminalText(text: string, multiline = true): string {
  const out = text.replace(ESCAPE_SEQUENCE, '').replace(/\r\n?/g, '\n');
  return (multiline ? out : out.replace(/[\n\t]+/g, ' ')).replace(CONTROL, '');
}

/** JSON for a terminal: the characters JSON leaves raw but terminals act on are escaped. */
export function terminalJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    JSON_UNSAFE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
