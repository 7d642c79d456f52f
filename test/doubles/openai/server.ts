/**
 * A local OpenAI-compatible HTTP double on loopback: answers POST /v1/chat/completions in the shape
 * the real client expects, and records every request so tests can read the prompts sent.
 *
 * Structured output: with `response_format: {type: 'json_schema'}` (what @langchain/openai uses by
 * default for current models) the answer is the message content; when the request carries `tools`
 * (function calling), the same answer comes back as a call of the forced tool.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  tools?: { type: string; function: { name: string } }[];
  tool_choice?: unknown;
  response_format?: { type: string; json_schema?: { name: string } };
  [key: string]: unknown;
}

/** What the double answers: raw text (possibly not JSON), an HTTP error, or a delay. */
export interface CannedReply {
  content: string;
  status?: number;
  delayMs?: number;
}

export type Responder = (request: ChatRequest) => CannedReply;

export interface OpenAiDouble {
  /** The base URL to give the client (ends with /v1). */
  baseUrl: string;
  requests: ChatRequest[];
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

function completion(request: ChatRequest, content: string, count: number): unknown {
  const forced = request.tools?.[0]?.function.name;
  const message = forced
    ? { role: 'assistant', content: null, tool_calls: [{ id: `call_${count}`, type: 'function', function: { name: forced, arguments: content } }] }
    : { role: 'assistant', content };
  return {
    id: `chatcmpl-${count}`,
    object: 'chat.completion',
    created: 1_790_000_000,
    model: request.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: forced ? 'tool_calls' : 'stop' }],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  };
}

export async function startOpenAiDouble(initial?: Responder): Promise<OpenAiDouble> {
  let responder: Responder = initial ?? (() => ({ content: '{"points":[]}' }));
  const requests: ChatRequest[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'POST' || (path !== '/v1/chat/completions' && path !== '/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
      return;
    }
    const request = JSON.parse(await readBody(req)) as ChatRequest;
    requests.push(request);
    const reply = responder(request);
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (res.destroyed) return;
    if (reply.status && reply.status >= 400) {
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: reply.content, type: 'server_error' } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion(request, reply.content, requests.length)));
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
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
export function promptsSent(double: OpenAiDouble): string {
  return double.requests.flatMap((r) => r.messages.map((m) => m.content)).join('\n');
}
