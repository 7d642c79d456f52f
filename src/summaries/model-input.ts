/**
 * Turns resident messages into the data block a model may see: personal data redacted, authors
 * replaced by "participant N", names of the participants and of anyone else known removed from the
 * text, the delimiters of the data block neutralised, and the input cut into chunks that fit the
 * token budget.
 */
import { redactPersonalData } from './redact';
import type { SummaryMessage } from './schema';

export interface PreparedMessage {
  id: string;
  /** One line: `[id] participant N: text`. */
  line: string;
  tokens: number;
}

export interface PrepareOptions {
  /** Other names to hide (e.g. neighbours mentioned by name who are not in the conversation). */
  names?: string[];
}

/** A rough token count: a Han character is about one token, other text about four characters a token. */
export function estimateTokens(text: string): number {
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  return han + Math.ceil((text.length - han) / 4);
}

/** Resident text can never close (or open) the data block, or look like a reference line. */
function neutralise(text: string): string {
  return text.replace(/</gu, '‹').replace(/>/gu, '›').replace(/\[(?=[^\]]*\])/gu, '(').replace(/\]/gu, ')').replace(/\s+/gu, ' ').trim();
}

export function prepareMessages(messages: SummaryMessage[], options: PrepareOptions = {}): PreparedMessage[] {
  const authors = new Map<string, number>();
  for (const message of messages) if (!authors.has(message.author)) authors.set(message.author, authors.size + 1);
  const names = [...authors.keys(), ...(options.names ?? [])];
  return messages.map((message) => {
    const text = redactPersonalData(neutralise(message.text), { names }).text;
    const line = `[${message.id}] participant ${authors.get(message.author) ?? 0}: ${text}`;
    return { id: message.id, line, tokens: estimateTokens(line) };
  });
}

/** Consecutive chunks, each within the budget (a single message longer than the budget is cut). */
export function chunkMessages(prepared: PreparedMessage[], budget: number): PreparedMessage[][] {
  const chunks: PreparedMessage[][] = [];
  let current: PreparedMessage[] = [];
  let used = 0;
  for (const message of prepared) {
    let item = message;
    if (item.tokens > budget) {
      const keep = Math.max(16, Math.floor((item.line.length * budget) / item.tokens));
      item = { ...item, line: `${item.line.slice(0, keep)}…`, tokens: budget };
    }
    if (used + item.tokens > budget && current.length > 0) {
      chunks.push(current);
      current = [];
      used = 0;
    }
    current.push(item);
    used += item.tokens;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
