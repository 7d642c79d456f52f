import { formatMinute } from '../core/dates';
import { rolesOf } from '../core/roles';
import { countedKey, type Wording } from '../core/wording';
import { decodeChoice } from '../flows/context';
import { decides, type FlowContext, type FlowFunctions } from '../flows/functions';
import type { JsonValue } from '../flows/run';
import { num, str, strings } from '../feedback/report';

/** Button values: `vote_a` is the first option, `vote_j` the tenth. */
export const VOTE_COMMANDS = ['vote_a', 'vote_b', 'vote_c', 'vote_d', 'vote_e', 'vote_f', 'vote_g', 'vote_h', 'vote_i', 'vote_j'];

type Votes = Record<string, number[]>;

function votesOf(ctx: FlowContext): Votes {
  const raw = ctx.run.vars.votes;
  const votes: Votes = {};
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    for (const [user, list] of Object.entries(raw)) if (Array.isArray(list)) votes[user] = list.filter((v): v is number => typeof v === 'number');
  }
  return votes;
}

/** "2026-11-05 09:00 UTC": the same for everyone, whatever their language. */
export function closingTime(ms: number): string {
  return formatMinute(ms);
}

/** The option a vote is for (0-based), from a button or from `/poll vote <n>`; null when unclear. */
function chosenOption(ctx: FlowContext, count: number): number | null {
  const event = ctx.event;
  let index = -1;
  if (event?.kind === 'choice') index = VOTE_COMMANDS.indexOf(decodeChoice(event.value)?.value ?? '');
  else if (event?.kind === 'command') index = Number(ctx.args[0]) - 1;
  return Number.isInteger(index) && index >= 0 && index < count ? index : null;
}

function labels(options: string[], picked: number[]): Wording {
  return (t) => picked.map((i) => `${i + 1}. ${options[i] ?? ''}`).join(t('poll.separator'));
}

export const pollFunctions: FlowFunctions = {
  pollRoleOf: decides(['coordinator', 'voter'], (ctx) => {
    if (!ctx.user) return undefined;
    return rolesOf(ctx.user, ctx.community).includes('coordinator') ? 'coordinator' : 'voter';
  }),

  /** Posts the poll with a button an option and sets its closing timer. */
  pollOpen(ctx) {
    const { run } = ctx;
    const options = strings(run.vars.options);
    const closesAt = num(run.vars.closesAt);
    ctx.record('poll.opened', { poll: str(run.vars.ref), options: options.length }, { actors: [ctx.user?.id ?? ''] });
    const choices = options.map((label, i) => ({ ...ctx.choice(VOTE_COMMANDS[i] ?? 'vote', 'poll.button', { command: true, vars: { label } }), numbered: true }));
    ctx.say('home', run.vars.multi === true ? 'poll.posted_multi' : 'poll.posted', {
      question: str(run.vars.question),
      closes: closingTime(closesAt),
    }, { choices });
    ctx.schedule('close', closesAt);
    return undefined;
  },

  /** A vote, or a changed vote; only the person who voted is told what they chose. */
  pollVote(ctx) {
    const { run } = ctx;
    if (run.vars.closed === true) return void ctx.say('actor', 'poll.closed_already');
    const options = strings(run.vars.options);
    // Two numbers (`/poll vote 1 2`) may mean a poll and an option, or two options: asked, not guessed.
    if (ctx.event?.kind === 'command' && ctx.args.length > 1) return void ctx.say('actor', 'poll.one_option', { max: options.length, ref: String(run.vars.ref ?? '') });
    const index = chosenOption(ctx, options.length);
    if (index === null) return void ctx.say('actor', 'poll.bad_option', { max: options.length });
    const userId = ctx.user?.id ?? '';
    const votes = votesOf(ctx);
    const mine = votes[userId] ?? [];
    let next: number[];
    if (run.vars.multi === true) next = mine.includes(index) ? mine.filter((i) => i !== index) : [...mine, index].sort((a, b) => a - b);
    else if (mine.length === 1 && mine[0] === index) return void ctx.say('actor', 'poll.same_vote', { choice: labels(options, mine) });
    else next = [index];
    votes[userId] = next;
    run.vars.votes = votes as Record<string, JsonValue>;
    const closes = closingTime(num(run.vars.closesAt));
    if (next.length === 0) ctx.say('actor', 'poll.vote_removed', { closes });
    else ctx.say('actor', mine.length === 0 ? 'poll.voted' : 'poll.vote_changed', { choice: labels(options, next), closes });
    return undefined;
  },

  /** Closes the poll (timer, or the person who opened it) and posts the tally, never who voted what. */
  pollClose(ctx) {
    const { run } = ctx;
    if (run.vars.closed === true) {
      if (ctx.user) ctx.say('actor', 'poll.close_already', { ref: str(run.vars.ref) });
      return undefined;
    }
    run.vars.closed = true;
    ctx.cancel('close');
    const options = strings(run.vars.options);
    const ballots = Object.values(votesOf(ctx)).filter((v) => v.length > 0);
    const counts = options.map((_, i) => ballots.filter((b) => b.includes(i)).length);
    const results: Wording = (t) =>
      options.map((o, i) => t('poll.result_line', { n: i + 1, label: o, count: counts[i] ?? 0, percent: ballots.length ? Math.round(((counts[i] ?? 0) / ballots.length) * 100) : 0 })).join('\n');
    const key = ballots.length === 0 ? 'poll.results_none' : countedKey('poll.results', ballots.length);
    ctx.say('home', key, { question: str(run.vars.question), results, voters: ballots.length });
    ctx.record('poll.closed', { poll: str(run.vars.ref), voters: ballots.length, options: options.length });
    return undefined;
  },
};
