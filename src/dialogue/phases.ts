import { message } from '../core/wording';
import { speaking } from '../flows/context';
import { decides, type FlowContext } from '../flows/functions';
import { nudgeOnAdvance, PAUSED_RETRY_MS, scheduleNudge } from './equal-voice';
import { findResult, postResult } from './common-ground';
import { facilitatorIds, isDiscussion, phaseName, readDialogue, withDialogue, type Dialogue } from './state';
import { clearCards, offerCardsToAll } from './voting';

const MINUTE = 60_000;
/** When no time is planned, equal voice is checked this long into a discussion phase. */
const DEFAULT_NUDGE_MINUTES = 10;

/** The agenda: each phase the script declares, in plain words, with its planned time when there is one. */
export function agendaText(ctx: FlowContext, dialogue: Dialogue): string {
  return ctx.flow.stages
    .map((stage, i) => {
      const minutes = stage.timed ? dialogue.plan[stage.id] : undefined;
      const name = ctx.t(stage.name);
      return `${i + 1}. ${minutes ? ctx.t('dialogue.agenda.timed', { name, minutes }) : name}`;
    })
    .join('\n');
}

/** The commands on the facilitator's controls (each is a command of the script). */
export const CONTROLS = ['next', 'back', 'extend', 'pause', 'resume', 'shares', 'close'] as const;

/** The facilitator's controls, sent privately at every phase. */
function sendControls(ctx: FlowContext, phase: string): void {
  const first = ctx.flow.stages[0]?.id === phase;
  const commands = CONTROLS.filter((c) => !(first && c === 'back'));
  const choices = commands.map((c) => ctx.choice(c, `core.command.${c}`, { command: true }));
  for (const userId of facilitatorIds(ctx)) ctx.say({ userId }, 'dialogue.controls', { phase: phaseName(ctx, phase) }, { choices });
}

/** Enters the phase the current step marks (`stage: perspectives` in the script). */
export function enterPhase(ctx: FlowContext): void {
  const stage = ctx.stage;
  if (!stage) throw new Error(`dialogue step "${ctx.run.step}" calls enterPhase but marks no stage`);
  const phase = stage.id;
  const before = readDialogue(ctx.run);
  if (before.opened && isDiscussion(ctx.flow, before.phase)) nudgeOnAdvance(ctx);
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
  if (stage.discussion) scheduleNudge(ctx, phase, ctx.now + (minutes ? (minutes / 2) * MINUTE : DEFAULT_NUDGE_MINUTES * MINUTE));
  const time = minutes ? message('dialogue.phase_time', { minutes }) : '';
  if (stage.intro) ctx.say('shared', stage.intro, { time, limit: ctx.community.limits.statementLength });
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
  ctx.say('shared', 'dialogue.agenda.intro', { agenda: (t) => agendaText(speaking(ctx, t), dialogue) }, { choices: [join] });
  ctx.say('home', 'dialogue.invite', {}, { choices: [join] });
}

/** `/dialogue extend [minutes]`: more time for the current phase. */
export function extendPhase(ctx: FlowContext): void {
  const typed = ctx.args[0];
  const asked = Number.parseInt(typed ?? '', 10);
  const valid = Number.isInteger(asked) && asked > 0 && asked <= 240;
  const dialogue = readDialogue(ctx.run);
  if (dialogue.closed) {
    ctx.say('actor', 'dialogue.already_closed');
    return;
  }
  // Without a number (the More time button) it is 10 minutes; a number it cannot read changes nothing.
  if (typed !== undefined && !valid) {
    ctx.say('actor', 'dialogue.extend_bad', { minutes: typed });
    return;
  }
  const minutes = valid ? asked : 10;
  ctx.schedule('phase_due', ctx.now + minutes * MINUTE, { phase: dialogue.phase });
  ctx.say('shared', 'dialogue.extended', { minutes, phase: phaseName(ctx, dialogue.phase) });
}

/** The planned time of a phase is up: the facilitator decides what happens next. */
export function phaseDue(ctx: FlowContext): void {
  const dialogue = readDialogue(ctx.run);
  const event = ctx.event;
  const phase = event?.kind === 'timer' ? event.payload.phase : undefined;
  if (dialogue.closed || phase !== dialogue.phase) return;
  // A paused dialogue's time is not up: the facilitator hears it once they have resumed.
  if (ctx.run.status === 'paused') return void ctx.schedule('phase_due', ctx.now + PAUSED_RETRY_MS, { phase });
  const choices = ['next', 'extend'].map((c) => ctx.choice(c, `core.command.${c}`, { command: true }));
  for (const userId of facilitatorIds(ctx)) ctx.say({ userId }, 'dialogue.time_up', { phase: phaseName(ctx, phase) }, { choices });
}

/** `/dialogue close`: to the closing (`close`), unless the dialogue has closed already. */
export const closeRequested = decides(['close'], (ctx) => {
  if (readDialogue(ctx.run).closed) {
    ctx.say('actor', 'dialogue.already_closed');
    return undefined;
  }
  return 'close';
});

/** `next` or `back` where there is no such phase (the first phase, or after the close). */
export function noPhaseThere(ctx: FlowContext): void {
  ctx.say('actor', readDialogue(ctx.run).closed ? 'dialogue.already_closed' : 'dialogue.no_earlier_phase');
}
