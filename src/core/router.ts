import { z } from 'zod';
import { decodeChoice, inboundWhereKey } from '../flows/context';
import type { Run } from '../flows/run';
import type { Finder, Flow } from '../flows/schema';
import { keys } from '../state/keys';
import type { StateStore } from '../state/store';
import { LOCALES } from '../config/schema';
import type { Catalogue } from './catalogue';
import type { CommandSpec } from './commands';
import { conversationKey, type CommandEvent, type InboundEvent } from './events';
import { latestKey, referenceKey, runsNewestFirst, runsOfKey } from './indexes';

/** Where an inbound event goes. */
export type Destination =
  | { kind: 'help' }
  /** A command of a feature (it may start a new run); `here` is the run owning this conversation. */
  | { kind: 'command'; spec: CommandSpec; event: CommandEvent; here: string | undefined }
  /** An existing run, with the event as that run should see it. */
  | { kind: 'run'; runId: string; event: InboundEvent; run?: Run }
  /** Nothing to act on: say so with this message. */
  /** A refusal; a value that is a list is named as the reader's language lists alternatives ("a or b"). */
  | { kind: 'refuse'; key: string; vars?: Record<string, string | number | string[]> }
  | { kind: 'ignore' };

/** The sub-commands a flow's runs understand: its commands, its waiting steps' commands, `next` in turns. */
export function flowCommands(flow: Flow): string[] {
  const names = new Set(Object.keys(flow.commands));
  for (const step of Object.values(flow.steps)) {
    if (step.kind === 'wait') for (const name of Object.keys(step.on)) names.add(name);
    if (step.kind === 'turns' || step.kind === 'collect') names.add('next');
  }
  return [...names];
}

export type Route = NonNullable<Flow['route']>;

/** A script's route; one that declares none is reached by a command of its own name, in its thread. */
export function routeOf(flow: Flow): Route {
  return flow.route ?? { command: flow.id, find: ['here'], roles: {} };
}

/** How a run is found for `sub`: the command's own `find`, else the script's. */
export function findersOf(flow: Flow, sub: string): Finder[] {
  const local = Object.values(flow.steps).find((s) => s.kind === 'wait' && s.on[sub]?.find);
  const fromStep = local?.kind === 'wait' ? local.on[sub]?.find : undefined;
  return flow.commands[sub]?.find ?? fromStep ?? routeOf(flow).find;
}

/** Whether a run waits for this person's answer in this place. */
function waitsHere(run: Run, userId: string, where: string): boolean {
  return run.status !== 'ended' && !!run.pending && run.pending.waitingFor.includes(userId) && run.pending.where[userId] === where;
}

export interface RouterDeps {
  flows: Map<string, Flow>;
  commands: CommandSpec[];
  state: StateStore;
  /** The command a direct message to the bot starts when it answers no question (e.g. `feedback`). */
  directMessageCommand?: string;
  /** Where a script's `route.directWords` are read, in every language. */
  catalogue?: Pick<Catalogue, 't'>;
}

/** A word as it is compared with a script's `directWords`: without case, spaces or closing punctuation ("Agree." is "agree"). */
function wordOf(text: string): string {
  return text.trim().replace(/[\p{P}\s]+$/u, '').toLowerCase();
}

export interface Router {
  /** Maps an event to a feature command, a run, or a kind refusal. Reads indexes only; writes nothing. */
  resolve(event: InboundEvent): Promise<Destination>;
}

const RunId = z.string();

/** Runs read at most at once when a person's runs are looked through (most people have a handful). */
const RUNS_PER_READ = 50;

