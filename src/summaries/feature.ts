import { noteInAudit } from '../evaluation/audit';
/**
 * The summary commands: `/summary` (this thread), `/summary feedback` and `/summary project`.
 * All are slow: the reply says "working on it" at once and is then replaced by the summary, which
 * only the person who asked can see.
 */
import type { CommandContext, CommandSpec } from '../core/commands';
import type { Feature } from '../features';
import { engineFromConfig, type SummaryEngine } from './engine';
import { applyFilter, feedbackSummaryText, parseFeedbackFilter, readFeedbackReports, unknownFilterText } from './feedback-summary';
import { projectSummaryText } from './project-summary';
import { threadSummaryText } from './thread-summary';

const STAFF: CommandSpec['roles'] = ['social_worker', 'coordinator'];

function asker(ctx: CommandContext) {
  return { platform: ctx.event.ref.platform, userId: ctx.event.user.id, roles: ctx.roles };
}

export function summaryCommands(engine: SummaryEngine): CommandSpec[] {
  return [
    {
      name: 'summary',
      roles: ['resident', 'social_worker', 'coordinator'],
      description: 'summary.description.thread',
      slow: true,
      async run(ctx) {
        // Outside a thread there is nothing to work on: said at once, without "working on it".
        const run = await ctx.runHere();
        if (!run) {
          await ctx.reply(ctx.t('summary.thread.not_here'));
          return;
        }
        await ctx.slow(async () => {
          await noteInAudit(ctx, 'summary', typeof run.vars.ref === 'string' ? run.vars.ref : run.flowId);
          return { text: await threadSummaryText(run, asker(ctx), { t: ctx.t, locale: ctx.locale, engine, outcomes: ctx.outcomes, community: ctx.community }) };
        });
      },
    },
    {
      name: 'summary',
      sub: 'feedback',
      roles: STAFF,
      description: 'summary.description.feedback',
      options: [
        { name: 'project', description: 'summary.option.project', values: 'projects', positional: true },
        { name: 'category', description: 'summary.option.category', values: 'categories', positional: true },
        { name: 'period', description: 'summary.option.period', positional: true },
      ],
      slow: true,
      async run(ctx) {
        const now = ctx.clock.now();
        const filter = parseFeedbackFilter(ctx.args, ctx.community, now, ctx.event.options);
        if (filter.unknown) {
          await ctx.reply(unknownFilterText(filter.unknown, { t: ctx.t, locale: ctx.locale, community: ctx.community }));
          return;
        }
        await ctx.slow(async () => {
          await noteInAudit(ctx, 'summary', 'feedback');
          const reports = applyFilter(await readFeedbackReports(ctx), filter);
          return { text: feedbackSummaryText(reports, filter, { t: ctx.t, locale: ctx.locale, community: ctx.community, now }) };
        });
      },
    },
    {
      name: 'summary',
      sub: 'project',
      roles: STAFF,
      description: 'summary.description.project',
      options: [
        { name: 'project', description: 'summary.option.project', required: true, values: 'projects' },
        { name: 'stage', description: 'summary.option.stage', values: 'stages', positional: true },
      ],
      slow: true,
      async run(ctx) {
        // `project=` and `stage=` as /report takes them, or the two words in order.
        const named: Record<string, string> = {};
        const rest: string[] = [];
        const unknown: string[] = [];
        for (const word of ctx.args) {
          const match = /^([a-z]+)=(.+)$/i.exec(word);
          const name = match?.[1]?.toLowerCase();
          if (match && (name === 'project' || name === 'stage')) named[name] = match[2] as string;
          else if (match) unknown.push(word);
          else rest.push(word);
        }
        const project = named.project ?? rest.shift();
        const stage = named.stage ?? rest.shift();
        unknown.push(...rest);
        // Words it does not take are refused at once, rather than read as a stage or left out.
        if (unknown.length > 0) {
          const example = ctx.community.projects[0];
          await ctx.reply(ctx.t('summary.project.unknown_option', { given: unknown.join(' '), example: example ? `${example.id}${example.stages[0] ? ` ${example.stages[0].id}` : ''}` : '' }));
          return;
        }
        await ctx.slow(async () => {
          await noteInAudit(ctx, 'summary', `project:${project ?? ''}`);
          const reports = await readFeedbackReports(ctx);
          return { text: await projectSummaryText(project, stage, reports, { t: ctx.t, locale: ctx.locale, community: ctx.community, outcomes: ctx.outcomes }) };
        });
      },
    },
  ];
}

/** The feature with a given engine (tests pass one pointed at a local model double). */
export function createSummaryFeature(engine: SummaryEngine = engineFromConfig()): Feature {
  return { commands: summaryCommands(engine), functions: {} };
}

/** Offline unless LLM_PROVIDER is set. */
export const summaryFeature: Feature = createSummaryFeature();
