import type { Community, Locale, Role } from '../config/schema';
import type { Flow } from '../flows/schema';
import type { Catalogue } from './catalogue';
import type { CommandEntry } from './command-list';
import type { CommandSpec } from './commands';
import type { ChatUser } from './events';
import { partiesOf, rolesOf } from './roles';

/** A command a platform offers itself (the local chat's `/as`), shown in /help with the others. */
export interface PlatformCommand {
  usage: string;
  /** Message key of its description. */
  description: string;
}

export interface HelpSources {
  /** The flat list the bot builds: feature commands and those the flow scripts declare. */
  commands: CommandEntry[];
  flows: Map<string, Flow>;
  community: Community;
  catalogue: Catalogue;
  platformCommands?: PlatformCommand[];
}

/**
 * `/help [command]` as a spec, for platforms that register commands (Discord). The bot answers
 * it itself, before any other command, so `run` is never called.
 */
export const helpCommand: CommandSpec = {
  name: 'help',
  roles: ['resident', 'social_worker', 'coordinator'],
  description: 'help.description',
  options: [{ name: 'command', description: 'help.option.command', rest: true, positional: true }],
  run: async () => undefined,
};

/** Who may use a command from a flow (typed in its conversation), and which people can hold that role. */
const RUN_ROLE_HOLDERS: Record<string, (roles: Role[], party: boolean) => boolean> = {
  facilitator: (roles) => roles.includes('social_worker'),
  mediator: (roles) => roles.includes('social_worker'),
  coordinator: (roles) => roles.includes('coordinator'),
  responsible: (roles, party) => party || roles.includes('coordinator'),
};
const mayHold = (runRole: string, roles: Role[], party: boolean) => RUN_ROLE_HOLDERS[runRole]?.(roles, party) ?? true;

type Listed = Omit<CommandSpec, 'run'> & { flow?: string };

const offered = (c: Listed, user: ChatUser, community: Community) => c.available?.() !== false && c.offeredTo?.(user, community) !== false;

