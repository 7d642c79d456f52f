/**
 * A local Anthropic Messages API double on loopback: answers POST /v1/messages in the shape the real
 * client (@anthropic-ai/sdk, under @langchain/anthropic) expects, and records every request so tests
 * can read the prompts sent.
 *
 * Structured output: @langchain/anthropic forces a tool (`tool_choice: {type: 'tool'}`); the canned
 * content, parsed as JSON, comes back as that tool's `input`. Content that is not JSON comes back
 * as text, which the client cannot parse: the "invalid answer" case.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MessagesRequest {
  model: string;
  system?: string | { type: string; text: string }[];
  messages: { role: string; content: string | { type: string; text?: string }[] }[];
  tools?: { name: string }[];
  tool_choice?: { type: string; name?: string };
  [key: string]: unknown;
}

/** What the double answers: the tool input as JSON text (or any text), an HTTP error, or a delay. */
export interface CannedReply {
  content: string;
  status?: number;
  delayMs?: number;
}

export type Responder = (request: MessagesRequest) => CannedReply;

export interface AnthropicDouble {
  /** The base URL to give the client (the client adds /v1/messages). */
  baseUrl: string;
  requests: MessagesRequest[];
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

function parsed(content: string): unknown {
  try {
    return JSON.parse(content) as unknown;
  } catch {
    return undefined;
  }
}

function message(request: MessagesRequest, content: string, count: number): unknown {
  const tool = request.tool_choice?.name ?? request.tools?.[0]?.name;
  const input = parsed(content);
  const block = tool && input !== undefined ? { type: 'tool_use', id: `toolu_${count}`, name: tool, input } : { type: 'text', text: content };
  return {
    id: `msg_${count}`,
    type: 'message',
    role: 'assistant',
    model: request.model,
    content: [block],
    stop_reason: block.type === 'tool_use' ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 10 },
  };
}

export async function startAnthropicDouble(initial?: Responder): Promise<AnthropicDouble> {
  let responder: Responder = initial ?? (() => ({ content: '{}' }));
  const requests: MessagesRequest[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'POST' || path !== '/v1/messages') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"type":"error","error":{"type":"not_found_error","message":"not found"}}');
      return;
    }
    const request = JSON.parse(await readBody(req)) as MessagesRequest;
    requests.push(request);
    const reply = responder(request);
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (res.destroyed) return;
    if (reply.status && reply.status >= 400) {
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'api_error', message: reply.content } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(message(request, reply.content, requests.length)));
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

/** Every text the double was sent (system prompt and messages), joined: what left the machine. */
export function anthropicPromptsSent(double: AnthropicDouble): string {
  const text = (content: MessagesRequest['system'] | MessagesRequest['messages'][number]['content']): string =>
    typeof content === 'string' ? content : (content ?? []).map((part) => part.text ?? '').join('\n');
  return double.requests.flatMap((r) => [text(r.system), ...r.messages.map((m) => text(m.content))]).join('\n');
}
