import { noteInAudit } from './audit';
/**
 * The evaluation commands in chat: `/report` (the table in a code block and the chart as a PNG)
 * and `/stage start|finish` (a coordinator marks a stage of a project as started or finished).
 */
import { localText, type Community, type Project } from '../config/schema';
import type { CommandContext, CommandSpec } from '../core/commands';
import { partiesOf, rolesOf } from '../core/roles';
import { choicesOf, listOf } from '../core/wording';
import type { Feature } from '../features';
import { chartFonts, chartSize, renderReportChart, type ChartFonts } from './chart';
import { buildReport } from './report';
import { formatReport } from './report-format';

const FORMATS = ['table', 'csv', 'json'] as const;
type ChatFormat = (typeof FORMATS)[number];

/** `key=value` words and the slash command's named options; other words in order. */
export function readArgs(ctx: Pick<CommandContext, 'args' | 'event'>): { named: Record<string, string>; words: string[] } {
  const named: Record<string, string> = { ...ctx.event.options };
  const words: string[] = [];
  for (const arg of ctx.args) {
    const match = /^([a-z]+)=(.+)$/i.exec(arg);
    if (match) named[(match[1] as string).toLowerCase()] = match[2] as string;
    else words.push(arg);
  }
  return { named, words };
}

/** The project named, or the only one that fits; otherwise undefined. */
function projectOf(community: Community, id: string | undefined, fits: (project: Project) => boolean = () => true): Project | undefined {
  if (id !== undefined) return community.projects.find((p) => p.id === id);
  const candidates = community.projects.filter(fits);
  return candidates.length === 1 ? candidates[0] : undefined;
}

type Ctx = Pick<CommandContext, 't' | 'locale' | 'community'>;

/** The choices as the reader knows them: by name, with the id to type ("Riverside renewal (riverside-renewal)"). */
const projectChoices = (ctx: Ctx, projects: Project[]) => choicesOf(projects.map((p) => ({ id: p.id, name: localText(p.name, ctx.locale) })), ctx.t, ctx.locale, 'disjunction');
const stageChoices = (ctx: Ctx, project: Project) => choicesOf(project.stages.map((s) => ({ id: s.id, name: localText(s.name, ctx.locale) })), ctx.t, ctx.locale, 'conjunction');
const partyChoices = (ctx: Ctx, ids: string[]) =>
  choicesOf(ids.map((id) => ({ id, name: ((party) => (party ? localText(party.name, ctx.locale) : id))(ctx.community.parties.find((p) => p.id === id)) })), ctx.t, ctx.locale, 'conjunction');

/** The project named as an answer: a project it does not know is said back with the ones there are. */
function projectRefusal(ctx: Ctx, asked: string | undefined, projects: Project[]): string {
  const choices = projectChoices(ctx, projects);
  return asked === undefined ? ctx.t('report.command.which_project', { projects: choices }) : ctx.t('report.command.unknown_project', { project: asked, projects: choices });
}

/** Which party's rows the person may see: all (undefined) for a coordinator, else their own party. */
function partyScope(ctx: CommandContext, asked: string | undefined): { party?: string; refusal?: string } {
  if (ctx.roles.includes('coordinator')) return asked === undefined ? {} : { party: asked };
  const own = partiesOf(ctx.event.user, ctx.community);
  if (own.length === 0) return { refusal: ctx.t('report.command.not_allowed') };
  if (asked !== undefined) return own.includes(asked) ? { party: asked } : { refusal: ctx.t('report.command.own_party_only', { parties: partyChoices(ctx, own) }) };
  if (own.length > 1) return { refusal: ctx.t('report.command.choose_party', { parties: partyChoices(ctx, own) }) };
  return { party: own[0] as string };
}

const REPORT_OPTIONS = ['project', 'stage', 'party', 'format'] as const;

