import type { Action, Audience, Choice } from '../core/actions';
import { conversationKey, userKey, type ConversationRef, type FlowEvent } from '../core/events';

import type { Community } from '../config/schema';
import type { OutcomeDraft } from '../evaluation/outcome';
import type { Pseudonymise } from '../evaluation/pseudonym';
import type { FlowContext, FlowFunctions, SayOptions, TimerRequest } from './functions';
import type { Participant, Run } from './run';
import type { Flow, Target } from './schema';

export type Translate = (locale: Run['locale'], key: string, vars?: Record<string, string | number>) => string;

/** What the engine needs from outside: all of it deterministic. */
export interface FlowEnv {
  functions: FlowFunctions;
  translate: Translate;
  community: Community;
  pseudonymise: Pseudonymise;
}

/** Everything one transition produced. The runtime performs it; the engine never does. */
export interface Effects {
  actions: Action[];
  outcomes: OutcomeDraft[];
  timers: TimerRequest[];
  cancelTimers: string[];
}

export function emptyEffects(): Effects {
  return { actions: [], outcomes: [], timers: [], cancelTimers: [] };
}

const SEP = '~';

/** Choice values carry the run and the step they answer: `<run>~<step>~<value>` (`*` for commands). */
export function encodeChoice(runId: string, step: string, value: string): string {
  return [runId, step, value].join(SEP);
}

export function decodeChoice(value: string): { runId: string; step: string; value: string } | null {
  const parts = value.split(SEP);
  if (parts.length !== 3 || parts.some((p) => p.length === 0)) return null;
  return { runId: parts[0] as string, step: parts[1] as string, value: parts[2] as string };
}

/** The routing key an answer from this user arrives on, for a message sent to this audience. */
export function whereKey(audience: Audience): string {
  if (audience.kind === 'direct') return `dm:${userKey(audience.platform, audience.userId)}`;
  return `conv:${conversationKey(audience.ref)}`;
}

/** The routing key of an inbound event's conversation. */
export function inboundWhereKey(ref: ConversationRef, userId: string): string {
  return ref.direct ? `dm:${userKey(ref.platform, userId)}` : `conv:${conversationKey(ref)}`;
}

export function eventUser(event: FlowEvent | null) {
  return event && 'user' in event ? event.user : null;
}

export function sharedRef(run: Run): ConversationRef {
  return run.space ?? run.home;
}

/** Turns a script target into concrete audiences. */
export function audiences(run: Run, event: FlowEvent | null, to: Target | { userId: string }): Audience[] {
  if (typeof to === 'object' && 'userId' in to) {
    const p = run.participants.find((x) => x.userId === to.userId);
    return [{ kind: 'direct', platform: p?.platform ?? run.home.platform, userId: to.userId }];
  }
  if (to === 'shared') return [{ kind: 'conversation', ref: sharedRef(run) }];
  if (to === 'home') return [{ kind: 'conversation', ref: run.home }];
  if (to === 'actor') {
    const user = eventUser(event);
    if (!user || !event || !('ref' in event)) return [];
    return [event.ref.direct ? { kind: 'conversation', ref: event.ref } : { kind: 'private', ref: event.ref, userId: user.id }];
  }
  const members = run.participants.filter((p) => p.role === to.role && p.active);
  if (!to.private) return [{ kind: 'conversation', ref: sharedRef(run) }];
  return members.map((p) => ({ kind: 'direct', platform: p.platform, userId: p.userId }));
}

/** Builds the context a named function sees, collecting its effects into `effects`. */
export function createFlowContext(flow: Flow, run: Run, event: FlowEvent | null, now: number, env: FlowEnv, effects: Effects): FlowContext {
  const user = eventUser(event);
  const actor = user ? (run.participants.find((p) => p.userId === user.id) ?? null) : null;
  const text = event?.kind === 'message' ? event.text : event?.kind === 'command' ? event.args.slice(1).join(' ') : null;
  const args = event?.kind === 'command' ? event.args.slice(1) : [];
  const t = (key: string, vars?: Record<string, string | number>) => env.translate(run.locale, key, vars);
  const send = (to: Target | { userId: string }, text: string, options?: SayOptions) => {
    for (const audience of audiences(run, event, to)) {
      effects.actions.push({ kind: 'send', to: audience, text, ...(options?.choices ? { choices: options.choices } : {}), ...(options?.key ? { key: options.key } : {}) });
    }
  };
  const ctx: FlowContext = {
    flow,
    run,
    event,
    now,
    community: env.community,
    locale: run.locale,
    actor,
    user,
    text,
    args,
    t,
    say: (to, key, vars, options) => send(to, t(key, { ...stringVars(run), ...vars }), options),
    sayText: send,
    edit: (key, text, choices) => {
      const sent = run.messages[key];
      if (sent) effects.actions.push({ kind: 'edit', ref: sent.ref, messageRef: sent.messageRef, text, ...(choices ? { choices } : {}) });
    },
    choice: (value, labelKey, options) => {
      const choice: Choice = { value: encodeChoice(run.id, options?.command ? '*' : run.step, value), label: t(labelKey, options?.vars) };
      if (options?.style) choice.style = options.style;
      return choice;
    },
    record: (type, data = {}, options = {}) => {
      const actors = (options.actors ?? []).map((id) => {
        const p = run.participants.find((x) => x.userId === id);
        return env.pseudonymise(p?.platform ?? run.home.platform, id);
      });
      effects.outcomes.push({ type, data, actors, party: options.party ?? null, step: run.step });
    },
    schedule: (name, at, payload = {}) => effects.timers.push({ name, at, payload }),
    cancel: (name) => effects.cancelTimers.push(name),
    act: (action) => effects.actions.push(action),
    participant: (userId) => run.participants.find((p) => p.userId === userId),
    participants: (role) => run.participants.filter((p) => p.active && (role === undefined || p.role === role)),
  };
  return ctx;
}

/** Run variables that are plain strings or numbers, usable in messages as `{name}`. */
function stringVars(run: Run): Record<string, string | number> {
  const vars: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(run.vars)) if (typeof value === 'string' || typeof value === 'number') vars[key] = value;
  return vars;
}

export function participantOf(run: Run, userId: string): Participant | undefined {
  return run.participants.find((p) => p.userId === userId);
}

