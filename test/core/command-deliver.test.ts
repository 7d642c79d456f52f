import { describe, expect, it } from 'vitest';
import type { BotDeps } from '../../src/core/bot';
import { createCommandContext } from '../../src/core/command-runner';
import type { CommandEvent, FlowEvent } from '../../src/core/events';

const event: CommandEvent = {
  kind: 'command',
  name: 'dialogue',
  args: ['draft', 'please'],
  options: { kept: 'yes' },
  eventId: 'e1',
  ref: { platform: 'local', space: 'home', channel: 'general', direct: false },
  user: { id: 'li', name: 'li', platformRoles: [] },
  canOpenForm: false,
};

function contextDelivering(to: FlowEvent[]) {
  const deps = { commands: [], catalogue: { t: (_l: string, key: string) => key } } as unknown as BotDeps;
  return createCommandContext({
    event,
    roles: ['social_worker'],
    locale: 'en',
    deps,
    perform: async () => ({ kind: 'done' }),
    startFlow: async () => {
      throw new Error('not used');
    },
    deliver: async (_runId, e) => void to.push(e),
    later: () => undefined,
    spec: { name: 'dialogue', sub: 'draft', roles: ['social_worker'], description: 'dialogue.command.draft', run: async () => undefined },
    here: 'run1',
  });
}

describe('a command handed to a run', () => {
  it('goes as it was given, or with the words and options its handler worked out', async () => {
    const delivered: FlowEvent[] = [];
    const ctx = contextDelivering(delivered);
    await ctx.deliver('run1');
    await ctx.deliver('run1', { args: ['draft'], options: { ai_text: 'A draft.' } });
    expect(delivered[0]).toBe(event);
    expect(delivered[1]).toEqual({ ...event, args: ['draft'], options: { kept: 'yes', ai_text: 'A draft.' } });
    expect(event.options).toEqual({ kept: 'yes' });
  });
});
