import { message, type MessageVars } from '../core/wording';
import { buildsMessages, decides, keysFor, type FlowContext, type FlowFunctions, type FlowOption } from '../flows/functions';
import { localText } from '../config/schema';
import { partyForCategory } from '../config/load';
import { common, partyPost, toParty } from './party-post';
import { isErasedId } from '../privacy/subject';
import { STATUSES, answerOf, CONFIRM_WITHIN_DAYS, duration, partyName, FINAL, HOUR_MS, hoursBetween, num, reporterOf, statusOf, str, strings, type ReportStatus } from './report';

/** Refuses kindly when the report is not in a status this action applies to. */
function allowed(ctx: FlowContext, from: ReportStatus[]): boolean {
  const status = statusOf(ctx.run);
  if (status === null) {
    ctx.say('actor', 'feedback.not_filed');
    return false;
  }
  if (FINAL.has(status)) {
    ctx.say('actor', 'feedback.already_closed', { ...common(ctx), status: message(`feedback.status.${status}`) });
    return false;
  }
  if (!from.includes(status)) {
    ctx.say('actor', 'feedback.no_change', { ...common(ctx), status: message(`feedback.status.${status}`) });
    return false;
  }
  return true;
}

/** Moves the report to a new status and records it. */
function move(ctx: FlowContext, to: ReportStatus, outcomeTo: string = to): void {
  const { run } = ctx;
  const from = statusOf(run) ?? 'new';
  run.vars.status = to;
  // The retention period of what was written starts when a report closes.
  if (FINAL.has(to)) run.vars.closedAt = ctx.now;
  ctx.record('feedback.status_changed', { ref: str(run.vars.ref), category: str(run.vars.category), from, to: outcomeTo }, { party: str(run.vars.party) });
}

/** Tells the reporter, by direct message, in plain words. */
function tellReporter(ctx: FlowContext, key: string, vars: MessageVars = {}, choices?: ReturnType<FlowContext['choice']>[]): void {
  const reporter = reporterOf(ctx.run);
  if (reporter) ctx.say({ userId: reporter }, key, { ...common(ctx), ...vars }, choices ? { choices } : {});
}

function actorName(ctx: FlowContext): string {
  return ctx.actor?.name || ctx.user?.name || ctx.user?.id || '';
}

/** The first acknowledgement counts for the charter: the time it took is recorded once. */
function acknowledge(ctx: FlowContext): void {
  const { run } = ctx;
  ctx.cancel('ack_reminder');
  ctx.cancel('ack_escalation');
  if (run.vars.acknowledgedAt !== undefined) return;
  run.vars.acknowledgedAt = ctx.now;
  // Measured from when the report reached this party: one passed on with "Not ours" starts its charter clock again.
  const hours = hoursBetween(num(run.vars.reassignedAt ?? run.vars.filedAt), ctx.now);
  ctx.record('feedback.acknowledged', { ref: str(run.vars.ref), category: str(run.vars.category), hours }, { actors: [ctx.user?.id ?? ''], party: str(run.vars.party) });
}

