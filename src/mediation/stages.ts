import type { FlowContext, FlowFunctions } from '../flows/functions';
import { recordEnded } from './ending';
import { turnToListener } from './reframe';
import { answers, contributions, parties, ref, tellMediator } from './state';

const INTAKE = ['intakeHappened', 'intakeMatters', 'intakeOutcome'] as const;
const INTAKE_QUESTIONS = ['mediation.intake.happened', 'mediation.intake.matters', 'mediation.intake.outcome'];

/** Records the stage a `reach_<stage>` step marks. */
function reach(ctx: FlowContext): void {
  const stage = ctx.run.step.replace(/^reach_/, '');
  ctx.run.vars.stage = stage;
  ctx.record('mediation.stage_reached', { mediation: ref(ctx.run), stage });
}

export const stageFunctions: FlowFunctions = {
  mediationStage: reach,
  /** Private intake, one question after another for each party at their own pace. */
  mediationIntakeAnswer(ctx) {
    const userId = ctx.user?.id ?? '';
    const answer = answers(ctx.run, 'intakeAnswer')[userId] ?? '';
    const done = INTAKE.findIndex((name) => answers(ctx.run, name)[userId] === undefined);
    const name = INTAKE[done];
    if (name) ctx.run.vars[name] = { ...answers(ctx.run, name), [userId]: answer };
    const next = INTAKE_QUESTIONS[done + 1];
    if (next) {
      askAgain(ctx, 'intakeAnswer', userId);
      ctx.say({ userId }, next);
      return;
    }
    const waiting = ctx.run.pending?.waitingFor.length ?? 0;
    ctx.say({ userId }, waiting > 0 ? 'mediation.intake.thanks_waiting' : 'mediation.intake.thanks');
    return;
  },
  /** The intake answers go to the mediator only, by direct message. */
  mediationIntakeToMediator(ctx) {
    const happened = answers(ctx.run, 'intakeHappened');
    const matters = answers(ctx.run, 'intakeMatters');
    const outcome = answers(ctx.run, 'intakeOutcome');
    const blocks = parties(ctx.run).map((p) =>
      ctx.t('mediation.intake.party', { name: p.name, happened: happened[p.userId] ?? '-', matters: matters[p.userId] ?? '-', outcome: outcome[p.userId] ?? '-' }),
    );
    tellMediator(ctx, 'mediation.intake.summary', { answers: blocks.join('\n\n') });
  },
  /** A party who does not accept the ground rules yet: the mediator is told, and they are asked again later. */
  mediationGroundRules(ctx) {
    const userId = ctx.user?.id ?? '';
    if (answers(ctx.run, 'groundRules')[userId] !== 'no') return;
    askAgain(ctx, 'groundRules', userId);
    ctx.say('actor', 'mediation.ground_rules.not_yet');
    tellMediator(ctx, 'mediation.ground_rules.to_mediator', { name: ctx.actor?.name ?? '' });
  },
  /** A neutral reframe of each side, built offline from the private "what matters most" answers. */
  mediationProposeReframes(ctx) {
    const matters = answers(ctx.run, 'intakeMatters');
    const kinds = (ctx.run.vars.flagKinds ?? {}) as Record<string, string[]>;
    const lines = parties(ctx.run).map((p) => {
      const need = matters[p.userId];
      const line = need ? ctx.t('mediation.reframe.line', { name: p.name, need: turnToListener(need, ctx.run.locale) }) : ctx.t('mediation.reframe.no_answer', { name: p.name });
      const flagged = (kinds[p.userId] ?? []).map((k) => ctx.t(`mediation.kind.${k}`)).join(', ');
      return flagged ? `${line}\n${ctx.t('mediation.reframe.flag_hint', { name: p.name, kinds: flagged })}` : line;
    });
    tellMediator(ctx, 'mediation.reframe.proposal', { lines: lines.join('\n') });
  },
  /** Each option gets a number the parties use when they weigh it. */
  mediationOptionNoted(ctx) {
    ctx.say('shared', 'mediation.options.noted', { n: contributions(ctx.run, 'options').length });
  },
  mediationFinish: recordEnded,
};

/** Puts a party back among those an `ask` waits for, with their answer forgotten. */
export function askAgain(ctx: FlowContext, save: string, userId: string): void {
  const saved = ctx.run.vars[save];
  if (typeof saved === 'object' && saved !== null && !Array.isArray(saved)) delete saved[userId];
  const pending = ctx.run.pending;
  if (pending && !pending.waitingFor.includes(userId)) pending.waitingFor.push(userId);
}
