import { message, namesOf, type Wording } from '../core/wording';
import { localText } from '../config/schema';
import { parseDay } from '../core/dates';
import { actsForParty } from '../core/roles';
import { decides, type FlowContext } from '../flows/functions';
import { facilitatorIds, nameOf, readDialogue, withDialogue, type AgreedAction } from './state';

const DAY = 86_400_000;

/** An action's reference in outcomes: `D-0003-A2`. */
function actionRef(dialogueRef: string, n: number): string {
  return `${dialogueRef}-A${n}`;
}

/** Reads `owner=` and `due=` options and the words of the action. */
function parseAction(args: string[]): { what: string; owner?: string; due?: string } {
  const words: string[] = [];
  const options: Record<string, string> = {};
  for (const arg of args) {
    const match = /^(owner|due)=(.*)$/i.exec(arg);
    if (match) options[(match[1] as string).toLowerCase()] = (match[2] as string).trim();
    else words.push(arg);
  }
  return { what: words.join(' ').trim(), ...options };
}

/** `/dialogue action "<what>" owner=<@user or party id> due=<YYYY-MM-DD>`, by the facilitator. */
export function recordAction(ctx: FlowContext): void {
  const dialogue = readDialogue(ctx.run);
  if (dialogue.phase !== 'next_steps' || dialogue.closed) {
    ctx.say('actor', 'dialogue.action.not_now');
    return;
  }
  const { what, owner, due } = parseAction(ctx.args);
  const parties = namesOf(ctx.community.parties.map((p) => p.id));
  if (what.length === 0 || !owner || !due) {
    ctx.say('actor', 'dialogue.action.how', { parties });
    return;
  }
  if ([...what].length > ctx.community.limits.statementLength) {
    ctx.say('actor', 'dialogue.statement.too_long', { limit: ctx.community.limits.statementLength, length: [...what].length });
    return;
  }
  const person = /^<?@!?([^>\s]+)>?$/.exec(owner)?.[1];
  const party = ctx.community.parties.find((p) => p.id === owner.toLowerCase());
  if (!person && !party) {
    ctx.say('actor', 'dialogue.action.unknown_owner', { owner, parties });
    return;
  }
  const dueAt = parseDay(due);
  if (dueAt === null) {
    ctx.say('actor', 'dialogue.action.bad_date', { due });
    return;
  }
  if (dueAt + DAY <= ctx.now) {
    ctx.say('actor', 'dialogue.action.past_date', { due });
    return;
  }
  const action: AgreedAction = person
    ? { what, owner: person, ownerKind: 'person', ownerName: nameOf(ctx, person), due: dueAt, dueText: due, done: false, reminded: false, removed: false }
    : { what, owner: party?.id ?? owner, ownerKind: 'party', ownerName: party ? localText(party.name, ctx.locale) : owner, due: dueAt, dueText: due, done: false, reminded: false, removed: false };
  const n = withDialogue(ctx, (d) => d.actions.push(action));
  ctx.record('action.recorded', { action: actionRef(dialogue.ref, n), due: dueAt }, { actors: person ? [person] : [], party: party?.id ?? null });
  ctx.say('shared', 'dialogue.action.recorded', { n, what, owner: ownerOf(ctx, action), due });
  scheduleReminder(ctx);
}

/**
 * `/dialogue remove <n>`, by the facilitator: takes back an action recorded by mistake. The others
 * keep their numbers; its reminder is not sent, and everyone in the thread is told.
 */
export function removeAction(ctx: FlowContext): void {
  const n = Number.parseInt(ctx.args[0] ?? '', 10);
  const dialogue = readDialogue(ctx.run);
  const action = Number.isInteger(n) && String(n) === ctx.args[0] ? dialogue.actions[n - 1] : undefined;
  if (!action || action.removed) {
    ctx.say('actor', dialogue.actions.length === 0 ? 'dialogue.action.none' : 'dialogue.remove.unknown', { count: dialogue.actions.length });
    return;
  }
  if (action.done) {
    ctx.say('actor', 'dialogue.remove.done', { n });
    return;
  }
  withDialogue(ctx, (d) => {
    const a = d.actions[n - 1];
    if (a) a.removed = true;
  });
  ctx.record('action.removed', { action: actionRef(dialogue.ref, n) }, { party: action.ownerKind === 'party' ? action.owner : null });
  ctx.say('shared', 'dialogue.remove.removed', { n, what: action.what });
  scheduleReminder(ctx);
}

