/**
 * A local Ollama API double on loopback: answers POST /api/chat as Ollama streams it (one JSON
 * object a line, `done: true` last), which is how @langchain/ollama always calls it, and records
 * every request so tests can read the prompts sent and the `format` (JSON schema) asked for.
 */
import { startModelDouble, type CannedReply, type ModelDouble } from '../model-double';

export type { CannedReply } from '../model-double';

export interface OllamaChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  format?: unknown;
  stream?: boolean;
  [key: string]: unknown;
}

export type Responder = (request: OllamaChatRequest) => CannedReply;

/** The base URL (no path), the requests it was sent, and what it answers. */
export type OllamaDouble = ModelDouble<OllamaChatRequest>;

const CREATED_AT = '2026-11-02T09:00:00.000Z';

/** The content in two pieces, then the closing line, as Ollama streams a chat answer. */
function ndjson(request: OllamaChatRequest, content: string): string {
  const half = Math.floor(content.length / 2);
  const piece = (text: string) => ({ model: request.model, created_at: CREATED_AT, message: { role: 'assistant', content: text }, done: false });
  const done = {
    model: request.model, created_at: CREATED_AT, message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop',
    total_duration: 1000, load_duration: 10, prompt_eval_count: 10, prompt_eval_duration: 100, eval_count: 10, eval_duration: 100,
  };
  return [piece(content.slice(0, half)), piece(content.slice(half)), done].map((line) => `${JSON.stringify(line)}\n`).join('');
}

export function startOllamaDouble(initial?: Responder): Promise<OllamaDouble> {
  return startModelDouble<OllamaChatRequest>(
    {
      paths: ['/api/chat'],
      notFound: '{"error":"not found"}',
      error: (message) => ({ error: message }),
      answer: (request, content) =>
        request.stream === false
          ? { type: 'application/json', body: JSON.stringify({ model: request.model, created_at: CREATED_AT, message: { role: 'assistant', content }, done: true, done_reason: 'stop' }) }
          : { type: 'application/x-ndjson', body: ndjson(request, content) },
    },
    initial ?? (() => ({ content: '{}' })),
  );
}

/** The text of every message the double was sent, joined: what left the machine. */
export function ollamaPromptsSent(double: OllamaDouble): string {
  return double.requests.flatMap((r) => r.messages.map((m) => m.content)).join('\n');
}
