import { countedKey, message, namesOf, type Message, type Wording } from '../core/wording';
import { saidLinesWording, type SaidLines } from '../flows/context';
import { parseDay } from '../core/dates';
import { decides, type FlowContext, type FlowFunctions } from '../flows/functions';
import type { JsonValue, Run } from '../flows/run';
import { ERASED_TEXT } from '../privacy/subject';
import { readAcceptance } from './answers';
import { askAgain } from './stages';
import { answers, commitments, contributions, findParty, numbered, parties, ref, setCommitments, tellMediator, type Commitment } from './state';

const DAY = 86_400_000;

/**
 * The agreement as every party reads it: one commitment a line, who does what by when. Kept as data
 * (`SaidLines`), so each reader gets "both" and "by" in their own language, in the run's messages
 * and in their copy.
 */
export function agreementLines(ctx: FlowContext, list: Commitment[]): SaidLines {
  return {
    lines: list.map((c, i) => message('mediation.agreement.line', { n: i + 1, who: whoLabel(ctx, c.who), what: c.what, by: c.by ? message('mediation.agreement.by', { date: c.by }) : message('mediation.agreement.no_date') })),
  };
}

/** The agreement written for each reader, as a value of a message. */
export function agreementWording(ctx: FlowContext, list: Commitment[]): Wording {
  return saidLinesWording(agreementLines(ctx, list));
}

/** Who a commitment is for; a party whose data was erased is no longer a participant, and is named by nobody. */
function whoLabel(ctx: FlowContext, who: string): string | Message {
  return who === 'both' ? message('mediation.agreement.both') : (ctx.participant(who)?.name ?? ERASED_TEXT);
}

/** Lines kept as data in a run variable (they are plain text, numbers and message keys). */
export const keptLines = (said: SaidLines): JsonValue => said as unknown as JsonValue;

function acceptance(run: Run, count: number): Record<string, boolean[]> {
  const out: Record<string, boolean[]> = {};
  for (const [userId, text] of Object.entries(answers(run, 'weighing'))) {
    const marks = readAcceptance(text, count);
    if (marks) out[userId] = marks;
  }
  return out;
}

