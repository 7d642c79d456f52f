import WebSocket from 'ws';

/** One person using the web chat from a script: joins with an invitation, then talks through the API. */
export interface WebClient {
  cookie: string;
  csrf: string;
  state(): Promise<WebState>;
  post(path: string, body: unknown): Promise<Response>;
  /** Opens the live connection; resolves once the server has greeted it. */
  listen(onMessage?: (data: unknown) => void): Promise<WebSocket>;
}

export interface WebState {
  homePlace: string;
  csrf: string;
  places: { id: string; kind: string; name: string }[];
  messages: { id: string; place: string; onlyFor?: string; author: { kind: string }; text: string; choices?: { value: string; label: string }[] }[];
  forms: { formId: string; fields: { id: string }[] }[];
}

/** The link's token is redeemed the way the join page's button does it. */
export async function joinWith(base: string, link: string): Promise<WebClient> {
  const token = link.slice(link.lastIndexOf('/') + 1);
  const response = await fetch(`${base}/join/${token}`, { method: 'POST', redirect: 'manual', headers: { origin: base } });
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (response.status !== 303 || !cookie) throw new Error(`joining failed: ${response.status}`);
  return clientAt(base, cookie, (await clientAt(base, cookie, '').state()).csrf);
}

/** A person who has joined already, using the chat at `base` (after a restart, the cookie still holds). */
export function clientAt(base: string, cookie: string, csrf: string): WebClient {
  const state = async () => (await (await fetch(`${base}/api/state`, { headers: { cookie } })).json()) as WebState;
  return {
    cookie,
    csrf,
    state,
    post: (path, body) => fetch(`${base}${path}`, { method: 'POST', headers: { cookie, origin: base, 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify(body) }),
    listen: (onMessage) =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/ws`, { headers: { cookie, origin: base } });
        ws.once('error', reject);
        ws.on('message', (raw) => {
          const data = JSON.parse(String(raw)) as { type: string };
          if (data.type === 'hello') resolve(ws);
          else onMessage?.(data);
        });
      }),
  };
}
