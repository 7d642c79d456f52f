import { countedKey, listOf } from '../core/wording';
import type { CommandContext, CommandSpec } from '../core/commands';
import type { Feature } from '../features';
import { agreementReached } from '../mediation/state';
import { eraseData, exportData, summarise, type PrivacyDeps } from './rights';
import type { Subject } from './subject';

const EVERYONE: CommandSpec['roles'] = ['resident', 'social_worker', 'coordinator'];
const KINDS = new Set(['feedback', 'dialogue', 'mediation', 'notice', 'poll']);
const ROLES = new Set(['reporter', 'responsible', 'resident', 'coordinator', 'party', 'mediator', 'facilitator', 'participant', 'guest', 'author', 'opener', 'voter', 'member']);

const subjectOf = (ctx: CommandContext): Subject => ({ platform: ctx.event.ref.platform, userId: ctx.event.user.id });
const depsOf = (ctx: CommandContext): PrivacyDeps => ({ ...ctx.stores, pseudonymise: ctx.pseudonymise, now: () => ctx.clock.now() });
const pseudonymOf = (ctx: CommandContext) => ctx.pseudonymise(ctx.event.ref.platform, ctx.event.user.id);

/** `/privacy`: what the bot keeps about the person, as counts and kinds, privately. */
async function showSummary(ctx: CommandContext): Promise<void> {
  await ctx.slow(async () => {
    const summary = await summarise(depsOf(ctx), subjectOf(ctx));
    const lines = summary.records.map((r) =>
      ctx.t('privacy.summary.records', { count: r.count, kind: ctx.t(`${countedKey('privacy.kind', r.count)}.${KINDS.has(r.flow) ? r.flow : 'other'}`), roles: listOf([...new Set((r.roles.length > 0 ? r.roles : ['other']).map((role) => ctx.t(`privacy.role.${ROLES.has(role) ? role : 'other'}`)))], ctx.locale) }),
    );
    if (summary.settings > 0) lines.push(ctx.t('privacy.summary.settings'));
    if (summary.outcomes > 0) lines.push(ctx.t(countedKey('privacy.summary.outcomes', summary.outcomes), { count: summary.outcomes }));
    if (summary.audit > 0) lines.push(ctx.t(countedKey('privacy.summary.audit', summary.audit), { count: summary.audit }));
    // The local chat's own records are the files it saved for the person (their exports); the web chat's, invitations and sign-ins.
    const platformKey = ctx.event.ref.platform === 'local' ? 'privacy.summary.saved_files' : 'privacy.summary.platform';
    if (summary.platform > 0) lines.push(ctx.t(countedKey(platformKey, summary.platform), { count: summary.platform }));
    if (lines.length === 0) return { text: ctx.t('privacy.summary.nothing') };
    return { text: [ctx.t('privacy.summary.intro'), ...lines.map((l) => `- ${l}`), ctx.t('privacy.summary.rights')].join('\n') };
  });
}

/** `/privacy export`: a JSON file, by direct message, of everything they wrote and everything recorded about them. */
async function sendExport(ctx: CommandContext): Promise<void> {
  await ctx.slow(async () => {
    const data = await exportData(depsOf(ctx), subjectOf(ctx));
    const json = `${JSON.stringify(data, null, 2)}\n`;
    await ctx.perform({
      kind: 'send',
      to: { kind: 'direct', platform: ctx.event.ref.platform, userId: ctx.event.user.id },
      text: ctx.t('privacy.export.file'),
      attachment: { name: 'my-data.json', contentType: 'application/json', data: new TextEncoder().encode(json) },
    });
    await ctx.outcomes.audit.append({ at: ctx.clock.now(), actor: pseudonymOf(ctx), action: 'privacy.export', target: pseudonymOf(ctx) });
    return { text: ctx.t('privacy.export.sent') };
  });
}

/** `/privacy erase`: says what erasing means and asks for `/privacy erase confirm`; then erases. */
async function erase(ctx: CommandContext): Promise<void> {
  if (ctx.args[0]?.toLowerCase() !== 'confirm') {
    await ctx.reply(ctx.t('privacy.erase.ask'));
    return;
  }
  await ctx.slow(async () => {
    // A mediation they are a party to, still before its agreement, ends the usual way first: everyone
    // is told kindly, as when a party steps back. One past its agreement keeps it (see the erasure's notice).
    for (const run of await ctx.runsOf()) {
      const party = run.participants.some((p) => p.userId === ctx.event.user.id && p.role === 'party' && p.active);
      if (run.flowId === 'mediation' && run.status !== 'ended' && party && !agreementReached(run)) await ctx.deliver(run.id, { args: ['withdraw'] });
    }
    const result = await eraseData(depsOf(ctx), subjectOf(ctx), 'self');
    if (result.kind === 'already-erased') return { text: ctx.t('privacy.erase.already') };
    if (result.kind !== 'erased') return { text: ctx.t('privacy.erase.nothing') };
    const records = result.report.state.records;
    // Someone in no conversation (only ran /report, or looked at /privacy) is not told "0 conversations".
    if (records === 0) return { text: ctx.t('privacy.erase.done_none') };
    return { text: ctx.t(countedKey('privacy.erase.done', records), { count: records }) };
  });
}

export const privacyCommands: CommandSpec[] = [
  { name: 'privacy', roles: EVERYONE, description: 'privacy.description.summary', slow: true, run: showSummary },
  { name: 'privacy', sub: 'export', roles: EVERYONE, description: 'privacy.description.export', slow: true, run: sendExport },
  {
    name: 'privacy',
    sub: 'erase',
    roles: EVERYONE,
    description: 'privacy.description.erase',
    options: [{ name: 'confirm', description: 'privacy.option.confirm', values: ['confirm'], positional: true }],
    slow: true,
    // Nothing about the person is kept while their erasure runs, not even a note for a restart.
    noteIfInterrupted: false,
    run: erase,
  },
];

/** People's rights over their data: see it, take a copy, erase it. */
export const privacyFeature: Feature = { commands: privacyCommands, functions: {} };
