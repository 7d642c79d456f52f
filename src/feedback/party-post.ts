import type { Choice } from '../core/actions';
import type { FlowContext } from '../flows/functions';
import { categoryName, channelRef, partyName, reporterOf, reportText, str, strings } from './report';

/** The buttons a responsible party uses on a report. */
export function partyChoices(ctx: FlowContext): Choice[] {
  return (['acknowledge', 'in_progress', 'resolve', 'not_ours', 'duplicate'] as const).map((command) => ctx.choice(command, `core.command.${command}`, { command: true }));
}

/** Sends a message to the channel of the party the report is with now. */
export function toParty(ctx: FlowContext, key: string, vars: Record<string, string | number> = {}, choices?: Choice[]): void {
  const party = ctx.community.parties.find((p) => p.id === str(ctx.run.vars.party));
  if (!party) return;
  ctx.act({ kind: 'send', to: { kind: 'conversation', ref: channelRef(ctx.run, party.channel) }, text: ctx.t(key, { ...common(ctx), ...vars }), ...(choices ? { choices } : {}) });
}

/** Vars every report message can use: ref, category, party. */
export function common(ctx: FlowContext): Record<string, string | number> {
  const { run } = ctx;
  return {
    ref: str(run.vars.ref),
    category: categoryName(ctx.community, run.project, str(run.vars.category), ctx.locale),
    party: partyName(ctx.community, str(run.vars.party), ctx.locale),
    count: strings(run.vars.meToo).length,
  };
}

/** The full report as the party sees it; the reporter's name only when they did not ask to stay anonymous. */
export function partyPost(ctx: FlowContext, key: string, extra: Record<string, string | number> = {}): void {
  const { run } = ctx;
  const { what, where } = reportText(run);
  const anonymous = run.vars.anonymous === 'yes';
  const reporter = run.participants.find((p) => p.userId === reporterOf(run));
  const from = anonymous ? ctx.t('feedback.party.from_anonymous') : ctx.t('feedback.party.from', { name: reporter?.name || reporter?.userId || '' });
  const contact = !anonymous && run.vars.contact === 'yes' ? ctx.t('feedback.party.contact_yes') : ctx.t('feedback.party.contact_no');
  toParty(
    ctx,
    key,
    {
      urgency: ctx.t(`feedback.party.urgency.${str(run.vars.urgency) || 'normal'}`),
      what,
      where: where ? ctx.t('feedback.party.where', { where }) : '',
      from,
      contact,
      ...extra,
    },
    partyChoices(ctx),
  );
}
