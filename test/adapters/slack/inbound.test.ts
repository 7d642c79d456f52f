import { describe, expect, it } from 'vitest';
import { commandEvent } from '../../../adapters/slack/inbound';
import { InboundEvent } from '../../../src/core/events';

describe('a /cg command as an event', () => {
  it('keeps a word longer than any command name as a command the bot can answer (it says it does not know it), rather than one it drops', () => {
    const event = commandEvent({ text: `${'x'.repeat(70)} now`, team_id: 'T1', channel_id: 'C1', channel_name: 'general', trigger_id: 'tr1' }, { id: 'U1', name: 'maria', platformRoles: [] });
    expect(InboundEvent.safeParse(event).success).toBe(true);
    expect(event.name).toBe('x'.repeat(64));
    expect(event.args).toEqual(['now']);
  });
});
