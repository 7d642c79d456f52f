/** Splits a command line into words, keeping "quoted phrases" (and “中文引号”) whole. */
export function splitArgs(line: string): string[] {
  const words: string[] = [];
  const pattern = /"([^"]*)"|“([^”]*)”|'([^']*)'|(\S+)/g;
  for (const match of line.matchAll(pattern)) words.push(match[1] ?? match[2] ?? match[3] ?? match[4] ?? '');
  return words;
}

/**
 * Splits text into pieces of at most `limit` characters for platforms with message limits,
 * preferring paragraph, then line, then sentence, then word boundaries; never splits a surrogate pair.
 */
export function splitText(text: string, limit: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while ([...rest].length > limit) {
    const chars = [...rest];
    const window = chars.slice(0, limit).join('');
    const cut = bestCut(window);
    const piece = window.slice(0, cut).trimEnd();
    pieces.push(piece.length > 0 ? piece : window);
    rest = rest.slice(piece.length > 0 ? cut : window.length).replace(/^\s+/, '');
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

function bestCut(window: string): number {
  const min = Math.floor(window.length / 2);
  for (const boundary of ['\n\n', '\n', '。', '. ', '！', '？', '! ', '? ', ' ']) {
    const at = window.lastIndexOf(boundary);
    if (at >= min) return at + boundary.length;
  }
  return window.length;
}

/**
 * Whether text shows nothing: only spaces, zero-width and other invisible characters (U+200B,
 * U+FEFF, direction marks) or control characters. Such an answer is taken as empty, not saved.
 */
export function isBlank(text: string): boolean {
  return /^[\s\p{Default_Ignorable_Code_Point}\p{Cc}]*$/u.test(text);
}
