/**
 * A local Anthropic Messages API double on loopback: answers POST /v1/messages in the shape the real
 * client (@anthropic-ai/sdk, under @langchain/anthropic) expects, and records every request so tests
 * can read the prompts sent.
 *
 * Structured output: @langchain/anthropic forces a tool (`tool_choice: {type: 'tool'}`); the canned
 * content, parsed as JSON, comes back as that tool's `input`. Content that is not JSON comes back
 * as text, which the client cannot parse: the "invalid answer" case.
 */
import { startModelDouble, type CannedReply, type ModelDouble } from '../model-double';

export type { CannedReply } from '../model-double';

export interface MessagesRequest {
  model: string;
  system?: string | { type: string; text: string }[];
  messages: { role: string; content: string | { type: string; text?: string }[] }[];
  tools?: { name: string }[];
  tool_choice?: { type: string; name?: string };
  [key: string]: unknown;
}

export type Responder = (request: MessagesRequest) => CannedReply;

/** The base URL (the client adds /v1/messages), the requests it was sent, and what it answers. */
export type AnthropicDouble = ModelDouble<MessagesRequest>;

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

export function startAnthropicDouble(initial?: Responder): Promise<AnthropicDouble> {
  return startModelDouble<MessagesRequest>(
    {
      paths: ['/v1/messages'],
      notFound: '{"type":"error","error":{"type":"not_found_error","message":"not found"}}',
      error: (message) => ({ type: 'error', error: { type: 'api_error', message } }),
      answer: (request, content, count) => ({ type: 'application/json', body: JSON.stringify(message(request, content, count)) }),
    },
    initial ?? (() => ({ content: '{}' })),
  );
}

/** Every text the double was sent (system prompt and messages), joined: what left the machine. */
export function anthropicPromptsSent(double: AnthropicDouble): string {
  const text = (content: MessagesRequest['system'] | MessagesRequest['messages'][number]['content']): string =>
    typeof content === 'string' ? content : (content ?? []).map((part) => part.text ?? '').join('\n');
  return double.requests.flatMap((r) => [text(r.system), ...r.messages.map((m) => text(m.content))]).join('\n');
}
