import type { Choice } from '../core/actions';
import type { CommandContext, CommandSpec } from '../core/commands';
import { localText } from '../config/schema';
import { choicesOf } from '../core/wording';
import { isBlank } from '../core/text';
import { encodeChoice } from '../flows/context';
import { chooseProject, currentStage, namedArgs } from './project-stage';
import { allocateRef, filedReports, filedReportsWhere, myReports, type ReportEntry } from './report-index';
import { FINAL, HOUR_MS } from './report';

const EVERYONE: CommandSpec['roles'] = ['resident', 'social_worker', 'coordinator'];
/** Resolved reports stay on the public list this long. */
const RECENT_DAYS = 30;
const MAX_ME_TOO_BUTTONS = 5;
/** Open reports a new report offers to join ("me too") instead of filing the same again. */
const OFFERED_ME_TOO = 20;

function ageText(ctx: CommandContext, ms: number): string {
  const hours = Math.floor(ms / HOUR_MS);
  if (hours < 1) return ctx.t('feedback.time.under_hour');
  if (hours < 48) return ctx.t(hours === 1 ? 'feedback.time.hour' : 'feedback.time.hours', { n: hours });
  return ctx.t('feedback.time.days', { n: Math.floor(hours / 24) });
}

function categoryLabel(ctx: CommandContext, entry: ReportEntry): string {
  const category = ctx.community.projects.find((p) => p.id === entry.run.project)?.categories.find((c) => c.id === entry.category);
  return category ? localText(category.name, ctx.locale) : entry.category;
}

function line(ctx: CommandContext, entry: ReportEntry): string {
  // A report nobody has joined yet is listed without a count (not "0 me too").
  return ctx.t(entry.meToo > 0 ? 'feedback.list.line' : 'feedback.list.line_alone', {
    ref: entry.ref,
    category: categoryLabel(ctx, entry),
    status: ctx.t(`feedback.status.${entry.status}`),
    age: ageText(ctx, ctx.clock.now() - entry.filedAt),
    count: entry.meToo,
    summary: entry.summary,
  });
}

/** `/feedback [category] [project=<id>]`: starts the intake (a form where the platform has one). */
async function startIntake(ctx: CommandContext): Promise<void> {
  const { named, rest } = namedArgs(ctx);
  const project = chooseProject(ctx.community, named.project);
  if (!project) {
    await ctx.reply(ctx.t('feedback.unknown_project', { project: named.project ?? '', projects: choicesOf(ctx.community.projects.map((p) => ({ id: p.id, name: localText(p.name, ctx.locale) })), ctx.t, ctx.locale, 'conjunction') }));
    return;
  }
  const wanted = (named.category ?? rest.join(' ')).trim().toLowerCase();
  const category = wanted ? project.categories.find((c) => c.id === wanted || [localText(c.name, 'en'), localText(c.name, 'zh-CN')].some((n) => n.toLowerCase() === wanted)) : undefined;
  if (wanted && !category) {
    const names = choicesOf(project.categories.map((c) => ({ id: c.id, name: localText(c.name, ctx.locale) })), ctx.t, ctx.locale, 'conjunction');
    await ctx.reply(ctx.t('feedback.unknown_category', { category: wanted, categories: names }));
    return;
  }
  // Open reports to offer "me too" on: not the resident's own (as in `/feedback list`).
  const open = (
    await filedReportsWhere(
      ctx,
      OFFERED_ME_TOO,
      (e) => e.run.project === project.id && !FINAL.has(e.status) && e.status !== 'resolved' && !e.run.participants.some((p) => p.role === 'reporter' && p.userId === ctx.event.user.id),
    )
  ).map((e) => ({ ref: e.ref, runId: e.run.id, category: e.category, filedAt: e.filedAt, summary: e.summary }));
  const ref = await allocateRef(ctx);
  const user = ctx.event.user;
  // A report begun by a direct message keeps that message as what happened: not when it shows
  // nothing, and never cut short: over the limit, the person is told and asked for it again.
  const given = ctx.event.options.text;
  const limit = ctx.community.limits.textLength;
  const length = given === undefined ? 0 : [...given].length;
  if (length > limit) await ctx.reply(ctx.t('core.input.too_long', { limit, length }));
  const firstWords = given !== undefined && !isBlank(given) && length <= limit ? given : undefined;
  await ctx.startFlow('feedback', {
    participants: [{ platform: ctx.event.ref.platform, userId: user.id, name: user.name || user.id, role: 'reporter', active: true }],
    vars: { ref, open, ...(category ? { category: category.id } : {}), ...(firstWords ? { reportGiven: { what: firstWords } } : {}) },
    project: project.id,
    stage: currentStage(project, ctx.clock.now(), ctx.community.timeZone),
  });
}

export const feedbackCommands: CommandSpec[] = [
  {
    name: 'feedback',
    roles: EVERYONE,
    description: 'feedback.command.start',
    options: [
      { name: 'category', description: 'feedback.command.category', values: 'categories' },
      { name: 'project', description: 'feedback.command.project', values: 'projects' },
    ],
    run: startIntake,
  },
  {
    name: 'feedback',
    sub: 'list',
    roles: EVERYONE,
    description: 'feedback.command.list',
    async run(ctx) {
      const { named } = namedArgs(ctx);
      const project = chooseProject(ctx.community, named.project);
      const now = ctx.clock.now();
      const shown = (await filedReports(ctx)).filter(
        (e) => e.run.project === project?.id && (!FINAL.has(e.status) ? true : e.status === 'closed' && now - e.run.updatedAt <= RECENT_DAYS * 24 * HOUR_MS),
      );
      if (shown.length === 0) {
        await ctx.reply(ctx.t('feedback.list.empty'));
        return;
      }
      const open = shown.filter((e) => !FINAL.has(e.status) && e.status !== 'resolved' && !e.run.participants.some((p) => p.role === 'reporter' && p.userId === ctx.event.user.id));
      const choices: Choice[] = open.slice(0, MAX_ME_TOO_BUTTONS).map((e) => ({ value: encodeChoice(e.run.id, '*', 'metoo'), label: ctx.t('feedback.similar.metoo', { ref: e.ref }) }));
      const text = [ctx.t('feedback.list.intro'), ...shown.map((e) => line(ctx, e)), ctx.t('feedback.list.outro')].join('\n');
      await ctx.reply(text, choices.length > 0 ? choices : undefined);
    },
  },
  {
    name: 'feedback',
    sub: 'mine',
    roles: EVERYONE,
    description: 'feedback.command.mine',
    async run(ctx) {
      const mine = await myReports(ctx);
      if (mine.length === 0) {
        await ctx.reply(ctx.t('feedback.mine.empty'));
        return;
      }
      await ctx.reply([ctx.t('feedback.mine.intro'), ...mine.map((e) => line(ctx, e))].join('\n'));
    },
  },
];
