/**
 * The Web API double's front door: parses a request the way Slack does (form-encoded, JSON or
 * multipart), checks the token, dispatches to a method, and records the call.
 */
import { directoryMethods } from './web-api-directory';
import { messageMethods } from './web-api-messages';
import { fail, isObject } from './web-api-state';
import type { Args, MethodResult, WebApiState } from './web-api-state';

export interface RecordedCall {
  method: string;
  /** Arguments with JSON-valued fields (blocks, view, files...) parsed; the token is left out. */
  args: Args;
  /** The token the call carried (header or body), if any. */
  token: string | undefined;
  contentType: string;
  response: MethodResult;
  at: number;
}

/** Form fields whose value @slack/web-api sends as a JSON string. */
const JSON_FIELDS = new Set([
  'blocks',
  'attachments',
  'view',
  'files',
  'metadata',
  'unfurls',
  'user_auth_blocks',
  'file_uploads',
  'profile',
]);

function parseFields(entries: Iterable<[string, string]>): Args {
  const args: Args = {};
  for (const [key, value] of entries) {
    if (JSON_FIELDS.has(key)) {
      try {
        args[key] = JSON.parse(value);
        continue;
      } catch {
        // keep the raw string: the method answers with its own error, as Slack does
      }
    }
    args[key] = value;
  }
  return args;
}

/** Parses a Web API request body; a query string (GET calls) is merged underneath. */
export async function parseApiArgs(raw: Buffer, contentType: string, query: URLSearchParams): Promise<Args> {
  const base = parseFields(query.entries());
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (raw.length === 0) return base;
  if (type === 'application/json') {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    return isObject(parsed) ? { ...base, ...parsed } : base;
  }
  if (type === 'multipart/form-data') {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    const fields: Array<[string, string]> = [];
    for (const [key, value] of form.entries()) if (typeof value === 'string') fields.push([key, value]);
    return { ...base, ...parseFields(fields) };
  }
  return { ...base, ...parseFields(new URLSearchParams(raw.toString('utf8')).entries()) };
}

export function tokenOf(authorization: string | undefined, args: Args): string | undefined {
  if (authorization !== undefined) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match?.[1] !== undefined) return match[1];
  }
  return typeof args.token === 'string' && args.token !== '' ? args.token : undefined;
}

function checkToken(state: WebApiState, method: string, token: string | undefined): MethodResult | undefined {
  if (token === undefined) return fail('not_authed');
  const { tokens } = state.world;
  const isBot = token === tokens.bot || (tokens.extraBot ?? []).includes(token);
  const isApp = token === tokens.app;
  if (!isBot && !isApp) return fail('invalid_auth');
  if (method === 'apps.connections.open') return isApp ? undefined : fail('not_allowed_token_type');
  return isBot ? undefined : fail('not_allowed_token_type');
}

function connectionsOpen(state: WebApiState): MethodResult {
  if (state.openSocketUrl === undefined) return fail('socket_mode_disabled');
  return { ok: true, url: state.openSocketUrl() };
}

const methods: Record<string, (state: WebApiState, args: Args) => MethodResult> = {
  ...directoryMethods,
  ...messageMethods,
  'apps.connections.open': (state) => connectionsOpen(state),
};

export function isKnownMethod(method: string): boolean {
  return Object.hasOwn(methods, method);
}

/** Answers one call (token check included). Unknown methods answer `unknown_method`. */
export function callWebApi(state: WebApiState, method: string, args: Args, token: string | undefined): MethodResult {
  const handler = methods[method];
  if (handler === undefined) return fail('unknown_method', { req_method: method });
  const denied = checkToken(state, method, token);
  if (denied !== undefined) return denied;
  try {
    return handler(state, args);
  } catch (error) {
    return fail('internal_error', { detail: error instanceof Error ? error.message : String(error) });
  }
}

export function withoutToken(args: Args): Args {
  const copy: Args = { ...args };
  delete copy.token;
  return copy;
}
