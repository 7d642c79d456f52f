import { localText, type Locale } from '../config/schema';
import { message, type Wording } from '../core/wording';
import type { FlowContext, FlowFunction } from '../flows/functions';
import { checkTone, suggestedReframe, type SafetyKind, type ToneKind, type ToneLexicon, type ToneVerdict } from './tone';
import { keepFlagged } from './ai-wording';
import { numberVar, ref, tellMediator } from './state';

export type Lexicons = Readonly<Record<Locale, ToneLexicon>>;

type Flag = { kind: ToneKind | SafetyKind; safety: boolean };

/**
 * Reads a message with the run's language first, then the other: a neighbour may write in either.
 * A safety kind in any language wins over a tone kind.
 */
export function readTone(text: string, locale: Locale, lexicons: Lexicons): Flag | null {
  const order: Locale[] = locale === 'en' ? ['en', 'zh-CN'] : ['zh-CN', 'en'];
  const verdicts = order.map((l) => checkTone(text, lexicons[l])).filter((v): v is Extract<ToneVerdict, { ok: false }> => !v.ok);
  const flag = verdicts.find((v) => v.safety) ?? verdicts[0];
  return flag ? { kind: flag.kind, safety: flag.safety } : null;
}

/** The suggested way to say it, from the lexicon of the reader's language. */
function reframeFor(kind: ToneKind | SafetyKind, lexicons: Lexicons): Wording {
  return (_t, locale) => suggestedReframe(kind, lexicons[locale]);
}

/** Pauses at once, tells the mediator privately and shows the help lines to the writer. Never resumes by itself. */
export function safetyPause(ctx: FlowContext, kind: SafetyKind | ToneKind, lexicons: Lexicons): void {
  const run = ctx.run;
  run.status = 'paused';
  // Written in the writer's own language: the help lines and the suggestion are for them.
  const helpLines: Wording = (_t, locale) => ctx.community.helpLines.map((line) => localText(line, locale)).join('\n');
  ctx.say('actor', 'mediation.safety.writer', { reframe: reframeFor(kind, lexicons), helpLines });
  tellMediator(ctx, 'mediation.safety.mediator', { name: ctx.actor?.name ?? '' });
  if (run.space) ctx.say('shared', 'mediation.safety.shared');
  ctx.record('mediation.safety_paused', { mediation: ref(run), kind });
}

/**
 * A kind, private note to the writer and a discreet flag to the mediator; the message itself stays.
 * With a language model (`flagged` given), the writer may also ask for a wording suggested by AI.
 */
export function toneNudge(ctx: FlowContext, kind: ToneKind | SafetyKind, lexicons: Lexicons, flagged?: string): void {
  const run = ctx.run;
  ctx.say('actor', 'mediation.tone.nudge', { reframe: reframeFor(kind, lexicons) });
  if (flagged !== undefined) {
    keepFlagged(ctx, flagged);
    ctx.say('actor', 'mediation.ai.wording_offer');
  }
  tellMediator(ctx, 'mediation.tone.flag', { name: ctx.actor?.name ?? '', kind: message(`mediation.kind.${kind}`) });
  run.vars.toneFlags = numberVar(run, 'toneFlags') + 1;
  const kinds = (run.vars.flagKinds ??= {}) as Record<string, string[]>;
  const mine = (kinds[ctx.actor?.userId ?? ''] ??= []);
  if (!mine.includes(kind)) mine.push(kind);
  ctx.record('mediation.tone_flagged', { mediation: ref(run), kind });
}

/** The flow's `onMessage`: every party message in the shared space is read before the step sees it. */
export function createToneGuard(lexicons: Lexicons, aiWording = false): FlowFunction {
  return (ctx) => {
    if (ctx.event?.kind !== 'message' || ctx.actor?.role !== 'party') return;
    const flag = readTone(ctx.event.text, ctx.run.locale, lexicons);
    if (flag?.safety) {
      safetyPause(ctx, flag.kind, lexicons);
      return 'stop';
    }
    if (ctx.run.vars.relay === true) {
      // Written in the space all the same, where the others can read it (a platform keeps it):
      // read like any other, and the writer asked to write privately from now on.
      if (flag) toneNudge(ctx, flag.kind, lexicons);
      ctx.say('actor', 'mediation.relay.use_dm');
      return 'stop';
    }
    if (!flag) return;
    toneNudge(ctx, flag.kind, lexicons, aiWording ? ctx.event.text : undefined);
    return;
  };
}