export const lifecycleFunctions: FlowFunctions = buildsMessages(keysFor('feedback.status', STATUSES), {
  feedbackAcknowledge(ctx) {
    if (!allowed(ctx, ['new', 'reopened'])) return undefined;
    acknowledge(ctx);
    move(ctx, 'acknowledged');
    toParty(ctx, 'feedback.party.acknowledged', { name: actorName(ctx) });
    tellReporter(ctx, 'feedback.reporter.acknowledged');
    return undefined;
  },

  feedbackInProgress(ctx) {
    if (!allowed(ctx, ['new', 'acknowledged', 'reopened'])) return undefined;
    acknowledge(ctx);
    move(ctx, 'in_progress');
    toParty(ctx, 'feedback.party.in_progress', { name: actorName(ctx) });
    tellReporter(ctx, 'feedback.reporter.in_progress');
    return undefined;
  },

  /** `resolve`: asks what was done (`ask_note`), when the report is in a status it can be resolved from. */
  feedbackResolve: decides(['ask_note'], (ctx) => (allowed(ctx, ['new', 'acknowledged', 'in_progress', 'reopened']) ? 'ask_note' : undefined)),

  /** After the note of what was done: the reporter is asked to confirm and rate, or to reopen. */
  feedbackResolved(ctx) {
    const { run } = ctx;
    if (!allowed(ctx, ['new', 'acknowledged', 'in_progress', 'reopened'])) return undefined;
    acknowledge(ctx);
    move(ctx, 'resolved');
    const note = str(run.vars.resolveNote);
    ctx.record('feedback.resolved', { ref: str(run.vars.ref), category: str(run.vars.category), hours: hoursBetween(num(run.vars.filedAt), ctx.now) }, { party: str(run.vars.party) });
    toParty(ctx, 'feedback.party.resolved', { name: actorName(ctx), note });
    tellReporter(ctx, 'feedback.reporter.resolved', { note }, [ctx.choice('confirm', 'core.command.confirm', { command: true }), ctx.choice('reopen', 'core.command.reopen', { command: true })]);
    // A resident who added their voice and was erased since stays counted, and is not written to.
    for (const userId of strings(run.vars.meToo).filter((id) => !isErasedId(id))) ctx.say({ userId }, 'feedback.me_too.resolved', { ...common(ctx), note });
    ctx.schedule('confirm_expired', ctx.now + CONFIRM_WITHIN_DAYS * 24 * HOUR_MS);
    return undefined;
  },

  /** `not_ours`: asks which party it belongs to (`ask_party`). */
  feedbackNotOurs: decides(['ask_party'], (ctx) => (allowed(ctx, ['new', 'acknowledged', 'in_progress', 'reopened']) ? 'ask_party' : undefined)),

  feedbackOtherParties(ctx): FlowOption[] {
    return ctx.community.parties.filter((p) => p.id !== str(ctx.run.vars.party)).map((p) => ({ value: p.id, label: localText(p.name, ctx.locale), say: (_t, locale) => localText(p.name, locale) }));
  },

  /** Passes the report to another party, with the reason; the people of the old party no longer act on it. */
  feedbackReassigned(ctx) {
    const { run } = ctx;
    if (!allowed(ctx, ['new', 'acknowledged', 'in_progress', 'reopened'])) return undefined;
    const from = str(run.vars.party);
    const to = str(run.vars.reassignTo);
    const reason = str(run.vars.reassignReason);
    // Whether it had been acknowledged: the acknowledgement goes with the report, so the party table counts it once.
    ctx.record('feedback.reassigned', { ref: str(run.vars.ref), category: str(run.vars.category), to, acknowledged: run.vars.acknowledgedAt !== undefined }, { party: from });
    move(ctx, 'new', 'reassigned');
    toParty(ctx, 'feedback.party.passed_on', { name: actorName(ctx), to: (_t, locale) => partyName(ctx.community, to, locale), reason });
    run.vars.party = to;
    // Roles that came from the old party (its members, and others refused as residents) are worked out again at their next step.
    run.participants = run.participants.filter((p) => p.role === 'reporter' || p.role === 'coordinator');
    const entry = ctx.community.projects.find((p) => p.id === run.project)?.charter.find((c) => c.party === to);
    const hours = entry?.acknowledgeWithinHours ?? partyForCategory(ctx.community, run.project ?? '', str(run.vars.category))?.entry.acknowledgeWithinHours ?? 48;
    run.vars.ackHours = hours;
    run.vars.reassignedAt = ctx.now;
    delete run.vars.acknowledgedAt;
    partyPost(ctx, 'feedback.party.reassigned', { reason });
    tellReporter(ctx, 'feedback.reporter.reassigned', { reason, time: (t) => duration(t, hours) });
    ctx.schedule('ack_reminder', ctx.now + hours * HOUR_MS);
    ctx.cancel('ack_escalation');
    return undefined;
  },

  /** `duplicate`: asks which report it repeats (`ask_original`). */
  feedbackDuplicate: decides(['ask_original'], (ctx) => (allowed(ctx, ['new', 'acknowledged', 'in_progress', 'reopened']) ? 'ask_original' : undefined)),

  /**
   * Closes the report as a duplicate of the one named. The core has already checked that the
   * reference names another filed report (`refersTo` in the script); other text is asked for again (`bad_ref`).
   */
  feedbackDuplicated: decides(['bad_ref'], (ctx) => {
    const { run } = ctx;
    const of = ctx.referenced?.ref ?? '';
    if (!of) {
      ctx.say('actor', 'feedback.duplicate_bad_ref', common(ctx));
      return 'bad_ref';
    }
    if (!allowed(ctx, ['new', 'acknowledged', 'in_progress', 'reopened'])) return undefined;
    acknowledge(ctx);
    move(ctx, 'duplicate');
    ctx.record('feedback.duplicate', { ref: str(run.vars.ref), category: str(run.vars.category), of }, { party: str(run.vars.party) });
    ctx.cancel('*');
    toParty(ctx, 'feedback.party.duplicate', { name: actorName(ctx), of });
    tellReporter(ctx, 'feedback.reporter.duplicate', { of });
    return undefined;
  }),

  /** `reopen`: asks the reporter what is still wrong (`ask_comment`). */
  feedbackReopen: decides(['ask_comment'], (ctx) => (allowed(ctx, ['resolved']) ? 'ask_comment' : undefined)),

  /** Goes back to the responsible party with the resident's comment; the charter clock starts again. */
  feedbackReopened(ctx) {
    const { run } = ctx;
    if (!allowed(ctx, ['resolved'])) return undefined;
    move(ctx, 'reopened');
    ctx.record('feedback.reopened', { ref: str(run.vars.ref), category: str(run.vars.category) }, { actors: [ctx.user?.id ?? ''], party: str(run.vars.party) });
    ctx.cancel('confirm_expired');
    partyPost(ctx, 'feedback.party.reopened', { comment: answerOf(run.vars.reopenComment, ctx.user?.id ?? '') });
    tellReporter(ctx, 'feedback.reporter.reopened');
    ctx.schedule('ack_reminder', ctx.now + num(run.vars.ackHours) * HOUR_MS);
    return undefined;
  },

  /** `confirm`: asks the reporter for a rating (`ask_rating`). */
  feedbackConfirm: decides(['ask_rating'], (ctx) => (allowed(ctx, ['resolved']) ? 'ask_rating' : undefined)),

  feedbackConfirmed(ctx) {
    const { run } = ctx;
    if (!allowed(ctx, ['resolved'])) return undefined;
    const rating = Number(answerOf(run.vars.rating, ctx.user?.id ?? ''));
    move(ctx, 'closed');
    ctx.record('feedback.confirmed', { ref: str(run.vars.ref), category: str(run.vars.category), rating }, { actors: [ctx.user?.id ?? ''], party: str(run.vars.party) });
    ctx.cancel('*');
    toParty(ctx, 'feedback.party.confirmed', { rating });
    tellReporter(ctx, 'feedback.reporter.confirmed');
    return undefined;
  },

  /** Another resident has the same concern: counted once a person, and the party is told. */
  feedbackMeToo(ctx) {
    const { run } = ctx;
    const userId = ctx.user?.id ?? '';
    const status = statusOf(run);
    if (status === null) return void ctx.say('actor', 'feedback.not_filed');
    if (FINAL.has(status)) return void ctx.say('actor', 'feedback.me_too.closed', common(ctx));
    if (userId === reporterOf(run)) return void ctx.say('actor', 'feedback.me_too.own', common(ctx));
    const list = strings(run.vars.meToo);
    if (list.includes(userId)) return void ctx.say('actor', 'feedback.me_too.already', common(ctx));
    run.vars.meToo = [...list, userId];
    ctx.record('feedback.me_too', { ref: str(run.vars.ref), category: str(run.vars.category) }, { actors: [userId], party: str(run.vars.party) });
    ctx.say('actor', 'feedback.me_too.thanks', common(ctx));
    toParty(ctx, 'feedback.party.me_too');
    return undefined;
  },
});
