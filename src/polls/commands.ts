import type { CommandSpec } from '../core/commands';
import { chooseProject, currentStage, namedArgs } from '../feedback/project-stage';
import { formatRef } from '../feedback/report';
import { MAX_OPTIONS, MIN_OPTIONS, parsePoll } from './parse';

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
      const ref = formatRef('P', await ctx.next('poll'));
      const user = ctx.event.user;
      const now = ctx.clock.now();
      await ctx.startFlow('poll', {
        participants: [{ platform: ctx.event.ref.platform, userId: user.id, name: user.name || user.id, role: 'opener', active: true }],
        vars: { ref, question: request.question, options: request.options, multi: request.multi, closesAt: now + request.closesInMs, votes: {} },
        project: project.id,
        stage: currentStage(project, now, ctx.community.timeZone),
      });
    },
  },
];