export function usageOf(c: Listed): string {
  // A script's command has its usage in its help line; only the reference it may take is shown.
  const options = c.flow ? (c.options ?? []).filter((o) => o.values === 'references') : (c.options ?? []);
  return [`/${c.name}`, c.sub, ...options.map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`))].filter(Boolean).join(' ');
}

/**
 * A usage line in the reader's language: each `<place>` or `[place]` for something to type is
 * named by `help.placeholder.<place>` where the catalogue has it ("<project>" is "<项目>" in
 * Chinese); command names and words typed as they are (`confirm`) stay as they are.
 */
export function usageIn(usage: string, catalogue: Catalogue, locale: Locale): string {
  return usage.replace(/([<[])([^<>[\]]+?)( \.\.\.)?([>\]])/g, (whole, open: string, place: string, more: string | undefined, close: string) => {
    const key = `help.placeholder.${place.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '')}`;
    return catalogue.has(locale, key) ? `${open}${catalogue.t(locale, key)}${more ?? ''}${close}` : whole;
  });
}

/** The roles a command is for, as the heading key of its group: "everyone", "social_worker+coordinator"... */
function groupOf(c: Listed): string {
  if (c.roles.includes('resident')) return 'resident';
  return [...c.roles].sort().join('+');
}

interface RunCommand {
  flow: string;
  command: string;
  /** The run roles allowed it that have a heading, in the script's order. */
  roles: string[];
}

/** Commands typed in a flow's conversation (`/dialogue next`), with the run roles that may use them and have a heading. */
function runCommands(flows: Map<string, Flow>, commands: CommandEntry[], locale: Locale, catalogue: Catalogue): RunCommand[] {
  const out: RunCommand[] = [];
  const seen = new Set<string>();
  for (const flow of flows.values()) {
    const handlers = [...Object.entries(flow.commands), ...Object.values(flow.steps).flatMap((step) => ('on' in step && step.on ? Object.entries(step.on) : []))];
    for (const [command, handler] of handlers) {
      const id = `${flow.id} ${command}`;
      if (seen.has(id) || commands.some((c) => c.listed && c.name === flow.id && c.sub === command)) continue;
      if (!catalogue.has(locale, `help.run.${flow.id}.${command}`)) continue;
      const roles = handler.roles.filter((r) => catalogue.has(locale, `help.run.${flow.id}.as.${r}`));
      if (roles.length === 0) continue;
      seen.add(id);
      out.push({ flow: flow.id, command, roles });
    }
  }
  return out;
}

/** What this person can do here, grouped by the role that allows it, in their language. */
export function helpText(src: HelpSources, user: ChatUser, locale: Locale): string {
  const { catalogue, community } = src;
  const t = (key: string, vars?: Record<string, string | number>) => catalogue.t(locale, key, vars);
  const usage = (line: string) => usageIn(line, catalogue, locale);
  const roles = rolesOf(user, community);
  const party = partiesOf(user, community).length > 0;
  const sections: string[] = [t('core.help.intro')];
  const groups = new Map<string, string[]>();
  const byHeading = new Map<string, string[]>();
  const underHeading = (heading: string, line: string) => byHeading.set(heading, [...(byHeading.get(heading) ?? []), line]);
  for (const c of src.commands) {
    if (!c.listed || !c.roles.some((r) => roles.includes(r)) || !offered(c, user, community)) continue;
    if (c.inRun) {
      // Listed under the run role the core checks it against, for those who can hold that role.
      const { flow, roles: runRoles } = c.inRun;
      const role = runRoles.find((r) => mayHold(r, roles, party) && catalogue.has(locale, `help.run.${flow}.as.${r}`));
      if (role) underHeading(`help.run.${flow}.as.${role}`, `• ${usage(usageOf(c))}: ${t(c.description)}`);
      continue;
    }
    const group = groupOf(c);
    groups.set(group, [...(groups.get(group) ?? []), `• ${usage(usageOf(c))}: ${t(c.description)}`]);
  }
  for (const [group, lines] of groups) sections.push([t(`help.group.${group}`), ...lines].join('\n'));
  for (const rc of runCommands(src.flows, src.commands, locale, catalogue)) {
    // Under the first run role this person can hold: `/dialogue done` is the facilitator's for a
    // social worker, and a participant's (an action they own) for a resident.
    const role = rc.roles.find((r) => mayHold(r, roles, party));
    if (!role) continue;
    underHeading(`help.run.${rc.flow}.as.${role}`, `• /${rc.flow} ${rc.command}: ${t(`help.run.${rc.flow}.${rc.command}`)}`);
  }
  for (const [heading, lines] of byHeading) sections.push([t(heading), ...lines].join('\n'));
  if (src.platformCommands?.length) sections.push([t('help.group.platform'), ...src.platformCommands.map((p) => `• ${usage(p.usage)}: ${t(p.description)}`)].join('\n'));
  sections.push(t('help.outro'));
  return sections.join('\n\n');
}

/** One command explained: what it does, how to type it, who can use it, an example. */
export function commandHelp(src: HelpSources, name: string, sub: string | undefined, locale: Locale): string {
  const { catalogue } = src;
  const t = (key: string, vars?: Record<string, string | number>) => catalogue.t(locale, key, vars);
  const usage = (line: string) => usageIn(line, catalogue, locale);
  const wanted = name.replace(/^\//, '').toLowerCase();
  // Who may use a script's command: its own words where its first role alone would not say it
  // (`help.run.dialogue.who.done`: the action's owner, or the facilitator), else that role.
  const whoKey = (rc: RunCommand) => `help.run.${rc.flow}.who.${rc.command}`;
  const runWho = (rc: RunCommand) => t(catalogue.has(locale, whoKey(rc)) ? whoKey(rc) : `core.run_role.${rc.roles[0] ?? ''}`);
  // The chat's own commands (`/as`, `/in` in the local chat) are explained from their help lines.
  const own = sub === undefined ? src.platformCommands?.find((p) => p.usage.split(' ')[0]?.toLowerCase() === `/${wanted}`) : undefined;
  if (own) return `• ${usage(own.usage)}: ${t(own.description)}`;
  // `/help help` explains /help itself, which the bot answers before any other command.
  const { run: _run, ...helpEntry } = helpCommand;
  const matching = [...src.commands, { ...helpEntry, listed: true }].filter((c) => c.name === wanted && (sub === undefined || c.sub === sub.toLowerCase()) && c.available?.() !== false);
  const inFlow = runCommands(src.flows, src.commands, locale, catalogue).filter((rc) => rc.flow === wanted && (sub === undefined || rc.command === sub.toLowerCase()));
  // A script's command without a help line of its own is explained by its run's line, when there is one.
  const listed = matching.filter((c) => c.listed);
  const specs = listed.length > 0 || inFlow.length > 0 ? listed : matching;
  if (specs.length === 0 && inFlow.length === 0) return t('help.one.unknown', { command: [wanted, sub].filter(Boolean).join(' ') });
  const lines: string[] = [];
  for (const c of specs) {
    const who = c.inRun
      ? c.inRun.roles.map((r) => t(`core.run_role.${r}`)).join(' / ')
      : c.who
        ? t(c.who)
        : c.roles.includes('resident')
          ? t('help.one.everyone')
          : c.roles.map((r) => t(`core.role.${r}`)).join(' / ');
    lines.push(`• ${usage(usageOf(c))}: ${t(c.description)}\n  ${t('help.one.who', { roles: who })}`);
  }
  for (const rc of inFlow) lines.push(`• /${rc.flow} ${rc.command}: ${t(`help.run.${rc.flow}.${rc.command}`)}\n  ${t('help.one.who', { roles: runWho(rc) })}`);
  // A sub-command asked for by name is shown with an example of its own, or none: the command's
  // example is of another sub-command (`/help feedback acknowledge` is not `/feedback repairs`).
  const exampleKey = sub === undefined ? `help.example.${wanted}` : `help.sub_example.${wanted}.${sub.toLowerCase()}`;
  if (catalogue.has(locale, exampleKey)) lines.push(t('help.one.example', { example: t(exampleKey) }));
  return lines.join('\n');
}