export const agreementFunctions: FlowFunctions = {
  /** Numbers the options to weigh; with none (`no_options`), the parties are asked for options again. */
  mediationWeighPrepare: decides(['no_options'], (ctx) => {
    const options = contributions(ctx.run, 'options');
    ctx.run.vars.optionList = numbered(options.map((o) => o.text));
    if (options.length === 0) {
      tellMediator(ctx, 'mediation.options.none');
      return 'no_options';
    }
    return;
  }),
  mediationWeighAnswer(ctx) {
    const userId = ctx.user?.id ?? '';
    const count = contributions(ctx.run, 'options').length;
    if (readAcceptance(answers(ctx.run, 'weighing')[userId] ?? '', count)) {
      ctx.say('actor', 'mediation.weigh.thanks');
      return;
    }
    askAgain(ctx, 'weighing', userId);
    ctx.say('actor', countedKey('mediation.weigh.unclear', count), { count });
    return;
  },
  /** Shows the options every party accepts; none yet lets the mediator take them back to options. */
  mediationShowAccepted: decides(['none_accepted'], (ctx) => {
    const options = contributions(ctx.run, 'options');
    const marks = acceptance(ctx.run, options.length);
    const everyone = parties(ctx.run).map((p) => marks[p.userId] ?? []);
    const accepted = options.map((o, i) => ({ o, i })).filter(({ i }) => everyone.every((m) => m[i] === true));
    ctx.run.vars.accepted = accepted.map(({ i }) => i);
    if (accepted.length === 0) {
      ctx.say('shared', 'mediation.weigh.none_shared');
      return 'none_accepted';
    }
    ctx.say('shared', 'mediation.weigh.accepted', { list: accepted.map(({ o, i }) => `${i + 1}. ${o.text}`).join('\n') });
    return;
  }),
  /** Drafts commitments from the accepted options for the mediator to edit. */
  mediationDraftAgreement(ctx) {
    const options = contributions(ctx.run, 'options');
    const picked = (ctx.run.vars.accepted as number[] | undefined) ?? [];
    setCommitments(ctx.run, picked.flatMap((i) => (options[i] ? [{ what: options[i].text, who: 'both', by: '' }] : [])));
    tellMediator(ctx, 'mediation.agreement.draft', { text: agreementWording(ctx, commitments(ctx.run)) });
  },
  /** `/mediation commitment <n> who=<party|both> by=<YYYY-MM-DD> [new wording]`, `add <text>`, `remove <n>`. */
  mediationCommitment(ctx) {
    if (!editingAgreement(ctx)) {
      ctx.say('actor', 'mediation.agreement.not_now');
      return;
    }
    const list = commitments(ctx.run);
    const [first, ...rest] = ctx.args;
    if (first === 'add' && rest.length > 0) {
      list.push({ what: rest.join(' '), who: 'both', by: '' });
    } else if (first === 'remove' && list[Number(rest[0]) - 1]) {
      list.splice(Number(rest[0]) - 1, 1);
    } else {
      const item = list[Number(first) - 1];
      const problem = item ? edit(ctx, item, rest) : 'mediation.agreement.usage';
      if (problem) {
        ctx.say('actor', problem, { count: list.length });
        return;
      }
    }
    setCommitments(ctx.run, list);
    ctx.say('actor', 'mediation.agreement.updated', { text: agreementWording(ctx, list) });
  },
  /** Sends the agreement to each party to confirm (`proposed`); every commitment needs a date first. */
  mediationPropose: decides(['proposed'], (ctx) => {
    const list = commitments(ctx.run);
    if (list.length === 0) return void ctx.say('actor', 'mediation.agreement.empty');
    const undated = list.map((c, i) => (c.by ? 0 : i + 1)).filter((n) => n > 0);
    if (undated.length > 0) return void ctx.say('actor', 'mediation.agreement.needs_dates', { numbers: namesOf(undated.map(String)) });
    ctx.run.vars.agreementKind = ctx.args[0] === 'partial' ? 'partial' : 'full';
    ctx.run.vars.agreementText = keptLines(agreementLines(ctx, list));
    ctx.say('actor', 'mediation.agreement.sent', { names: namesOf(parties(ctx.run).map((p) => p.name)) });
    return 'proposed';
  }),
  /** A party who asks for changes (`changes`) takes the agreement back to the mediator's editing. */
  mediationAgreementAnswer: decides(['changes'], (ctx) => {
    const userId = ctx.user?.id ?? '';
    const name = ctx.actor?.name ?? '';
    if (answers(ctx.run, 'agreementConfirm')[userId] === 'no') {
      ctx.say('actor', 'mediation.agreement.changes_you');
      // The others' question is withdrawn with the draft: they hear so, without who asked for changes.
      for (const p of parties(ctx.run)) if (p.userId !== userId) ctx.say({ userId: p.userId }, 'mediation.agreement.changes_others');
      tellMediator(ctx, 'mediation.agreement.changes_mediator', { name });
      return 'changes';
    }
    const still = (ctx.run.pending?.waitingFor ?? []).map((id) => ctx.participant(id)?.name ?? id);
    const waiting = namesOf(still);
    ctx.say('actor', still.length > 0 ? 'mediation.agreement.confirmed_waiting' : 'mediation.agreement.confirmed_you');
    tellMediator(ctx, still.length > 0 ? 'mediation.agreement.confirmed_by' : 'mediation.agreement.confirmed_all', { name, waiting });
    return;
  }),
  /** Posts the confirmed agreement, keeps each party's copy and sets the follow-up dates. */
  mediationPostAgreement(ctx) {
    const run = ctx.run;
    const lines = agreementLines(ctx, commitments(run));
    ctx.say('shared', 'mediation.agreement.posted', { text: saidLinesWording(lines) });
    const copies: Record<string, JsonValue> = {};
    for (const p of parties(run)) {
      copies[p.userId] = keptLines(lines);
      ctx.say({ userId: p.userId }, 'mediation.agreement.copy_hint');
    }
    run.vars.copies = copies;
    run.vars.agreedAt = ctx.now;
    run.vars.followIndex = 0;
    const kind = run.vars.agreementKind === 'partial' ? 'partial' : 'full';
    ctx.record('mediation.agreement', { mediation: ref(run), kind, commitments: commitments(run).length });
    const first = ctx.community.mediation.followUpDays[0];
    if (first !== undefined) ctx.schedule('follow_up', ctx.now + first * DAY, { day: first });
  },
};

/** Whether the run waits for the agreement to be proposed, the time when its commitments can be edited. */
function editingAgreement(ctx: FlowContext): boolean {
  const step = ctx.flow.steps[ctx.run.step];
  return step?.kind === 'wait' && Object.values(step.on).some((handler) => handler.fn === 'mediationPropose');
}

/** Applies `who=` and `by=` and new wording to one commitment; returns a message key when something is wrong. */
function edit(ctx: FlowContext, item: Commitment, words: string[]): string | undefined {
  const wording: string[] = [];
  for (const word of words) {
    // Only `who=...` and `by=...` are settings; "by" or "who" in the wording are just words.
    const [, key, value = ''] = /^(who|by)=(.*)$/is.exec(word) ?? [];
    if (key?.toLowerCase() === 'who') {
      const party = findParty(ctx.run, value);
      if (value !== 'both' && !party) return 'mediation.agreement.bad_who';
      item.who = party ? party.userId : 'both';
    } else if (key?.toLowerCase() === 'by') {
      const day = parseDay(value);
      if (day === null || day < ctx.now - DAY) return 'mediation.agreement.bad_date';
      item.by = value;
    } else {
      wording.push(word);
    }
  }
  if (wording.length > 0) item.what = wording.join(' ');
  return undefined;
}