/** What `/report` does not take: `name=value` words with another name, and words after the project. */
function unknownOptions(ctx: Pick<CommandContext, 'args'>): string[] {
  let bare = 0;
  return ctx.args.filter((arg) => {
    const match = /^([a-z]+)=(.+)$/i.exec(arg);
    if (match) return !(REPORT_OPTIONS as readonly string[]).includes((match[1] as string).toLowerCase());
    bare += 1;
    return bare > 1;
  });
}

async function runReport(ctx: CommandContext, fonts: () => ChartFonts) {
  const unknown = unknownOptions(ctx);
  if (unknown.length > 0) {
    const example = ctx.community.projects[0];
    return ctx.reply(
      ctx.t('report.command.unknown_option', {
        given: unknown.join(' '),
        options: listOf(REPORT_OPTIONS.map((name) => `${name}=`), ctx.locale),
        example: example ? `${example.id}${example.stages[0] ? ` stage=${example.stages[0].id}` : ''} format=csv` : 'format=csv',
      }),
    );
  }
  const { named, words: typed } = readArgs(ctx);
  // Ids are lower case: `stage=Building` is the stage `building`.
  for (const option of ['project', 'stage', 'party'] as const) if (named[option] !== undefined) named[option] = (named[option] as string).toLowerCase();
  const words = typed.map((word) => word.toLowerCase());
  const format = (named.format ?? 'table').toLowerCase() as ChatFormat;
  if (!FORMATS.includes(format)) return ctx.reply(ctx.t('report.command.unknown_format', { formats: choicesOf(FORMATS.map((id) => ({ id, name: id })), ctx.t, ctx.locale, 'disjunction') }));
  const scope = partyScope(ctx, named.party);
  if (scope.refusal) return ctx.reply(scope.refusal);
  const { party } = scope;
  const fits = (p: Project) => party === undefined || p.charter.some((c) => c.party === party);
  const asked = named.project ?? words[0];
  const project = projectOf(ctx.community, asked, fits);
  if (!project) return ctx.reply(projectRefusal(ctx, asked, ctx.community.projects.filter(fits)));
  const projectName = localText(project.name, ctx.locale);
  if (named.stage !== undefined && !project.stages.some((s) => s.id === named.stage))
    return ctx.reply(ctx.t('report.command.unknown_stage', { stage: named.stage, project: projectName, stages: stageChoices(ctx, project) }));
  if (party !== undefined && !project.charter.some((c) => c.party === party))
    return ctx.reply(ctx.t('report.command.unknown_party', { party, project: projectName, parties: partyChoices(ctx, project.charter.map((c) => c.party)) }));
  await noteInAudit(ctx, 'report', party === undefined ? project.id : `${project.id}:${party}`);
  await ctx.slow(async () => {
    const report = await buildReport(ctx.outcomes, ctx.community, {
      project: project.id,
      now: ctx.clock.now(),
      evidence: false,
      ...(named.stage !== undefined ? { stage: named.stage } : {}),
      ...(party !== undefined ? { party } : {}),
    });
    const body = formatReport(report, format, { locale: ctx.locale }).trimEnd();
    const { png, legible } = renderReportChart(report, { ...chartSize(report), locale: ctx.locale, fonts: fonts() });
    const table = `\n\`\`\`\n${body}\n\`\`\``;
    // A chart whose Chinese labels would be empty boxes is left out, and the reader is told why.
    if (!legible) return { text: `${ctx.t('report.command.intro_without_chart', { project: projectName })}${table}` };
    return {
      text: `${ctx.t('report.command.intro', { project: projectName })}${table}`,
      attachment: { name: `report-${project.id}.png`, contentType: 'image/png', data: png },
    };
  });
}

