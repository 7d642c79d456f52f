/**
 * A terminal is a trust boundary: text people typed must not move the cursor, rewrite a line,
 * change the window title or reorder what others read. These helpers make such text inert and
 * visible instead: control characters become their Unicode pictures (ESC shows as ␛, so an escape
 * sequence prints as plain text such as `␛[2J`), and bidirectional overrides and isolates show as
 * `<U+202E>`. Printable text, in any script, is left as it is.
 */

/**
 * Line breaks that multi-line text keeps as `\n`. A carriage return on its own is not one: it is
 * how a line is written over, so it shows as ␍ like the other controls.
 */
const LINE_BREAKS = /\r\n|[\u2028\u2029]/g;
/** C0 controls (but tab and line feed), DEL and C1 controls. */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f\u0080-\u009f]/g;
/** Bidirectional embeddings, overrides and isolates (the "Trojan Source" characters). */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

const picture = (char: string): string => {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20) return String.fromCodePoint(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
};

/** Text safe to print in a terminal, keeping its line breaks as `\n` (the caller indents them). */
export function terminalText(text: string): string {
  return text.replace(LINE_BREAKS, '\n').replace(/\t/g, '    ').replace(CONTROLS, picture).replace(BIDI, picture);
}

/** Text safe to print on one line of a terminal: line breaks show as ␊ too. */
export function terminalLine(text: string): string {
  return terminalText(text).replace(/\n/g, '\u240a');
}

/** How much of a quoted input an error message shows. */
export const QUOTE_LIMIT = 40;

/** A piece of input quoted in an error message: on one line, inert, and cut to a readable length. */
export function quoteInput(text: string, limit = QUOTE_LIMIT): string {
  return `"${inputExcerpt(text, limit)}"`;
}

/** `quoteInput` without the quotes, for a message whose language puts its own around it. */
export function inputExcerpt(text: string, limit = QUOTE_LIMIT): string {
  const line = terminalLine(text);
  const chars = [...line];
  return chars.length > limit ? `${chars.slice(0, limit - 1).join('')}…` : line;
}

/** Columns in terminals and chat code blocks: CJK and full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(char) ? 2 : 1;
  return width;
}
