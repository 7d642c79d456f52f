import { formatDay } from '../core/dates';
import type { Community, Project } from '../config/schema';
import type { CommandContext } from '../core/commands';

/** The project a command is about: the one named with `project=<id>` (or the option), else the first. */
export function chooseProject(community: Community, wanted: string | undefined): Project | undefined {
  if (wanted === undefined) return community.projects[0];
  return community.projects.find((p) => p.id === wanted.toLowerCase());
}

/**
 * The stage whose planned dates contain `now`; between or after planned stages, the last one that
 * has started (as the report reads it); before the first, the first.
 */
export function currentStage(project: Project, now: number, timeZone = 'UTC'): string {
  const day = formatDay(now, timeZone);
  const stage = project.stages.find((s) => s.start <= day && day <= s.end) ?? project.stages.filter((s) => s.start <= day).at(-1) ?? project.stages[0];
  return stage?.id ?? '';
}

/** Splits `key=value` words (and the platform's named options) from the other arguments. */
export function namedArgs(ctx: Pick<CommandContext, 'args' | 'event'>): { named: Record<string, string>; rest: string[] } {
  const named: Record<string, string> = { ...ctx.event.options };
  const rest: string[] = [];
  for (const word of ctx.args) {
    const match = /^([a-z]+)=(.+)$/i.exec(word);
    if (match?.[1] && match[2]) named[match[1].toLowerCase()] = match[2];
    else rest.push(word);
  }
  return { named, rest };
}
