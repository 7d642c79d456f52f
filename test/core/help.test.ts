import { afterEach, describe, expect, it } from 'vitest';
import type { Action } from '../../src/core/actions';
import { createHarness, type ChatHarness } from '../support/harness';

let h: ChatHarness;
afterEach(async () => h?.close());

const helpOf = async (who: string) => (await h.type(`/as ${who}`, '/help')).slice(2).join('\n');

describe('/help shows what this person can do here, grouped by role', () => {
  it('a resident: everyone’s commands, their own report and notice, the chat’s own commands; nothing they would be refused', async () => {
    h = await createHarness();
    const help = await helpOf('maria');
    expect(help).toContain('Everyone:\n    • /language <locale>');
    expect(help).toContain('• /feedback reopen: Say that something still needs attention');
    expect(help).toContain('In this chat:\n    • /as <name> [role ...]');
    expect(help).toContain('• /quit: Leave the local chat');
    for (const refused of ['/report', '/stage', '/dialogue next', '/mediation next', '/feedback acknowledge', '/notice answer', 'Social workers', 'Coordinators']) {
      expect(help).not.toContain(refused);
    }
  });

  it('a social worker sees the facilitator’s and mediator’s sub-commands; a coordinator theirs', async () => {
    h = await createHarness();
    const worker = await helpOf('li social_worker');
    expect(worker).toContain('Social workers:\n    • /dialogue start <topic> [project] [stage]');
    expect(worker).toContain('In a dialogue you facilitate (type these in its thread):');
    for (const sub of ['/dialogue next', '/dialogue hide', '/dialogue action', '/dialogue close', '/mediation next', '/mediation commitment', '/mediation options']) expect(worker).toContain(`• ${sub}`);
    expect(worker).not.toContain('/stage start');
    const coordinator = await helpOf('wang coordinator');
    expect(coordinator).toContain('Coordinators:\n    • /notice');
    for (const sub of ['/stage start <stage> [project]', '/notice answer', '/report [project]', '/summary project <project>']) expect(coordinator).toContain(`• ${sub}`);
    expect(coordinator).not.toContain('/dialogue next');
    const party = await helpOf('jo housing');
    expect(party).toContain('On a report with your team');
    expect(party).toContain('• /feedback acknowledge');
    expect(party).toContain('• /report');
  });

  it('/help <command> explains one command with an example, in the person’s language', async () => {
    h = await createHarness();
    const one = (await h.type('/as maria', '/help poll vote')).slice(2).join('\n');
    // `/poll vote` is declared by the poll script: its usage is in its help line, with the reference it may take.
    expect(one).toContain('• /poll vote [reference]: Vote in the latest poll here by number: /poll vote 2');
    expect(one).toContain('Who can use it: everyone');
    // The example is the sub-command's own, not the command's (which opens a poll).
    expect(one).toContain('For example: /poll vote 2, or /poll vote P-0003 2 for a poll elsewhere');
    expect(one).not.toContain('Which evening suits you?');
    expect((await h.type('/help poll')).join('\n')).toContain('For example: /poll "Which evening suits you?"');
    expect((await h.type('/help feedback acknowledge')).join('\n')).toContain('For example: /feedback acknowledge FB-0012');
    const zh = (await h.type('/language zh-CN', '/help mediation next')).slice(2).join('\n');
    expect(zh).toContain('/mediation next');
    expect(zh).toContain('谁可以使用：社工');
    // A sub-command without an example of its own shows none, rather than another one's.
    expect(zh).not.toContain('例如');
    expect((await h.type('/help mediation reply')).join('\n')).toContain('例如：/mediation reply 我周四晚上可以见面。');
    const unknown = (await h.type('/help fly')).slice(1).join('\n');
    expect(unknown).toContain('我不认识 /fly 这个命令');
  });

  it('/help report says who may see reports, not "everyone", since a resident is refused them', async () => {
    h = await createHarness();
    const en = (await h.type('/as maria', '/help report')).slice(2).join('\n');
    expect(en).toContain('Who can use it: coordinators, and the members of a responsible party (for their party)');
    expect(en).not.toContain('Who can use it: everyone');
    const zh = (await h.type('/language zh-CN', '/help report')).slice(2).join('\n');
    expect(zh).toContain('谁可以使用：协调员，以及各责任主体的成员（查看本单位的情况）');
  });

  it('names what to type in a usage line in the reader language, and leaves words typed as they are', async () => {
    h = await createHarness();
    const zh = (await h.type('/as wang coordinator', '/language zh-CN', '/help')).join('\n');
    expect(zh).toContain('• /report [项目] [阶段] [责任主体] [格式]: ');
    expect(zh).toContain('• /stage start <阶段> [项目]: ');
    expect(zh).toContain('• /privacy erase [confirm]: ');
    expect(zh).toContain('• /as <名字> [角色 ...]: ');
    expect(zh).toContain('• /in <频道或讨论串>: ');
    expect(zh).not.toMatch(/[<[](project|stage|name|reference|category)[\]>]/);
    expect((await h.type('/help as')).join('\n')).toContain('• /as <名字> [角色 ...]: ');
    const en = (await h.type('/language en', '/help')).join('\n');
    expect(en).toContain('• /report [project] [stage] [party] [format]: ');
    expect(en).toContain('• /as <name> [role ...]: ');
  });

  it('/help help and /help of a command the chat lists (/as) explain them, instead of calling them unknown', async () => {
    h = await createHarness();
    const help = (await h.type('/as maria', '/help help')).slice(2).join('\n');
    expect(help).toContain('• /help [command]: See what you can do here, or one command explained with an example');
    expect(help).not.toContain("I don't know the command");
    const as = (await h.type('/help as')).slice(1).join('\n');
    expect(as).toContain('• /as <name> [role ...]: Be someone else in this chat');
    expect(as).not.toContain("I don't know the command");
  });

  it('/help <command> <sub-command> explains that sub-command with an example of it, in en and zh-CN', async () => {
    h = await createHarness();
    const en = (await h.type('/as li social_worker', '/help dialogue remove')).slice(2).join('\n');
    expect(en).toContain('• /dialogue remove: Remove an action recorded by mistake: /dialogue remove <number>');
    expect(en).toContain('Who can use it: the facilitator');
    expect(en).toContain('For example: /dialogue remove 2');
    expect(en).not.toContain('/dialogue start');
    const zh = (await h.type('/language zh-CN', '/help dialogue remove')).slice(1).join('\n');
    expect(zh).toContain('• /dialogue remove: 删除误记的一项行动：/dialogue remove <编号>');
    expect(zh).toContain('谁可以使用：主持人');
    expect(zh).toContain('例如：/dialogue remove 2');
    expect(zh).not.toContain('/dialogue start');
    // The command alone still shows the command's own example.
    const whole = (await h.type('/help dialogue')).slice(1).join('\n');
    expect(whole).toContain('例如：/dialogue start');
  });

  it('/dialogue done is for the action’s owner or the facilitator: listed for a resident, and /help says so in en and zh-CN', async () => {
    h = await createHarness();
    const resident = await helpOf('maria');
    expect(resident).toContain('In a dialogue you take part in (in its thread):');
    expect((resident.split('In a dialogue you take part in')[1] ?? '').split('\n\n')[0]).toContain('• /dialogue done: Mark an agreed action as done: /dialogue done <number>');
    const worker = await helpOf('li social_worker');
    expect((worker.split('In a dialogue you facilitate')[1] ?? '').split('\n\n')[0]).toContain('• /dialogue done');
    expect(worker.match(/• \/dialogue done/g)).toHaveLength(1);
    const en = (await h.type('/as maria', '/help dialogue done')).slice(2).join('\n');
    expect(en).toContain("Who can use it: the action's owner (for an action a party owns, that party's members), or the facilitator");
    expect(en).not.toContain('Who can use it: the facilitator');
    const zh = (await h.type('/language zh-CN', '/help dialogue done')).slice(1).join('\n');
    expect(zh).toContain('谁可以使用：行动的负责人（行动由责任主体负责时，其成员），或主持人');
  });

  it('on a platform whose commands start with /cg, every command the bot names is written that way', async () => {
    h = await createHarness();
    const seen: Action[] = [];
    h.app.bot.attach('slack', { commandPrefix: '/cg ', perform: async (action) => (seen.push(action), { kind: 'sent', messageRef: 'm1' }) });
    const ref = { platform: 'slack', space: 'T1', channel: 'C1', direct: false };
    await h.app.bot.handle({ kind: 'command', name: 'help', args: [], options: {}, eventId: 'slack-help-1', ref, user: { id: 'U1', name: 'maria', platformRoles: [] }, canOpenForm: false });
    await h.app.bot.handle({ kind: 'command', name: 'fly', args: [], options: {}, eventId: 'slack-help-2', ref, user: { id: 'U1', name: 'maria', platformRoles: [] }, canOpenForm: false });
    const texts = seen.map((a) => (a.kind === 'send' ? a.text : ''));
    expect(texts[0]).toContain('• /cg feedback list:');
    expect(texts[0]).toContain('type /cg help and its name, for example /cg help feedback.');
    expect(texts[0]).not.toMatch(/(^|\s)\/(feedback|help|poll)\b/);
    expect(texts[1]).toContain('Type /cg help to see what you can do.');
  });
});
