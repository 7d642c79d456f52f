import type { FlowContext } from '../flows/functions';
import { nudgeOnAdvance, scheduleNudge } from './equal-voice';
import { findResult, postResult } from './common-ground';
import { DISCUSSION_PHASES, PHASES, facilitatorIds, readDialogue, withDialogue, type Dialogue } from './state';
import { clearCards, offerCardsToAll } from './voting';

const MINUTE = 60_000;
/** When no time is planned, equal voice is checked this long into a discussion phase. */
const DEFAULT_NUDGE_MINUTES = 10;

/** The phase a `to_<phase>` step enters. */
function phaseOfStep(step: string): string {
  return step.replace(/^to_/, '');
}

/** The agenda: each phase in plain words, with its planned time when there is one. */
export function agendaText(ctx: FlowContext, dialogue: Dialogue): string {
  const lines = PHASES.map((phase, i) => {
    const minutes = dialogue.plan[phase];
    const name = ctx.t(`dialogue.phase_name.${phase}`);
    return `${i + 1}. ${minutes ? ctx.t('dialogue.agenda.timed', { name, minutes }) : name}`;
  });
  lines.push(`${PHASES.length + 1}. ${ctx.t('dialogue.phase_name.close')}`);
  return lines.join('\n');
}

/** The facilitator's controls, sent privately at every phase. */
function sendControls(ctx: FlowContext, phase: string): void {
  const commands = ['next', ...(phase === 'opening' ? [] : ['back']), 'extend', 'pause', 'resume', 'shares', 'close'];
  const choices = commands.map((c) => ctx.choice(c, `core.command.${c}`, { command: true }));
  for (const userId of facilitatorIds(ctx)) ctx.say({ userId }, 'dialogue.controls', { phase: ctx.t(`dialogue.phase_name.${phase}`) }, { choices });
}

/** Enters the phase named by the current step (`to_perspectives` enters `perspectives`). */
export function enterPhase(ctx: FlowContext): void {
  const phase = phaseOfStep(ctx.run.step);
  const before = readDialogue(ctx.run);
  if (before.opened && DISCUSSION_PHASES.includes(before.phase)) nudgeOnAdvance(ctx);
  const dialogue = withDialogue(ctx, (d) => {
    d.phase = phase;
    d.phaseTalk = {};
    d.nudged = [];
    return d;
  });
  if (!dialogue.opened) openDialogue(ctx, dialogue);
  const minutes = dialogue.plan[phase] ?? null;
  ctx.record('dialogue.phase_changed', { dialogue: dialogue.ref, phase, planned_minutes: minutes });
  ctx.cancel('phase_due');
  ctx.cancel('nudge');
  if (minutes) ctx.schedule('phase_due', ctx.now + minutes * MINUTE, { phase });
  if (DISCUSSION_PHASES.includes(phase)) scheduleNudge(ctx, phase, ctx.now + (minutes ? (minutes / 2) * MINUTE : DEFAULT_NUDGE_MINUTES * MINUTE));
  const time = minutes ? ctx.t('dialogue.phase_time', { minutes }) : '';
  ctx.say('shared', `dialogue.phase.${phase}`, { time, limit: ctx.community.limits.statementLength });
  if (phase === 'common_ground') postResult(ctx, findResult(ctx));
  if (phase === 'statements') offerCardsToAll(ctx);
  else clearCards(ctx);
  sendControls(ctx, phase);
}

function openDialogue(ctx: FlowContext, dialogue: Dialogue): void {
  withDialogue(ctx, (d) => {
    d.opened = true;
  });
  ctx.record('dialogue.opened', { dialogue: dialogue.ref }, { actors: facilitatorIds(ctx) });
  const join = ctx.choice('join', 'core.command.join', { command: true, style: 'primary' });
  ctx.say('shared', 'dialogue.agenda.intro', { agenda: agendaText(ctx, dialogue) }, { choices: [join] });
  ctx.say('home', 'dialogue.invite', {}, { choices: [join] });
}

/** `/dialogue extend [minutes]`: more time for the current phase. */
export function extendPhase(ctx: FlowContext): void {
  const asked = Number.parseInt(ctx.args[0] ?? '', 10);
  const minutes = Number.isInteger(asked) && asked > 0 && asked <= 240 ? asked : 10;
  const dialogue = readDialogue(ctx.run);
  if (dialogue.closed) {
    ctx.say('actor', 'dialogue.already_closed');
    return;
  }
  ctx.schedule('phase_due', ctx.now + minutes * MINUTE, { phase: dialogue.phase });
  ctx.say('shared', 'dialogue.extended', { minutes, phase: ctx.t(`dialogue.phase_name.${dialogue.phase}`) });
}

/** The planned time of a phase is up: the facilitator decides what happens next. */
export function phaseDue(ctx: FlowContext): void {
  const dialogue = readDialogue(ctx.run);
  const event = ctx.event;
  const phase = event?.kind === 'timer' ? event.payload.phase : undefined;
  if (dialogue.closed || phase !== dialogue.phase) return;
  const choices = ['next', 'extend'].map((c) => ctx.choice(c, `core.command.${c}`, { command: true }));
  for (const userId of facilitatorIds(ctx)) ctx.say({ userId }, 'dialogue.time_up', { phase: ctx.t(`dialogue.phase_name.${phase}`) }, { choices });
}

/** `/dialogue close`: to the closing, unless the dialogue has closed already. */
export function closeRequested(ctx: FlowContext): string | undefined {
  if (readDialogue(ctx.run).closed) {
    ctx.say('actor', 'dialogue.already_closed');
    return undefined;
  }
  return 'to_close';
}

/** `next` or `back` where there is no such phase (the first phase, or after the close). */
export function noPhaseThere(ctx: FlowContext): void {
  ctx.say('actor', readDialogue(ctx.run).closed ? 'dialogue.already_closed' : 'dialogue.no_earlier_phase');
}
