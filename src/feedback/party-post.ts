import type { Choice } from '../core/actions';
import { message, type MessageVars } from '../core/wording';
import type { FlowContext } from '../flows/functions';
import { categoryName, channelRef, partyName, reporterOf, reportText, str, strings } from './report';

/** The buttons a responsible party uses on a report. */
export function partyChoices(ctx: FlowContext): Choice[] {
  return (['acknowledge', 'in_progress', 'resolve', 'not_ours', 'duplicate'] as const).map((command) => ctx.choice(command, `core.command.${command}`, { command: true }));
}

/** Sends a message to the channel of the party the report is with now. */
export function toParty(ctx: FlowContext, key: string, vars: MessageVars = {}, choices?: Choice[]): void {
  const party = ctx.community.parties.find((p) => p.id === str(ctx.run.vars.party));
  if (!party) return;
  const said = message(key, { ...common(ctx), ...vars });
  ctx.act({ kind: 'send', to: { kind: 'conversation', ref: channelRef(ctx.run, party.channel) }, text: ctx.render(said), say: said, ...(choices ? { choices } : {}) });
}

/** Vars every report message can use: ref, category, party (names in the reader's language). */
export function common(ctx: FlowContext): MessageVars {
  const { run, community } = ctx;
  const category = str(run.vars.category);
  const party = str(run.vars.party);
  return {
    ref: str(run.vars.ref),
    category: (_t, locale) => categoryName(community, run.project, category, locale),
    party: (_t, locale) => partyName(community, party, locale),
    count: strings(run.vars.meToo).length,
  };
}

/** The full report as the party sees it; the reporter's name only when they did not ask to stay anonymous. */
export function partyPost(ctx: FlowContext, key: string, extra: MessageVars = {}): void {
  const { run } = ctx;
  const { what, where } = reportText(run);
  const anonymous = run.vars.anonymous === 'yes';
  const reporter = run.participants.find((p) => p.userId === reporterOf(run));
  const from = anonymous ? message('feedback.party.from_anonymous') : message('feedback.party.from', { name: reporter?.name || reporter?.userId || '' });
  const contact = message(!anonymous && run.vars.contact === 'yes' ? 'feedback.party.contact_yes' : 'feedback.party.contact_no');
  toParty(
    ctx,
    key,
    {
      urgency: message(`feedback.party.urgency.${str(run.vars.urgency) || 'normal'}`),
      what,
      where: where ? message('feedback.party.where', { where }) : '',
      from,
      contact,
      ...extra,
    },
    partyChoices(ctx),
  );
}
