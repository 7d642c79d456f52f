import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

interface Manifest {
  features: { slash_commands: Array<{ command: string; url: string; should_escape: boolean }> };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url: string; bot_events: string[] }; interactivity: { is_enabled: boolean; request_url: string }; socket_mode_enabled: boolean };
}

const manifest = parse(readFileSync(new URL('../../../adapters/slack/manifest.yml', import.meta.url), 'utf8')) as Manifest;

/** The Web API methods the adapter calls, and the bot scope each needs. */
const METHOD_SCOPES: Record<string, string> = {
  'chat.postMessage': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'chat.update': 'chat:write',
  'conversations.open': 'im:write',
  // Looking for a kept answer sent before a restart (channels; private channels and DMs need groups:/im:history, asked for below).
  'conversations.history': 'channels:history',
  'conversations.replies': 'channels:history',
  'conversations.list': 'channels:read',
  'conversations.create': 'groups:write',
  'conversations.invite': 'groups:write',
  'users.info': 'users:read',
  'usergroups.list': 'usergroups:read',
  'files.getUploadURLExternal': 'files:write',
};
/** Events the adapter listens to, and the scope each needs. */
const EVENT_SCOPES: Record<string, string> = {
  app_mention: 'app_mentions:read',
  'message.channels': 'channels:history',
  'message.groups': 'groups:history',
  'message.im': 'im:history',
};
/** Scopes needed beyond one method: private channel names, public-channel invites, the slash command. */
const OTHER_SCOPES = ['commands', 'groups:read', 'channels:manage'];

describe('Slack app manifest', () => {
  it('asks for exactly the scopes the adapter uses', () => {
    const needed = new Set([...Object.values(METHOD_SCOPES), ...Object.values(EVENT_SCOPES), ...OTHER_SCOPES]);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });

  it('subscribes to exactly the events the adapter handles', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(Object.keys(EVENT_SCOPES).sort());
  });

  it('has one /cg command with escaped mentions, and interactivity on the same request URL', () => {
    const [command] = manifest.features.slash_commands;
    expect(manifest.features.slash_commands).toHaveLength(1);
    expect(command).toMatchObject({ command: '/cg', should_escape: true });
    const url = manifest.settings.event_subscriptions.request_url;
    expect(url.endsWith('/slack/events')).toBe(true);
    expect(command?.url).toBe(url);
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: url });
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });
});
