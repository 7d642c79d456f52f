/**
 * What every local language-model API double shares: a loopback HTTP server that takes JSON posts
 * on the API's paths, records each request, and answers with a canned reply (in the API's shape), an
 * HTTP error or a delay. Each API's double says only its paths and the shapes of its answers.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a double answers: text (JSON or not), an HTTP error, or a delay. */
export interface CannedReply {
  content: string;
  status?: number;
  delayMs?: number;
}

export interface ModelDouble<Request> {
  /** The base URL to give the client. */
  baseUrl: string;
  requests: Request[];
  respond(responder: (request: Request) => CannedReply): void;
  close(): Promise<void>;
}

export interface ModelApi<Request> {
  paths: string[];
  /** Appended to the server's address in `baseUrl` (e.g. `/v1`). */
  basePath?: string;
  notFound: string;
  /** The body of an error reply. */
  error(message: string): unknown;
  /** The content type and body of a successful reply; `count` numbers the requests from 1. */
  answer(request: Request, content: string, count: number): { type: string; body: string };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startModelDouble<Request>(api: ModelApi<Request>, initial: (request: Request) => CannedReply): Promise<ModelDouble<Request>> {
  let responder = initial;
  const requests: Request[] = [];
  const json = { 'content-type': 'application/json' };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (req.method !== 'POST' || !api.paths.includes(path)) {
      res.writeHead(404, json).end(api.notFound);
      return;
    }
    const request = JSON.parse(await readBody(req)) as Request;
    requests.push(request);
    const reply = responder(request);
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (res.destroyed) return;
    if (reply.status && reply.status >= 400) {
      res.writeHead(reply.status, json).end(JSON.stringify(api.error(reply.content)));
      return;
    }
    const { type, body } = api.answer(request, reply.content, requests.length);
    res.writeHead(200, { 'content-type': type }).end(body);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${api.basePath ?? ''}`,
    requests,
    respond: (next) => (responder = next),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
