import { countedKey, namesOf } from '../core/wording';
import { decides, type FlowContext, type FlowFunctions } from '../flows/functions';
import { answers, mediator, parties, ref, stringVar, tellMediator } from './state';
import { reachStage } from './stages';
import { ENDED, endWith } from './ending';

const HOUR = 3_600_000;

/** Consent: asked of each party privately; one "no" ends it kindly for everyone. */
export const consentFunctions: FlowFunctions = {
  /** Records the opening, and the stage the opening step marks (consent). */
  mediationOpened(ctx) {
    const m = mediator(ctx.run);
    ctx.record('mediation.opened', { mediation: ref(ctx.run), parties: parties(ctx.run).length }, { actors: m ? [m.userId] : [] });
    reachStage(ctx);
  },
  mediationConsentReminderAt: (ctx) => ctx.now + ctx.community.mediation.consentReminderHours * HOUR,
  mediationConsentReminder(ctx) {
    const waiting = stillWaiting(ctx);
    if (waiting.length === 0) return;
    for (const userId of waiting) ctx.say({ userId }, 'mediation.consent.reminder', { mediator: mediator(ctx.run)?.name ?? '' });
    ctx.schedule('consent_overdue', ctx.now + ctx.community.mediation.consentReminderHours * HOUR);
  },
  mediationConsentOverdue(ctx) {
    const waiting = stillWaiting(ctx);
    if (waiting.length === 0) return;
    const names = namesOf(waiting.map((id) => ctx.participant(id)?.name ?? id));
    tellMediator(ctx, countedKey('mediation.consent.overdue', waiting.length), { names });
  },
  /** One "no" ends the mediation for everyone (`ended`). */
  mediationConsent: decides([ENDED], (ctx) => {
    const userId = ctx.user?.id ?? '';
    const answer = answers(ctx.run, 'consent')[userId];
    if (answer === 'no') {
      ctx.record('mediation.declined', { mediation: ref(ctx.run) }, { actors: [userId] });
      ctx.say('actor', 'mediation.consent.declined_you');
      // The other parties are told it will not go ahead; the mediator, that someone declined (the notice speaks of the mediator).
      const others = ctx.run.participants.filter((p) => p.userId !== userId && p.active && p.role === 'party');
      for (const p of others) ctx.say({ userId: p.userId }, 'mediation.consent.declined_others');
      tellMediator(ctx, 'mediation.consent.declined_mediator', { name: ctx.participant(userId)?.name ?? userId });
      return endWith(ctx, 'declined');
    }
    ctx.record('mediation.consented', { mediation: ref(ctx.run) }, { actors: [userId] });
    const waiting = ctx.run.pending?.waitingFor.length ?? 0;
    ctx.say('actor', waiting > 0 ? 'mediation.consent.thanks_waiting' : 'mediation.consent.thanks');
    tellMediator(ctx, 'mediation.consent.to_mediator', { name: ctx.actor?.name ?? '' });
    return;
  }),
  mediationAllConsented(ctx) {
    ctx.cancel('consent_reminder');
    ctx.cancel('consent_overdue');
  },
};

/** Parties whose consent is still awaited: only while the mediation is in its consent stage. */
function stillWaiting(ctx: FlowContext): string[] {
  return stringVar(ctx.run, 'stage') === 'consent' ? (ctx.run.pending?.waitingFor ?? []) : [];
}
