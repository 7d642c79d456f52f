import type { CommandSpec } from '../core/commands';
import { chooseProject, currentStage, namedArgs } from '../feedback/project-stage';
import { formatRef } from '../feedback/report';

const TITLE_LIMIT = 120;

export const noticeCommands: CommandSpec[] = [
  {
    name: 'notice',
    roles: ['coordinator'],
    description: 'notice.command.publish',
    options: [{ name: 'title, explanation, what changes, where to ask', description: 'notice.command.publish', rest: true }],
    async run(ctx) {
      const { named, rest } = namedArgs(ctx);
      const project = chooseProject(ctx.community, named.project);
      if (!project) {
        await ctx.reply(ctx.t('notice.unknown_project'));
        return;
      }
      if (rest.length !== 0 && rest.length !== 4) {
        await ctx.reply(ctx.t('notice.usage', { count: rest.length }));
        return;
      }
      const [title = '', explanation = '', changes = '', where = ''] = rest.map((r) => r.trim());
      const limit = ctx.community.limits.textLength;
      if (rest.length === 4 && [title, explanation, changes, where].some((t) => t.length === 0)) {
        await ctx.reply(ctx.t('notice.empty_part'));
        return;
      }
      if ([...title].length > TITLE_LIMIT || [explanation, changes, where].some((t) => [...t].length > limit)) {
        await ctx.reply(ctx.t('notice.too_long', { title: TITLE_LIMIT, limit }));
        return;
      }
      const ref = formatRef('N', await ctx.next('notice'));
      const user = ctx.event.user;
      const home = { platform: ctx.event.ref.platform, space: ctx.event.ref.space, channel: ctx.community.homeChannel, direct: false };
      await ctx.startFlow('notice', {
        participants: [{ platform: ctx.event.ref.platform, userId: user.id, name: user.name || user.id, role: 'coordinator', active: true }],
        vars: { ref, questions: [], understood: [], ...(rest.length === 4 ? { title, explanation, changes, where } : {}) },
        project: project.id,
        stage: currentStage(project, ctx.clock.now(), ctx.community.timeZone),
        home,
      });
    },
  },
];
