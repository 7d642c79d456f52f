import { z } from 'zod';
import type { CommandContext, CommandSpec } from '../core/commands';
import { conversationKey } from '../core/events';
import { keys } from '../state/keys';
import { chooseProject, currentStage, namedArgs } from '../feedback/project-stage';
import { formatRef } from '../feedback/report';
import { MAX_OPTIONS, MIN_OPTIONS, parsePoll } from './parse';

const EVERYONE: CommandSpec['roles'] = ['resident', 'social_worker', 'coordinator'];
const latestHere = (ctx: CommandContext) => keys.record('poll-here', conversationKey(ctx.event.ref));

/** The poll a command is about: the reference given, or the latest poll opened in this conversation. */
async function findPoll(ctx: CommandContext, ref: string | undefined) {
  const wanted = ref?.toUpperCase() ?? (await ctx.state.get(latestHere(ctx), z.string()));
  const runId = wanted ? await ctx.state.get(keys.record('poll', wanted), z.string()) : undefined;
  return runId ? ctx.state.getRun(runId) : undefined;
}

/** Passes `/poll vote ...` or `/poll close ...` to the poll's run; the run checks who may do what. */
function toPoll(refArg: (args: string[]) => string | undefined): CommandSpec['run'] {
  return async (ctx) => {
    const run = await findPoll(ctx, refArg(ctx.args));
    if (!run) {
      await ctx.reply(ctx.t('poll.not_found'));
      return;
    }
    await ctx.deliver(run.id);
  };
}

export const pollCommands: CommandSpec[] = [
  {
    name: 'poll',
    roles: ['coordinator', 'social_worker'],
    description: 'poll.command.open',
    options: [{ name: 'question and options', description: 'poll.command.open', required: true, rest: true }],
    async run(ctx) {
      const { named, rest } = namedArgs(ctx);
      const project = chooseProject(ctx.community, named.project);
      const request = parsePoll(rest);
      if (!request.ok || !project) {
        const problem = !project ? 'unknown_project' : request.ok ? 'no_question' : request.problem;
        await ctx.reply(ctx.t(`poll.problem.${problem}`, { count: request.ok ? 0 : (request.count ?? 0), limit: request.ok ? 0 : (request.limit ?? 0), min: MIN_OPTIONS, max: MAX_OPTIONS }));
        return;
      }
      const ref = formatRef('P', await ctx.state.next('poll'));
      const user = ctx.event.user;
      const now = ctx.clock.now();
      const run = await ctx.startFlow('poll', {
        participants: [{ platform: ctx.event.ref.platform, userId: user.id, name: user.name || user.id, role: 'opener', active: true }],
        vars: { ref, question: request.question, options: request.options, multi: request.multi, closesAt: now + request.closesInMs, votes: {} },
        project: project.id,
        stage: currentStage(project, now),
      });
      await ctx.state.set(keys.record('poll', ref), run.id);
      await ctx.state.set(latestHere(ctx), ref);
    },
  },
  {
    name: 'poll',
    sub: 'vote',
    roles: EVERYONE,
    description: 'poll.command.vote',
    options: [{ name: 'number', description: 'poll.command.vote', required: true }],
    run: toPoll((args) => args[1]),
  },
  {
    name: 'poll',
    sub: 'close',
    roles: EVERYONE,
    description: 'poll.command.close',
    run: toPoll((args) => args[0]),
  },
];