/** The one router: every event reaches a run or a command through here, and only here. */
export function createRouter(deps: RouterDeps): Router {
  const { state, commands } = deps;
  /** Scripts by the command that reaches their runs (`mediation` may have several scripts). */
  const scripts = new Map<string, Flow[]>();
  for (const flow of deps.flows.values()) {
    const { command } = routeOf(flow);
    scripts.set(command, [...(scripts.get(command) ?? []), flow]);
  }
  const subsOf = new Map([...scripts].map(([name, list]) => [name, new Set(list.flatMap(flowCommands))]));
  /** The words a plain direct message must be, by script, where its route takes only some (`directWords`). */
  const directWords = new Map<string, Set<string>>();
  for (const flow of deps.flows.values()) {
    const words = flow.route?.directWords;
    if (words) directWords.set(flow.id, new Set(deps.catalogue ? words.flatMap((key) => LOCALES.map((locale) => wordOf(deps.catalogue?.t(locale, key) ?? ''))) : []));
  }

  const lookup = (key: string) => state.get(key, RunId).catch(() => undefined);
  const activeRun = async (runId: string | undefined) => (runId ? state.getRun(runId).catch(() => undefined) : undefined);
  const belongs = (run: Run | undefined, group: Flow[]): run is Run => !!run && group.some((f) => f.id === run.flowId);

  /** The run this conversation belongs to, or that waits for this person's answer here. */
  async function here(event: InboundEvent, group: Flow[]): Promise<string | undefined> {
    for (const key of [keys.space(conversationKey(event.ref)), keys.awaiting(inboundWhereKey(event.ref, event.user.id), event.user.id)]) {
      const run = await activeRun(await lookup(key));
      if (belongs(run, group)) return run.id;
    }
    return undefined;
  }

  /**
   * This person's runs, newest first, read a batch at a time (one round trip each on Redis) rather
   * than one by one, the first batches small: someone with many runs behind them (a coordinator's
   * polls, a resident's old reports) is not kept waiting by a read for each, nor by a read of all
   * when the newest is the one. A run that cannot be read is left out.
   */
  function runsOfPerson(event: InboundEvent): AsyncGenerator<Run> {
    return runsNewestFirst(state, runsOfKey(event.ref.platform, event.user.id), RUNS_PER_READ);
  }

  async function mine(event: InboundEvent, group: Flow[]): Promise<string | undefined> {
    for await (const run of runsOfPerson(event)) {
      if (belongs(run, group) && run.status !== 'ended' && run.participants.some((p) => p.userId === event.user.id && p.active)) return run.id;
    }
    return undefined;
  }

  /** Another of this person's runs that waits for their answer in this place, newest first. */
  async function waitingHere(event: InboundEvent, where: string, except: string): Promise<string | undefined> {
    for await (const run of runsOfPerson(event)) {
      if (run.id !== except && waitsHere(run, event.user.id, where)) return run.id;
    }
    return undefined;
  }

  /**
   * Where a plain direct message goes when no key names a run, in one pass over this person's runs,
   * newest first: the run that waits for their answer here; else the run that awaits a private
   * answer from them (the mediator's caucus; a dialogue's statement open to their vote, when what
   * they wrote is one of its `directWords`), as the command that takes it.
   */
  async function directTarget(event: Extract<InboundEvent, { kind: 'message' }>, where: string): Promise<Destination | undefined> {
    let reply: Destination | undefined;
    for await (const run of runsOfPerson(event)) {
      if (run.status === 'ended') continue;
      if (waitsHere(run, event.user.id, where)) return { kind: 'run', runId: run.id, event };
      reply ??= privateAnswer(run, event);
    }
    return reply;
  }

  /** Whether a run awaits a private answer from this person, still taking part in it (the mediator's caucus, a statement open to their vote). */
  function awaitsAnswerFrom(run: Run, userId: string): boolean {
    const from = run.vars.replyFrom;
    const active = run.participants.some((p) => p.userId === userId && p.active);
    return run.status !== 'ended' && active && !!deps.flows.get(run.flowId)?.route?.directReply && Array.isArray(from) && from.includes(userId);
  }

  /** A plain direct message as the private answer a run awaits from its writer, as the command that takes it; undefined when it is not one. */
  function privateAnswer(run: Run, event: Extract<InboundEvent, { kind: 'message' }>): Destination | undefined {
    const text = event.text.trim();
    const route = deps.flows.get(run.flowId)?.route;
    const words = directWords.get(run.flowId);
    if (!text || !route?.directReply || !awaitsAnswerFrom(run, event.user.id) || (words && !words.has(wordOf(text)))) return undefined;
    return { kind: 'run', runId: run.id, event: { ...event, kind: 'command', name: route.command, args: [route.directReply, text], options: {}, canOpenForm: false } };
  }

  async function latest(event: InboundEvent, group: Flow[]): Promise<string | undefined> {
    let found: Run | undefined;
    for (const flow of group) {
      const run = await activeRun(await lookup(latestKey(flow.id, conversationKey(event.ref))));
      if (run && (!found || run.startedAt > found.startedAt)) found = run;
    }
    return found?.id;
  }

  /** The reference typed with the command (FB-0042), its position among the words, and its run. */
  async function byReference(event: CommandEvent, group: Flow[]): Promise<{ at: number; runId: string | undefined } | undefined> {
    for (const flow of group) {
      const prefix = flow.route?.reference;
      if (!prefix) continue;
      const at = event.args.findIndex((arg, i) => i > 0 && new RegExp(`^${prefix}-\\d+$`, 'i').test(arg));
      if (at < 0) continue;
      const ref = (event.args[at] as string).toUpperCase();
      for (const candidate of group) {
        const runId = candidate.route?.reference === prefix ? await lookup(referenceKey(candidate.id, ref)) : undefined;
        if (runId) return { at, runId };
      }
      return { at, runId: undefined };
    }
    return undefined;
  }

  /** `/name sub ...` for a script's runs: the first finder that finds one wins; a typed reference decides alone. */
  async function toRun(event: CommandEvent, group: Flow[], sub: string): Promise<Destination> {
    const flow = group.find((f) => flowCommands(f).includes(sub)) ?? (group[0] as Flow);
    // A command may say what it needs in its own words (a resident's /notice understood is not a coordinator's /notice answer).
    const missing = flow.commands[sub]?.notFound ?? flow.route?.notFound;
    const notFound: Destination = { kind: 'refuse', key: missing ?? 'core.run_not_found', vars: { command: `/${event.name} ${sub}`, ref: '?' } };
    for (const finder of findersOf(flow, sub)) {
      if (finder === 'reference') {
        const found = await byReference(event, group);
        if (!found) continue;
        if (!found.runId) return { ...notFound, key: missing ?? 'core.reference_not_found', vars: { ref: (event.args[found.at] as string).toUpperCase(), command: `/${event.name} ${sub}` } };
        // The run sees the command as if it had been typed in its own place: without the reference.
        return { kind: 'run', runId: found.runId, event: { ...event, args: event.args.filter((_, i) => i !== found.at) } };
      }
      const runId = finder === 'here' ? await here(event, group) : finder === 'mine' ? await mine(event, group) : await latest(event, group);
      if (runId) return { kind: 'run', runId, event };
    }
    if (flow.route?.noReference) return { kind: 'refuse', key: flow.route.noReference, vars: { command: `/${event.name} ${sub}` } };
    return notFound;
  }

  async function command(event: CommandEvent): Promise<Destination> {
    if (event.name === 'help') return { kind: 'help' };
    const sub = event.args[0]?.toLowerCase();
    const own = commands.find((c) => c.name === event.name && c.sub !== undefined && c.sub === sub);
    const group = scripts.get(event.name) ?? [];
    const hereId = (await lookup(keys.space(conversationKey(event.ref)))) ?? undefined;
    if (own) return { kind: 'command', spec: own, event, here: hereId };
    if (sub !== undefined && subsOf.get(event.name)?.has(sub)) return toRun(event, group, sub);
    // In a run's own thread, anything else for its command goes to the run, which answers it.
    if (hereId && belongs(await activeRun(hereId), group)) return { kind: 'run', runId: hereId, event };
    const base = commands.find((c) => c.name === event.name && c.sub === undefined);
    if (base) return { kind: 'command', spec: base, event, here: hereId };
    const known = commands.some((c) => c.name === event.name) || group.length > 0;
    if (!known) return { kind: 'refuse', key: 'core.command_unknown', vars: { command: event.name } };
    // A command that only has sub-commands, typed without one, says which there are.
    if (sub === undefined) {
      const subs = [...new Set([...commands.filter((c) => c.name === event.name && c.sub !== undefined).map((c) => c.sub as string), ...(subsOf.get(event.name) ?? [])])];
      return { kind: 'refuse', key: 'core.command_needs_sub', vars: { command: event.name, subs } };
    }
    return { kind: 'refuse', key: 'core.command_unknown_sub', vars: { command: event.name, sub: event.args[0] ?? '' } };
  }

  return {
    async resolve(event) {
      if (event.kind === 'command') return command(event);
      if (event.kind === 'choice' || event.kind === 'form') {
        const decoded = decodeChoice(event.kind === 'choice' ? event.value : event.formId);
        if (decoded && (await activeRun(decoded.runId))) return { kind: 'run', runId: decoded.runId, event };
        return { kind: 'refuse', key: 'core.flow.stale_choice' };
      }
      // The run is read with the key that finds it (one statement on SQLite); its turn starts from it.
      const where = inboundWhereKey(event.ref, event.user.id);
      const awaiting = await state.getPointed(keys.awaiting(where, event.user.id)).catch(() => ({ runId: undefined, run: undefined }));
      if (awaiting.runId) {
        // Two runs may wait for the same person in one place (a report begun by direct message, and a
        // mediation's question there): the key names the newer. Once that one no longer waits for them,
        // the answer goes to the run that still does, rather than to one that would not read it.
        const pointed = awaiting.run ?? (await activeRun(awaiting.runId));
        const waits = !!pointed && waitsHere(pointed, event.user.id, where);
        // The key names a private answer asked for after any question waiting here: this is it.
        const answer = pointed && !waits && event.kind === 'message' ? privateAnswer(pointed, event) : undefined;
        if (answer) return answer;
        const other = pointed && !waits ? await waitingHere(event, where, pointed.id) : undefined;
        if (other) return { kind: 'run', runId: other, event };
        // Not the answer it awaits (a statement open to a vote, and words that are no vote): as if no run waited here.
        if (!(pointed && !waits && awaitsAnswerFrom(pointed, event.user.id))) return { kind: 'run', runId: awaiting.runId, event, ...(pointed ? { run: pointed } : {}) };
      }
      const space = await lookup(keys.space(conversationKey(event.ref)));
      if (space) return { kind: 'run', runId: space, event };
      // The key may have gone with the other run that waited here (it moved on): a direct message
      // still answers the run that waits for it, or a private answer someone awaits, before it
      // could start anything new.
      const direct = event.ref.direct ? await directTarget(event, where) : undefined;
      if (direct) return direct;
      if (event.ref.direct && deps.directMessageCommand) {
        // What they wrote comes with it (as the `text` option), so it is not asked for again.
        return command({ ...event, kind: 'command', name: deps.directMessageCommand, args: [], options: event.text.trim() ? { text: event.text.trim() } : {}, canOpenForm: false });
      }
      return { kind: 'ignore' };
    },
  };
}
