/**
 * A local OpenAI-compatible HTTP double on loopback: answers POST /v1/chat/completions in the shape
 * the real client expects, and records every request so tests can read the prompts sent.
 *
 * Structured output: with `response_format: {type: 'json_schema'}` (what @langchain/openai uses by
 * default for current models) the answer is the message content; when the request carries `tools`
 * (function calling), the same answer comes back as a call of the forced tool.
 */
import { startModelDouble, type CannedReply, type ModelDouble } from '../model-double';

export type { CannedReply } from '../model-double';

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  tools?: { type: string; function: { name: string } }[];
  tool_choice?: unknown;
  response_format?: { type: string; json_schema?: { name: string } };
  [key: string]: unknown;
}

export type Responder = (request: ChatRequest) => CannedReply;

/** The base URL (ends with /v1), the requests it was sent, and what it answers. */
export type OpenAiDouble = ModelDouble<ChatRequest>;

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

export function startOpenAiDouble(initial?: Responder): Promise<OpenAiDouble> {
  return startModelDouble<ChatRequest>(
    {
      paths: ['/v1/chat/completions', '/chat/completions'],
      basePath: '/v1',
      notFound: '{"error":{"message":"not found"}}',
      error: (message) => ({ error: { message, type: 'server_error' } }),
      answer: (request, content, count) => ({ type: 'application/json', body: JSON.stringify(completion(request, content, count)) }),
    },
    initial ?? (() => ({ content: '{"points":[]}' })),
  );
}

/** The text of every message the double was sent, joined: what left the machine. */
export function promptsSent(double: OpenAiDouble): string {
  return double.requests.flatMap((r) => r.messages.map((m) => m.content)).join('\n');
}