/** Whether this person may mark the action done: its owner, someone acting for its party, or the facilitator. */
function mayMarkDone(ctx: FlowContext, action: AgreedAction): boolean {
  const user = ctx.user;
  if (!user) return false;
  if (facilitatorIds(ctx).includes(user.id)) return true;
  return action.ownerKind === 'person' ? action.owner === user.id : actsForParty(user, ctx.community, action.owner);
}

/** `/dialogue done <n>`: the owner marks an agreed action done; `finished` when all are done after the close. */
export const markActionDone = decides(['finished'], (ctx) => {
  const n = Number.parseInt(ctx.args[0] ?? '', 10);
  const dialogue = readDialogue(ctx.run);
  const action = Number.isInteger(n) ? dialogue.actions[n - 1] : undefined;
  if (!action || action.removed) {
    ctx.say('actor', dialogue.actions.length === 0 ? 'dialogue.action.none' : 'dialogue.done.unknown', { count: dialogue.actions.length });
    return undefined;
  }
  if (!mayMarkDone(ctx, action)) {
    ctx.say('actor', 'dialogue.done.not_owner', { owner: ownerOf(ctx, action) });
    return undefined;
  }
  if (action.done) {
    ctx.say('actor', 'dialogue.done.already', { n });
    return undefined;
  }
  const onTime = ctx.now < action.due + DAY;
  const after = withDialogue(ctx, (d) => {
    const a = d.actions[n - 1];
    if (a) a.done = true;
    return d;
  });
  ctx.record('action.done', { action: actionRef(dialogue.ref, n), due: action.due, on_time: onTime }, { party: action.ownerKind === 'party' ? action.owner : null });
  ctx.say('shared', 'dialogue.done.recorded', { n, what: action.what, owner: ownerOf(ctx, action) });
  scheduleReminder(ctx);
  return after.closed && after.actions.every((a) => a.done || a.removed) ? 'finished' : undefined;
});

/** The reminder timer fires at the earliest due date among actions not yet done or reminded. */
function scheduleReminder(ctx: FlowContext): void {
  const waiting = readDialogue(ctx.run).actions.filter((a) => !a.done && !a.reminded && !a.removed);
  ctx.cancel('action_due');
  if (waiting.length > 0) ctx.schedule('action_due', Math.min(...waiting.map((a) => a.due)));
}

/** The reminder timer: tells each owner whose action is due, once. */
export function remindActions(ctx: FlowContext): void {
  const dialogue = readDialogue(ctx.run);
  const { platform, space } = ctx.run.home;
  dialogue.actions.forEach((action, i) => {
    if (action.done || action.removed || action.reminded || action.due > ctx.now) return;
    const vars = { n: i + 1, what: action.what, due: action.dueText, topic: dialogue.topic };
    if (action.ownerKind === 'person') {
      ctx.say({ userId: action.owner }, 'dialogue.reminder', vars);
    } else {
      const party = ctx.community.parties.find((p) => p.id === action.owner);
      const channel = party?.channel;
      // Written in the language the party's channel speaks.
      const said = message('dialogue.reminder', vars);
      if (channel) ctx.act({ kind: 'send', to: { kind: 'conversation', ref: { platform, space, channel, direct: false } }, text: ctx.render(said), say: said });
    }
  });
  withDialogue(ctx, (d) => {
    for (const a of d.actions) if (!a.done && a.due <= ctx.now) a.reminded = true;
  });
  scheduleReminder(ctx);
}

/** After the close: `open` while agreed actions remain to be done, else `none`. */
export const openActions = decides(['open', 'none'], (ctx) => (readDialogue(ctx.run).actions.some((a) => !a.done && !a.removed) ? 'open' : 'none'));

/** Who owns an action, as each reader names them: a party in the reader's language, a person by their name. */
function ownerOf(ctx: FlowContext, action: AgreedAction): string | Wording {
  const party = action.ownerKind === 'party' ? ctx.community.parties.find((p) => p.id === action.owner) : undefined;
  return party ? (_t, locale) => localText(party.name, locale) : action.ownerName;
}

/** Agreed actions, one a line, for the closing summary. */
export function actionLines(ctx: FlowContext): string {
  return readDialogue(ctx.run)
    .actions.flatMap((a, i) => (a.removed ? [] : [ctx.t('dialogue.summary.action', { n: i + 1, what: a.what, owner: ownerOf(ctx, a), due: a.dueText })]))
    .join('\n');
}
