import { describe, expect, it } from 'vitest';
import { completeInboundEvent, InboundEvent } from '../../src/core/events';

const ref = { platform: 'local', space: 'local', channel: 'general', direct: false };
const user = { id: 'maria', name: 'Maria', platformRoles: ['resident'] };
const valid = [
  { kind: 'message', eventId: 'e1', ref, user, canOpenForm: false, text: 'Hello 你好 🌸' },
  { kind: 'command', eventId: 'e2', ref: { ...ref, thread: 't1' }, user, canOpenForm: true, name: 'feedback', args: ['list'], options: { project: 'a' } },
  { kind: 'choice', eventId: 'e3', ref: { ...ref, direct: true }, user, canOpenForm: false, value: 'run~step~yes' },
  { kind: 'form', eventId: 'e4', ref, user, canOpenForm: false, formId: 'run~step~form', values: { what: 'leak' } },
];
const invalid: unknown[] = [
  null,
  'message',
  { ...valid[0], kind: 'shout' },
  { ...valid[0], eventId: '' },
  { ...valid[0], ref: { ...ref, channel: '' } },
  { ...valid[0], ref: { ...ref, platform: 'x'.repeat(33) } },
  { ...valid[0], text: 42 },
  { ...valid[1], args: [1] },
  { ...valid[1], options: { a: 1 } },
  { ...valid[2], value: 'v'.repeat(101) },
  { ...valid[3], values: { a: null } },
  { ...valid[0], user: { ...user, platformRoles: 'admin' } },
];

describe('the fast check of inbound events agrees with the schema', () => {
  it('accepts complete valid events unchanged', () => {
    for (const event of valid) {
      expect(completeInboundEvent(event)).toBe(event);
      expect(InboundEvent.parse(event)).toEqual(event);
    }
  });
  it('sends everything the schema rejects to the schema', () => {
    for (const event of invalid) {
      expect(completeInboundEvent(event)).toBeNull();
      expect(InboundEvent.safeParse(event).success).toBe(false);
    }
  });
  it('leaves events with defaults to fill to the schema', () => {
    const partial = { kind: 'message', eventId: 'e5', ref: { platform: 'local', space: 's', channel: 'c' }, user: { id: 'u' }, text: 'hi' };
    expect(completeInboundEvent(partial)).toBeNull();
    expect(InboundEvent.parse(partial)).toEqual({ ...partial, ref: { ...partial.ref, direct: false }, user: { id: 'u', name: '', platformRoles: [] }, canOpenForm: false });
  });
});
