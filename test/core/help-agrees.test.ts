import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type ChatHarness } from '../support/harness';

let h: ChatHarness;
afterEach(async () => h?.close());

/** The commands a /help answer lists, as typed (`/dialogue export`), leaving out the local chat's own. */
function listed(help: string[]): string[] {
  const text = help.join('\n');
  const core = text.split('In this chat:')[0] ?? '';
  return [...core.matchAll(/• (\/[a-z]+(?: [a-z_]+)?)/g)].map((m) => m[1] as string);
}

const refused = /Only .+ can (use|export)/;

describe('/help and the router agree on who may use a command', () => {
  it('in a dialogue thread, nothing /help offers a participant is refused when they type it', async () => {
    h = await createHarness();
    await h.type('/as li social_worker', '/in general', '/dialogue start "Courtyard parking"');
    await h.type('/as maria', '/in t1', '/dialogue join');
    const commands = listed(await h.type('/help'));
    expect(commands).toContain('/dialogue vote');
    expect(commands).not.toContain('/dialogue export');
    for (const command of commands) {
      const reply = (await h.type(command)).slice(1).join('\n');
      expect(reply, command).not.toMatch(refused);
    }
    // Typed anyway, it is refused by the core in the same words as any command for another role.
    expect((await h.type('/dialogue export')).join('\n')).toContain('Only the facilitator can export the votes.');
  });

  it('the facilitator finds /dialogue export under the dialogue they facilitate, and it works', async () => {
    h = await createHarness();
    await h.type('/as li social_worker', '/in general', '/dialogue start "Courtyard parking"', '/in t1');
    const help = (await h.type('/help')).join('\n');
    const section = help.split('In a dialogue you facilitate')[1] ?? '';
    expect(section).toContain('• /dialogue export');
    expect((await h.type('/dialogue export')).join('\n')).toContain('Nobody has voted yet');
  });

  it('a resident is not offered /poll close, which only the person who opened a poll or a coordinator may use', async () => {
    h = await createHarness();
    await h.type('/as wang coordinator', '/in general', '/poll "Bins on Tuesday?" "Yes" "No"');
    const commands = listed(await h.type('/as maria', '/help'));
    expect(commands).toContain('/poll vote');
    expect(commands).not.toContain('/poll close');
    expect((await h.type('/poll close')).join('\n')).toMatch(refused);
  });
});
