import { listOf, renderMessage } from '../core/wording';
import { isSaidLines, saidLinesWording } from '../flows/context';
import type { CommandContext, CommandSpec } from '../core/commands';
import type { Role } from '../config/schema';
import type { Participant } from '../flows/run';
import { parseOpen, TITLE_LIMIT } from './open-args';
import { currentStage } from '../feedback/project-stage';
import { mediationsOf, ongoingBetween } from './records';

/** Whether a user id names a real member; adapters that can look users up supply it. */
export type KnowsUser = (platform: string, userId: string) => Promise<boolean>;

const EVERYONE: Role[] = ['resident', 'social_worker', 'coordinator'];
const MEDIATOR: Role[] = ['social_worker'];

export function mediationCommands(knowsUser?: KnowsUser): CommandSpec[] {
  const open: CommandSpec = {
    name: 'mediation',
    sub: 'open',
    roles: MEDIATOR,
    description: 'mediation.help.open',
    options: [
      { name: 'parties', description: 'mediation.option.parties', required: true },
      { name: 'title', description: 'mediation.option.title', required: true },
      { name: 'project', description: 'mediation.option.project', values: 'projects' },
      { name: 'stage', description: 'mediation.option.stage', values: 'stages' },
    ],
    run: (ctx) => openMediation(ctx, knowsUser),
  };
  const copy: CommandSpec = {
    name: 'mediation',
    sub: 'copy',
    roles: EVERYONE,
    description: 'mediation.help.copy',
    async run(ctx) {
      const { platform } = ctx.event.ref;
      const userId = ctx.event.user.id;
      const theirs = await mediationsOf(ctx, platform, userId);
      for (const run of theirs) {
        const copies = run.vars.copies;
        const copy = typeof copies === 'object' && copies !== null && !Array.isArray(copies) ? copies[userId] : undefined;
        // In the language of whoever asks; a copy kept as text (before copies were kept as lines) goes as it was.
        const text = isSaidLines(copy) ? renderMessage(ctx.translate, ctx.locale, saidLinesWording(copy)) : copy;
        if (typeof text !== 'string') continue;
        await ctx.send({ kind: 'direct', platform, userId }, ctx.t('mediation.copy.text', { text }));
        if (!ctx.event.ref.direct) await ctx.reply(ctx.t('mediation.copy.sent'));
        return;
      }
      // Not yet (one is going on), never (theirs ended without one), or not theirs to have.
      const going = theirs.some((run) => run.status !== 'ended');
      await ctx.reply(ctx.t(going ? 'mediation.copy.none' : theirs.length > 0 ? 'mediation.copy.none_ended' : 'mediation.copy.none_at_all'));
    },
  };
  return [open, copy];
}

async function openMediation(ctx: CommandContext, knowsUser?: KnowsUser): Promise<void> {
  const caller = ctx.event.user;
  const { platform } = ctx.event.ref;
  const request = parseOpen(ctx.args, caller.id);
  if ('problem' in request) return void (await ctx.reply(ctx.t(`mediation.open.${request.problem}`, { name: request.name ?? '', limit: TITLE_LIMIT })));
  const project = request.project ? ctx.community.projects.find((p) => p.id === request.project) : undefined;
  if (request.project && !project) return void (await ctx.reply(ctx.t('mediation.open.no_project', { project: request.project })));
  if (request.stage && !project?.stages.some((s) => s.id === request.stage)) return void (await ctx.reply(ctx.t('mediation.open.no_stage', { stage: request.stage })));
  const script = request.script ?? 'mediation';
  if (ctx.flow(script)?.mechanism !== 'mediation') return void (await ctx.reply(ctx.t('mediation.open.no_script', { script })));
  for (const id of request.parties) {
    if (knowsUser && !(await knowsUser(platform, id))) return void (await ctx.reply(ctx.t('mediation.open.unknown', { name: id })));
  }
  const existing = await ongoingBetween(ctx, platform, request.parties);
  if (existing) return void (await ctx.reply(ctx.t('mediation.open.already', { names: listOf(request.parties, ctx.locale) })));
  const reference = `M-${await ctx.next('mediation')}`;
  // Adapters that can look mentioned people up give their display names as `name:@<id>` options.
  const nameOf = (id: string) => ctx.event.options[`name:@${id}`] || id;
  const participants: Participant[] = [
    { platform, userId: caller.id, name: caller.name || caller.id, role: 'mediator', active: true },
    ...request.parties.map((id) => ({ platform, userId: id, name: nameOf(id), role: 'party', active: true })),
  ];
  await ctx.reply(ctx.t('mediation.open.started', { ref: reference, names: listOf(request.parties.map(nameOf), ctx.locale) }));
  await ctx.startFlow(script, { participants, vars: { ref: reference, title: request.title, mediatorName: caller.name || caller.id }, project: project?.id ?? null, stage: request.stage ?? (project ? currentStage(project, ctx.clock.now(), ctx.community.timeZone) : null) });
}
