import { message } from '../core/wording';
import type { FlowContext, FlowFunctions } from '../flows/functions';
import { channelRef, duration, HOUR_MS, num, reporterOf, statusOf, str, UNACKNOWLEDGED, age } from './report';
import { common, toParty } from './party-post';

function data(ctx: FlowContext) {
  return { ref: str(ctx.run.vars.ref), category: str(ctx.run.vars.category) };
}

function waiting(ctx: FlowContext): boolean {
  const status = statusOf(ctx.run);
  return status !== null && UNACKNOWLEDGED.has(status);
}

export const reminderFunctions: FlowFunctions = {
  /** The charter time has passed without an acknowledgement: one reminder to the party. */
  feedbackAckReminder(ctx) {
    if (!waiting(ctx)) return undefined;
    const hours = num(ctx.run.vars.ackHours);
    ctx.record('feedback.reminded', data(ctx), { party: str(ctx.run.vars.party) });
    toParty(ctx, 'feedback.party.reminder', { time: (t) => duration(t, hours) }, [ctx.choice('acknowledge', 'core.command.acknowledge', { command: true })]);
    ctx.schedule('ack_escalation', ctx.now + hours * HOUR_MS);
    return undefined;
  },

  /** A second period has passed: the coordinators are told, so they can check in with the party. */
  feedbackAckEscalation(ctx) {
    if (!waiting(ctx)) return undefined;
    ctx.record('feedback.escalated', data(ctx), { party: str(ctx.run.vars.party) });
    const waited = ctx.now - num(ctx.run.vars.filedAt);
    const ackHours = num(ctx.run.vars.ackHours);
    const said = message('feedback.coordinator.escalation', { ...common(ctx), waited: (t) => age(t, waited), time: (t) => duration(t, ackHours) });
    ctx.act({ kind: 'send', to: { kind: 'conversation', ref: channelRef(ctx.run, ctx.community.coordinatorChannel) }, text: ctx.render(said), say: said });
    return undefined;
  },

  /** The resident did not answer after a fix (they may have left): the report closes as resolved. */
  feedbackConfirmExpired(ctx) {
    if (statusOf(ctx.run) !== 'resolved') return undefined;
    ctx.run.vars.status = 'closed';
    ctx.record('feedback.status_changed', { ...data(ctx), from: 'resolved', to: 'closed' }, { party: str(ctx.run.vars.party) });
    toParty(ctx, 'feedback.party.closed_unconfirmed');
    const reporter = reporterOf(ctx.run);
    if (reporter) ctx.say({ userId: reporter }, 'feedback.reporter.closed_unconfirmed', common(ctx));
    return undefined;
  },
};
