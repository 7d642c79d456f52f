/**
 * What the core keeps to edit a message later. A posted message is `m|channel|ts`; an ephemeral
 * one (which Slack cannot edit through the Web API) is `e|channel|user|thread`.
 */
export type SlackMessageRef =
  | { kind: 'posted'; channel: string; ts: string }
  | { kind: 'ephemeral'; channel: string; user: string; thread?: string };

export function encodeMessageRef(ref: SlackMessageRef): string {
  return ref.kind === 'posted' ? ['m', ref.channel, ref.ts].join('|') : ['e', ref.channel, ref.user, ref.thread ?? ''].join('|');
}

export function decodeMessageRef(value: string): SlackMessageRef | undefined {
  const [kind, channel, third, fourth] = value.split('|');
  if (!channel || !third) return undefined;
  if (kind === 'm') return { kind: 'posted', channel, ts: third };
  if (kind === 'e') return { kind: 'ephemeral', channel, user: third, ...(fourth ? { thread: fourth } : {}) };
  return undefined;
}
