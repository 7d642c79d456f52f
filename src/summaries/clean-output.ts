/**
 * Cleans what a model wrote before anyone sees it: links, mentions (@everyone, @here, <@123>,
 * Slack's <!channel>), and markup (Markdown emphasis, headings, code, HTML tags) are removed, so an
 * AI-written line can neither ping people nor point them somewhere, and it reads as plain text.
 */

const PATTERNS: [RegExp, string][] = [
  // Markdown links keep their words: [text](url) -> text.
  [/\[([^\]]*)\]\([^)]*\)/gu, '$1'],
  // Platform mentions and channel links: <@123>, <@!123>, <#123>, <@&123>, <!everyone>, <!subteam^X>.
  [/<[@#!][^>\s]*>/gu, ''],
  // HTML-like tags.
  [/<\/?[A-Za-z][^>]*>/gu, ''],
  // URLs with a scheme, and bare www. addresses.
  [/\b(?:https?|ftp|mailto|file|data|javascript):[^\s<>"'）)]*/giu, ''],
  [/\bwww\.[^\s<>"'）)]+/giu, ''],
  // Bare domains that look like links (example.com/path).
  [/\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|cn|co|uk|info|xyz|me|ly|app|dev)(?:\/[^\s]*)?\b/giu, ''],
  // @mentions of anyone, including @everyone and @here.
  [/(?<![\p{L}\p{N}])@[\p{L}\p{N}_.-]+/gu, ''],
  // Markdown: code fences and inline code, emphasis, headings, block quotes, list bullets.
  [/`{1,3}/gu, ''],
  [/(\*{1,3}|_{2,3}|~~)(?=\S)([^*_~]*?\S)\1/gu, '$2'],
  [/^\s{0,3}(?:#{1,6}|>+|[-*+]\s)\s*/gmu, ''],
];

/** The text without links, mentions or markup, on one line, with spacing tidied. */
export function cleanModelText(text: string): string {
  let result = text;
  for (const [pattern, replacement] of PATTERNS) result = result.replace(pattern, replacement);
  return result
    .replace(/[\r\n]+/gu, ' ')
    .replace(/\s+([,.;:!?，。；：！？])/gu, '$1')
    .replace(/\(\s*\)|（\s*）/gu, '')
    .replace(/\s{2,}/gu, ' ')
    .trim();
}
