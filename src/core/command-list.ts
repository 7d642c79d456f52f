import { ROLES, type Role } from '../config/schema';
import type { Flow, Handler } from '../flows/schema';
import type { CommandOption, CommandSpec } from './commands';
import { findersOf, flowCommands, routeOf } from './router';

/**
 * One command as platforms register it and /help lists it: the feature commands, and the commands
 * each flow script declares for its runs. Adapters read this flat list and never look at steps.
 */
export type CommandEntry = Omit<CommandSpec, 'run'> & {
  /** The script whose runs the command acts on (the core's router finds the run). */
  flow?: string;
  /** Listed in /help (scripts' commands are when they have a help line). */
  listed: boolean;
};

export const TEXT_OPTION: CommandOption = { name: 'text', description: 'core.option.text', rest: true };
export const REFERENCE_OPTION: CommandOption = { name: 'reference', description: 'core.option.reference', values: 'references', positional: true };

/** The run roles that may use a script's command, wherever the script declares it. */
function runRolesOf(flow: Flow, sub: string): string[] {
  const handlers: Handler[] = [];
  if (flow.commands[sub]) handlers.push(flow.commands[sub]);
  const roles = new Set<string>();
  for (const step of Object.values(flow.steps)) {
    if (step.kind === 'wait' && step.on[sub]) handlers.push(step.on[sub]);
    if (sub === 'next' && step.kind === 'turns') step.advance.forEach((r) => roles.add(r));
    if (sub === 'next' && step.kind === 'collect') step.until.forEach((r) => roles.add(r));
  }
  for (const h of handlers) h.roles.forEach((r) => roles.add(r));
  return [...roles];
}

/** The flat list: feature commands first in their order, each script's commands after its command's own. */
export function commandList(commands: CommandSpec[], flows: Iterable<Flow>, has: (key: string) => boolean): CommandEntry[] {
  const entries: CommandEntry[] = commands.map(({ run: _run, ...spec }) => ({ ...spec, listed: true }));
  for (const flow of flows) {
    const route = routeOf(flow);
    // A script without a route of its own is listed under a feature command of its name, if any.
    if (!flow.route && !commands.some((c) => c.name === route.command)) continue;
    for (const sub of flowCommands(flow)) {
      if (entries.some((e) => e.name === route.command && e.sub === sub)) continue;
      const mapped = runRolesOf(flow, sub).map((r) => route.roles[r]);
      const roles: Role[] = mapped.length === 0 || mapped.some((m) => m === undefined) ? [...ROLES] : [...new Set(mapped.flat() as Role[])];
      const help = route.help ? `${route.help}.${sub}` : undefined;
      const finders = findersOf(flow, sub);
      // A command found by its reference alone needs one; otherwise it is optional.
      const reference = finders.length === 1 && finders[0] === 'reference' ? { ...REFERENCE_OPTION, required: true } : REFERENCE_OPTION;
      const options = finders.includes('reference') ? [reference, TEXT_OPTION] : [TEXT_OPTION];
      const entry: CommandEntry = { name: route.command, sub, roles, description: help && has(help) ? help : `core.command.${sub}`, options, flow: flow.id, listed: !!help && has(help) };
      // After the first command of the same name and the script commands already there, so /help
      // and platforms keep them together.
      let at = entries.findIndex((e) => e.name === route.command);
      if (at < 0) at = entries.length - 1;
      while (entries[at + 1]?.flow !== undefined && entries[at + 1]?.name === route.command) at += 1;
      entries.splice(at + 1, 0, entry);
    }
  }
  return entries;
}
