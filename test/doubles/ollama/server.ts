/**
 * A local Ollama API double on loopback: answers POST /api/chat as Ollama streams it (one JSON
 * object a line, `done: true` last), which is how @langchain/ollama always calls it, and records
 * every request so tests can read the prompts sent and the `format` (JSON schema) asked for.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OllamaChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  format?: unknown;
  stream?: boolean;
  [key: string]: unknown;
}

/** What the double answers: the message content (JSON text for structured output), an HTTP error, or a delay. */
export interface CannedReply {
  content: string;
  status?: number;
  delayMs?: number;
}

export type Responder = (request: OllamaChatRequest) => CannedReply;

export interface OllamaDouble {
  /** The base URL to give the client (no path). */
  baseUrl: string;
  requests: OllamaChatRequest[];
  respond(responder: Responder): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

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

export async function startOllamaDouble(initial?: Responder): Promise<OllamaDouble> {
  let responder: Responder = initial ?? (() => ({ content: '{}' }));
  const requests: OllamaChatRequest[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'POST' || path !== '/api/chat') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const request = JSON.parse(await readBody(req)) as OllamaChatRequest;
    requests.push(request);
    const reply = responder(request);
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (res.destroyed) return;
    if (reply.status && reply.status >= 400) {
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: reply.content }));
      return;
    }
    if (request.stream === false) {
      const body = { model: request.model, created_at: CREATED_AT, message: { role: 'assistant', content: reply.content }, done: true, done_reason: 'stop' };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(ndjson(request, reply.content));
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    respond: (next) => (responder = next),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The text of every message the double was sent, joined: what left the machine. */
export function ollamaPromptsSent(double: OllamaDouble): string {
  return double.requests.flatMap((r) => r.messages.map((m) => m.content)).join('\n');
}
