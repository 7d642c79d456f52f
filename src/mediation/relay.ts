import { channelLocale } from '../core/delivery';
import { message, type Message } from '../core/wording';
import { sharedRef } from '../flows/context';
import type { FlowContext, FlowFunctions } from '../flows/functions';
import { holdOutOfTurn, textAcceptable, type TurnState } from '../flows/steps';
import type { JsonValue } from '../flows/run';
import { readTone, safetyPause, toneNudge, type Lexicons } from './guard';
import { conductFunctions } from './conduct';
import { answers, awaitPrivately, caucusAwaited } from './state';
import { withoutEcho } from './reframe';

/**
 * Relay mode, chosen by the mediator: parties write to the bot privately (`/mediation say <text>`),
 * see a suggested reframe when their words sound adversarial, choose their own words or the
 * reframe, and the bot posts it for them.
 */
const RELAY_ON = new Set(['on', '开', '开启', '打开']);
const RELAY_OFF = new Set(['off', '关', '关闭']);

export function createRelayFunctions(lexicons: Lexicons, aiWording = false): FlowFunctions {
  return {
    mediationRelay(ctx) {
      // `on` (or nothing) and `off`, in either language; another word is asked about, never taken as `on`.
      const word = ctx.args[0]?.toLowerCase();
      const on = word === undefined || RELAY_ON.has(word) ? true : RELAY_OFF.has(word) ? false : undefined;
      if (on === undefined) return void ctx.say('actor', 'mediation.relay.which');
      ctx.run.vars.relay = on;
      // In relay mode a party's plain direct message is what they want posted.
      awaitPrivately(ctx.run, caucusAwaited(ctx.run));
      if (ctx.run.space) ctx.say('shared', on ? 'mediation.relay.on' : 'mediation.relay.off');
      ctx.say('actor', on ? 'mediation.relay.on_mediator' : 'mediation.relay.off_mediator');
    },
    /**
     * A party's plain direct message: the answer the mediator's private word awaits from them, else,
     * in relay mode, what they want posted (as `/mediation say`).
     */
    mediationPrivate(ctx) {
      const caucus = caucusAwaited(ctx.run).includes(ctx.user?.id ?? '');
      if (!caucus && ctx.run.vars.relay === true) return say(ctx);
      return conductFunctions.mediationReply?.(ctx);
    },
    mediationSay: (ctx) => say(ctx),
    /** Posts the party's own words after all. */
    mediationRelayMine(ctx) {
      const draft = takeDraft(ctx);
      if (draft) relayPost(ctx, draft);
    },
    /**
     * Posts the suggested reframe, built from what the party said matters most to them: their words
     * as they wrote them, the bot's around them in the language of whoever reads the space.
     */
    mediationRelayReframe(ctx) {
      const need = needOf(ctx);
      if (takeDraft(ctx) !== undefined && need) relayPost(ctx, message('mediation.relay.suggestion', { need }));
    },
  };

  /** `/mediation say <text>` (and a plain direct message in relay mode): posted for the party, or first a gentler wording offered. */
  function say(ctx: FlowContext): void {
    const text = ctx.args.join(' ').trim();
    if (ctx.run.vars.relay !== true || !ctx.run.space) return void ctx.say('actor', 'mediation.relay.not_on');
    if (!text) return void ctx.say('actor', 'mediation.relay.usage');
    if (!textAcceptable(ctx, text, ctx.community.limits.storyLength)) return;
    const flag = readTone(text, ctx.run.locale, lexicons);
    if (flag?.safety) return void safetyPause(ctx, flag.kind, lexicons);
    if (!flag) return relayPost(ctx, text);
    toneNudge(ctx, flag.kind, lexicons, aiWording ? text : undefined);
    drafts(ctx)[ctx.actor?.userId ?? ''] = text;
    const need = needOf(ctx);
    const choices = [ctx.choice('relay_mine', 'core.command.relay_mine', { command: true })];
    if (need) choices.push(ctx.choice('relay_reframe', 'core.command.relay_reframe', { command: true }));
    const suggestion = need ? message('mediation.relay.suggestion', { need }) : '';
    ctx.say('actor', need ? 'mediation.relay.choose' : 'mediation.relay.choose_own', { suggestion }, { choices });
  }
}

function drafts(ctx: FlowContext): Record<string, JsonValue> {
  const current = ctx.run.vars.relayDrafts;
  if (typeof current === 'object' && current !== null && !Array.isArray(current)) return current;
  const fresh: Record<string, JsonValue> = {};
  ctx.run.vars.relayDrafts = fresh;
  return fresh;
}

function takeDraft(ctx: FlowContext): string | undefined {
  const all = drafts(ctx);
  const draft = all[ctx.actor?.userId ?? ''];
  delete all[ctx.actor?.userId ?? ''];
  if (typeof draft !== 'string') ctx.say('actor', 'mediation.relay.nothing');
  return typeof draft === 'string' ? draft : undefined;
}

/**
 * Posts for the party and counts it in the current step, as if they had written it in the space: a
 * suggestion of the bot's is kept as it reads there, in the space's language.
 */
function relayPost(ctx: FlowContext, said: string | Message): void {
  const actor = ctx.actor;
  if (!actor) return;
  // A paused mediation (by the mediator, or for safety) takes no words into its space, relayed or not.
  if (ctx.run.status === 'paused') return void ctx.say('actor', 'core.flow.paused');
  const text = typeof said === 'string' ? said : ctx.renderIn(channelLocale(ctx.community, sharedRef(ctx.run)), said);
  const step = ctx.flow.steps[ctx.run.step];
  if (step?.kind === 'turns') {
    const state = ctx.run.vars[step.save] as TurnState | undefined;
    if (state && state.order[state.index] !== actor.userId) return void holdOutOfTurn(ctx, state, actor.userId, text, step.advance);
    if (state) (state.said[actor.userId] ??= []).push(text);
  }
  if (step?.kind === 'collect' && step.from.includes(actor.role)) {
    const list = ctx.run.vars[step.save];
    if (Array.isArray(list)) list.push({ by: actor.userId, text, at: ctx.now });
  }
  ctx.say('shared', 'mediation.relay.posted', { name: actor.name, text: said }, { ownWords: true });
  ctx.say('actor', 'mediation.relay.sent');
}

/** What the writer said matters most to them, without the question said back, for their suggested wording. */
function needOf(ctx: FlowContext): string | undefined {
  const answer = answers(ctx.run, 'intakeMatters')[ctx.actor?.userId ?? ''];
  return answer === undefined ? undefined : withoutEcho(answer);
}
