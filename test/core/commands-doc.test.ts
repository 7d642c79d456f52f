import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type ChatHarness } from '../support/harness';

let h: ChatHarness;
afterEach(async () => h?.close());

const reference = readFileSync(fileURLToPath(new URL('../../docs/commands.md', import.meta.url)), 'utf8');

describe('docs/commands.md', () => {
  it('names every command the bot routes, with each sub-command', async () => {
    h = await createHarness();
    // Buttons of a poll (`vote_a`…) are its options, typed as `/poll vote <number>`.
    const routed = h.app.bot.commandList().filter((c) => !/^vote_[a-j]$/.test(c.sub ?? ''));
    const missing = routed.map((c) => `/${c.name}${c.sub ? ` ${c.sub}` : ''}`).filter((usage) => !new RegExp(`\`${usage}(?![\\w_])`).test(reference));
    expect(missing).toEqual([]);
  });

  it("names the local chat's own commands", () => {
    for (const own of ['/as', '/in', '/dm', '/again', '/quit']) expect(reference).toContain(`\`${own}`);
  });
});