function stageCommand(sub: 'start' | 'finish'): CommandSpec {
  const type = sub === 'start' ? 'project.stage_started' : 'project.stage_finished';
  return {
    name: 'stage',
    sub,
    roles: ['coordinator'],
    description: `report.description.stage_${sub}`,
    options: [
      { name: 'stage', description: 'report.option.stage', required: true, values: 'stages' },
      { name: 'project', description: 'report.option.project', values: 'projects' },
    ],
    async run(ctx) {
      const { named, words } = readArgs(ctx);
      // Ids are lower case: `Building` is the stage `building`.
      const stage = (named.stage ?? words[0])?.toLowerCase();
      if (stage === undefined) return void (await ctx.reply(ctx.t('report.stage.usage', { sub })));
      const project = projectOf(ctx.community, (named.project ?? words[1])?.toLowerCase(), (p) => p.stages.some((s) => s.id === stage));
      // A stage no project has is named as such (with the stages there are), not asked about as a project.
      if (!project && (named.project ?? words[1]) === undefined && !ctx.community.projects.some((p) => p.stages.some((s) => s.id === stage))) {
        // Each project by its name, with its stages by name and id, as the reader's language lists them.
        const stages = ctx.community.projects.map((p) => ctx.t('report.stage.of_project', { project: localText(p.name, ctx.locale), stages: stageChoices(ctx, p) })).join(ctx.t('report.stage.between_projects'));
        return void (await ctx.reply(ctx.t('report.stage.unknown', { stage, stages })));
      }
      if (!project) return void (await ctx.reply(projectRefusal(ctx, named.project ?? words[1], ctx.community.projects)));
      if (!project.stages.some((s) => s.id === stage))
        return void (await ctx.reply(ctx.t('report.command.unknown_stage', { stage, project: localText(project.name, ctx.locale), stages: stageChoices(ctx, project) })));
      // Said by their names in the reader's language: "the Listening stage of Riverside renewal".
      const names = { stage: localText(project.stages.find((s) => s.id === stage)?.name ?? stage, ctx.locale), project: localText(project.name, ctx.locale) };
      const earlier = (await ctx.outcomes.query({ project: project.id, types: [type] })).find((o) => o.data.stage === stage);
      if (earlier) {
        const date = new Date(earlier.at).toISOString().slice(0, 10);
        return void (await ctx.reply(ctx.t(`report.stage.already_${sub}ed`, { ...names, date })));
      }
      await ctx.record({
        type,
        mechanism: 'problem_solving',
        project: project.id,
        stage,
        flow: 'stage',
        step: sub,
        data: { stage },
        actors: [ctx.pseudonymise(ctx.event.ref.platform, ctx.event.user.id)],
      });
      await ctx.reply(ctx.t(`report.stage.${sub}ed`, names));
    },
  };
}

/** The evaluation commands; `fonts` says which fonts the report's chart can use (the machine's by default). */
export function evaluationCommands(options: { fonts?: () => ChartFonts } = {}): CommandSpec[] {
  const fonts = options.fonts ?? (() => chartFonts());
  return [
    {
      name: 'report',
      roles: ['resident', 'social_worker', 'coordinator'],
      description: 'report.description.report',
      // Residents who act for no responsible party are refused, so /help does not offer it to them.
      offeredTo: (user, community) => rolesOf(user, community).includes('coordinator') || partiesOf(user, community).length > 0,
      who: 'report.who',
      options: [
        { name: 'project', description: 'report.option.project', values: 'projects' },
        { name: 'stage', description: 'report.option.stage', values: 'stages' },
        { name: 'party', description: 'report.option.party', values: 'parties' },
        { name: 'format', description: 'report.option.format', values: [...FORMATS] },
      ],
      slow: true,
      async run(ctx) {
        await runReport(ctx, fonts);
      },
    },
    stageCommand('start'),
    stageCommand('finish'),
  ];
}

export function createEvaluationFeature(options: { fonts?: () => ChartFonts } = {}): Feature {
  return { commands: evaluationCommands(options), functions: {} };
}

export const evaluationFeature: Feature = createEvaluationFeature();
