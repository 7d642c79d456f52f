import { localText } from '../config/schema';
import { choicesOf, listOf } from '../core/wording';
import type { CommandContext, CommandSpec } from '../core/commands';
import { timedPhases, writeDialogue, type Dialogue } from './state';
import type { Run } from '../flows/run';
import { currentStage } from '../feedback/project-stage';

const TEMPLATES = ['default'];

interface StartRequest {
  topic: string;
  project: string | null;
  stage: string | null;
  plan: Record<string, number>;
}

/** Reads `"Topic" [project=<id>] [stage=<id>] [template=default] [<phase>=30m ...]`; returns a message key on a mistake. */
function parseStart(ctx: CommandContext): StartRequest | { problem: string; vars?: Record<string, string> } {
  const words: string[] = [];
  const plan: Record<string, number> = {};
  let project: string | null = null;
  let stage: string | null = null;
  const phases = timedPhases(ctx.flow('dialogue'));
  for (const arg of ctx.args) {
    const option = /^([a-z_-]+)=(.*)$/i.exec(arg);
    if (!option) {
      words.push(arg);
      continue;
    }
    const name = (option[1] as string).toLowerCase().replace(/-/g, '_');
    const value = (option[2] as string).trim();
    if (name === 'project') project = value;
    else if (name === 'stage') stage = value;
    else if (name === 'template') {
      if (!TEMPLATES.includes(value)) return { problem: 'dialogue.start.unknown_template', vars: { templates: listOf(TEMPLATES, ctx.locale) } };
    } else if (phases.includes(name)) {
      const time = /^(\d{1,3})\s*(m|min|h)?$/i.exec(value);
      const minutes = time ? Number(time[1]) * ((time[2] ?? 'm').toLowerCase() === 'h' ? 60 : 1) : 0;
      if (minutes <= 0) return { problem: 'dialogue.start.bad_duration', vars: { phase: name, value } };
      plan[name] = minutes;
    } else return { problem: 'dialogue.start.unknown_option', vars: { option: name, phases: listOf(phases, ctx.locale) } };
  }
  const topic = words.join(' ').trim();
  if (topic.length === 0) return { problem: 'dialogue.start.how' };
  if ([...topic].length > 120) return { problem: 'dialogue.start.topic_too_long' };
  const known = ctx.community.projects.find((p) => p.id === project);
  if (project !== null && !known) return { problem: 'dialogue.start.unknown_project', vars: { projects: choicesOf(ctx.community.projects.map((p) => ({ id: p.id, name: localText(p.name, ctx.locale) })), ctx.t, ctx.locale, 'conjunction') } };
  if (stage !== null && !known) return { problem: 'dialogue.start.stage_needs_project' };
  if (stage !== null && known && !known.stages.some((s) => s.id === stage)) {
    return { problem: 'dialogue.start.unknown_stage', vars: { project: localText(known.name, ctx.locale), stages: choicesOf(known.stages.map((s) => ({ id: s.id, name: localText(s.name, ctx.locale) })), ctx.t, ctx.locale, 'conjunction') } };
  }
  // A dialogue in a project belongs to a stage: the one named, else the stage running today, so stage rows count it.
  return { topic, project, stage: stage ?? (known ? currentStage(known, ctx.clock.now(), ctx.community.timeZone) : null), plan };
}

const start: CommandSpec = {
  name: 'dialogue',
  sub: 'start',
  roles: ['social_worker'],
  description: 'dialogue.command.start',
  options: [
    { name: 'topic', description: 'dialogue.option.topic', required: true },
    { name: 'project', description: 'dialogue.option.project', values: 'projects' },
    { name: 'stage', description: 'dialogue.option.stage', values: 'stages' },
  ],
  async run(ctx) {
    const request = parseStart(ctx);
    if ('problem' in request) {
      await ctx.reply(ctx.t(request.problem, request.vars));
      return;
    }
    const number = await ctx.next('dialogue');
    const dialogue: Dialogue = {
      ref: `D-${String(number).padStart(4, '0')}`,
      topic: request.topic,
      phase: 'opening',
      opened: false,
      closed: false,
      plan: request.plan,
      joined: [],
      talk: {},
      phaseTalk: {},
      nudged: [],
      invited: [],
      statements: [],
      votes: {},
      cards: {},
      result: null,
      actions: [],
    };
    const holder = { vars: {} } as Pick<Run, 'vars'>;
    writeDialogue(holder as Run, dialogue);
    const { user, ref } = ctx.event;
    await ctx.startFlow('dialogue', {
      participants: [{ platform: ref.platform, userId: user.id, name: user.name, role: 'facilitator', active: true }],
      vars: { topic: request.topic, ...holder.vars },
      project: request.project,
      stage: request.stage,
    });
  },
};

/** `/dialogue <anything else>` outside a dialogue's thread: where it works. In a thread, the run answers. */
const elsewhere: CommandSpec = {
  name: 'dialogue',
  roles: ['resident', 'social_worker', 'coordinator'],
  description: 'dialogue.command.in_thread',
  async run(ctx) {
    await ctx.reply(ctx.t('dialogue.in_thread_only'));
  },
};

export const dialogueCommands: CommandSpec[] = [start, elsewhere];
