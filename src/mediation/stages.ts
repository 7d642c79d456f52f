import { listOf, type Wording } from '../core/wording';
import { buildsMessages, keysFor, type FlowContext, type FlowFunctions } from '../flows/functions';
import { recordEnded } from './ending';
import { turnToListener } from './reframe';
import { SAFETY_KINDS, TONE_KINDS } from './tone-lexicon';
import { answers, contributions, parties, ref, tellMediator } from './state';

/** Where the script's three standard intake questions keep their answers. */
const STANDARD_INTAKE = new Set(['intakeHappened', 'intakeMatters', 'intakeOutcome']);

/**
 * Records the stage the current step marks (`stage:` in the script): the stage's own id, never
 * the step's, so renaming a step does not rename recorded outcomes.
 */
export function reachStage(ctx: FlowContext): void {
  const stage = ctx.stage;
  if (!stage) throw new Error(`mediation step "${ctx.run.step}" records a stage but marks none`);
  ctx.run.vars.stage = stage.id;
  ctx.record('mediation.stage_reached', { mediation: ref(ctx.run), stage: stage.id });
}

export const stageFunctions: FlowFunctions = buildsMessages(keysFor('mediation.kind', [...TONE_KINDS, ...SAFETY_KINDS]), {
  mediationStage: reachStage,
  /** After a party's last intake question: thanks, and whether the others are still answering. */
  mediationIntakeThanks(ctx) {
    const userId = ctx.user?.id ?? '';
    const waiting = ctx.run.pending?.waitingFor.length ?? 0;
    ctx.say({ userId }, waiting > 0 ? 'mediation.intake.thanks_waiting' : 'mediation.intake.thanks');
  },
  /**
   * The intake answers go to the mediator only, by direct message: the three standard questions,
   * then any question the script adds (by its `label`, or its own words).
   */
  mediationIntakeToMediator(ctx) {
    const happened = answers(ctx.run, 'intakeHappened');
    const matters = answers(ctx.run, 'intakeMatters');
    const outcome = answers(ctx.run, 'intakeOutcome');
    const added = Object.values(ctx.flow.steps).flatMap((s) => (s.kind === 'ask' && s.pace === 'own' && !STANDARD_INTAKE.has(s.save) ? [s] : []));
    // Written in the mediator's language; the parties' answers stay as they wrote them.
    const blocks: Wording = (t) =>
      parties(ctx.run)
        .map((p) =>
          [
            t('mediation.intake.party', { name: p.name, happened: happened[p.userId] ?? '-', matters: matters[p.userId] ?? '-', outcome: outcome[p.userId] ?? '-' }),
            ...added.map((s) => t('mediation.intake.more', { question: t(s.label ?? s.message), answer: answers(ctx.run, s.save)[p.userId] ?? '-' })),
          ].join('\n'),
        )
        .join('\n\n');
    tellMediator(ctx, 'mediation.intake.summary', { answers: blocks });
  },
  /**
   * A party who accepts the ground rules before the others hears it was noted; one who does not
   * accept them yet: the mediator is told, and they are asked again later.
   */
  mediationGroundRules(ctx) {
    const userId = ctx.user?.id ?? '';
    if (answers(ctx.run, 'groundRules')[userId] !== 'no') {
      if ((ctx.run.pending?.waitingFor.length ?? 0) > 0) ctx.say('actor', 'mediation.ground_rules.thanks_waiting');
      return;
    }
    askAgain(ctx, 'groundRules', userId);
    ctx.say('actor', 'mediation.ground_rules.not_yet');
    tellMediator(ctx, 'mediation.ground_rules.to_mediator', { name: ctx.actor?.name ?? '' });
  },
  /** A neutral reframe of each side, built offline from the private "what matters most" answers. */
  mediationProposeReframes(ctx) {
    const matters = answers(ctx.run, 'intakeMatters');
    const kinds = (ctx.run.vars.flagKinds ?? {}) as Record<string, string[]>;
    // Written in the mediator's language; each party's own words stay in the language they wrote them in.
    const lines: Wording = (t, locale) =>
      parties(ctx.run)
        .map((p) => {
          const need = matters[p.userId];
          const line = need ? t('mediation.reframe.line', { name: p.name, need: turnToListener(need) }) : t('mediation.reframe.no_answer', { name: p.name });
          const flagged = (kinds[p.userId] ?? []).map((k) => t(`mediation.kind.${k}`));
          return flagged.length > 0 ? `${line}\n${t('mediation.reframe.flag_hint', { name: p.name, kinds: listOf(flagged, locale) })}` : line;
        })
        .join('\n');
    tellMediator(ctx, 'mediation.reframe.proposal', { lines });
  },
  /** Each option gets a number the parties use when they weigh it. */
  mediationOptionNoted(ctx) {
    ctx.say('shared', 'mediation.options.noted', { n: contributions(ctx.run, 'options').length });
  },
  mediationFinish: recordEnded,
});

/** Puts a party back among those an `ask` waits for, with their answer forgotten. */
export function askAgain(ctx: FlowContext, save: string, userId: string): void {
  const saved = ctx.run.vars[save];
  if (typeof saved === 'object' && saved !== null && !Array.isArray(saved)) delete saved[userId];
  const pending = ctx.run.pending;
  if (pending && !pending.waitingFor.includes(userId)) pending.waitingFor.push(userId);
}
