import {
  ApplicationCommandOptionType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOptionChoice,
  type APIApplicationCommandSubcommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { LOCALES, localText, type Community, type Locale } from '../../src/config/schema';
import type { Catalogue } from '../../src/core/catalogue';
import type { CommandEntry } from '../../src/core/command-list';
import type { CommandOption } from '../../src/core/commands';
import { helpCommand } from '../../src/core/help';

/** Discord cannot run `/feedback` itself once `/feedback list` exists; `/feedback start` stands in for it. */
export const BASE_SUBCOMMAND = 'start';
const MAX_CHOICES = 25;
const MAX_SUBCOMMANDS = 25;

type Definition = RESTPostAPIChatInputApplicationCommandsJSONBody;
type Known = { value: string; label: string };
/** An option in the place it is typed: `named` ones as `name=value`, the others as plain words. */
export type OptionSlot = { name: string; named: boolean };

export interface SlashCommands {
  definitions: Definition[];
  /** Options of `/name sub` in declared order, so values become args as if typed. */
  order(name: string, sub: string | undefined): OptionSlot[];
  slow(name: string, sub: string | undefined): boolean;
  /** Suggestions for an autocomplete option, filtered by what the person typed. */
  suggest(name: string, sub: string | undefined, option: string, typed: string): Known[];
}

export interface SlashCommandSources {
  /** The core's flat list of commands. */
  commands: CommandEntry[];
  community: Community;
  catalogue: Catalogue;
}

const clip = (text: string, max: number) => ([...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text);
const optionName = (name: string) => name.toLowerCase().replace(/[^-_\p{L}\p{N}]/gu, '_').slice(0, 32);
const slotOf = (option: CommandOption): OptionSlot => ({ name: optionName(option.name), named: !option.required && !option.rest && !option.positional });

/** The values an option may take, where the set is known. `undefined` means free text. */
function knownValues(option: CommandOption, community: Community, locale: Locale): Known[] | 'open' | undefined {
  const values = option.values;
  if (!values) return undefined;
  if (Array.isArray(values)) return values.map((v) => ({ value: v, label: v }));
  const named = (list: { id: string; name: Parameters<typeof localText>[0] }[]) => list.map((x) => ({ value: x.id, label: localText(x.name, locale) }));
  const unique = (list: Known[]) => [...new Map(list.map((k) => [k.value, k])).values()];
  switch (values) {
    case 'locales':
      return LOCALES.map((l) => ({ value: l, label: l }));
    case 'projects':
      return named(community.projects);
    case 'stages':
      return unique(community.projects.flatMap((p) => named(p.stages)));
    case 'categories':
      return unique(community.projects.flatMap((p) => named(p.categories)));
    case 'parties':
      return named(community.parties);
    case 'references':
      return 'open';
  }
  return undefined;
}

/** Builds Discord slash commands from the core's command specs, and the lookups inbound mapping needs. */
export function buildSlashCommands(sources: SlashCommandSources): SlashCommands {
  const { community, catalogue } = sources;
  const locale = community.locale;
  const other = LOCALES.filter((l) => l !== locale);
  // A description missing from a catalogue must not keep the bot from starting.
  const say = (l: Locale, key: string) => {
    try {
      return clip(catalogue.t(l, key), 100);
    } catch {
      return undefined;
    }
  };
  const describe = (key: string) => {
    const localized: Record<string, string> = {};
    for (const l of other) {
      const text = say(l, key);
      if (text) localized[l] = text;
    }
    return { description: say(locale, key) ?? clip(key, 100), description_localizations: localized };
  };
  const specs = new Map<string, CommandEntry>();
  const known = new Map<string, Known[]>();
  const keyOf = (name: string, sub: string | undefined, option?: string) => [name, sub ?? '', option ?? ''].join(' ');

  const optionsOf = (spec: CommandEntry): APIApplicationCommandBasicOption[] => {
    const built = (spec.options ?? []).map((option) => {
      const name = optionName(option.name);
      const values = knownValues(option, community, locale);
      const base = { type: ApplicationCommandOptionType.String as const, name, ...describe(option.description), required: option.required ?? false };
      if (values === undefined) return base;
      if (values !== 'open' && values.length <= MAX_CHOICES) {
        const choices: APIApplicationCommandOptionChoice<string>[] = values.map((v) => ({ name: clip(v.label, 100), value: v.value }));
        return { ...base, choices };
      }
      known.set(keyOf(spec.name, spec.sub, name), values === 'open' ? [] : values);
      return { ...base, autocomplete: true };
    });
    // Discord lists required options first.
    return [...built.filter((o) => o.required), ...built.filter((o) => !o.required)];
  };

  // /help is answered by the core itself; Discord only knows commands it has registered.
  const { run: _run, ...help } = helpCommand;
  const commands: CommandEntry[] = [...sources.commands.filter((c) => c.name !== help.name), { ...help, listed: true }];
  const names = [...new Set(commands.map((c) => c.name))];
  const definitions: Definition[] = names.map((name) => {
    const group = commands.filter((c) => c.name === name);
    for (const spec of group) specs.set(keyOf(name, spec.sub), spec);
    const base = group.find((c) => c.sub === undefined);
    const subs = group.filter((c) => c.sub !== undefined);
    const head = { name: optionName(name), ...describe((base ?? group[0])?.description ?? name) };
    if (subs.length === 0) return { ...head, options: base ? optionsOf(base) : [] };
    const subcommand = (sub: string, spec: CommandEntry): APIApplicationCommandSubcommandOption => ({
      type: ApplicationCommandOptionType.Subcommand,
      name: optionName(sub),
      ...describe(spec.description),
      options: optionsOf(spec),
    });
    const options = [...(base ? [subcommand(BASE_SUBCOMMAND, base)] : []), ...subs.map((s) => subcommand(s.sub ?? '', s))].slice(0, MAX_SUBCOMMANDS);
    return { ...head, options };
  });

  return {
    definitions,
    order: (name, sub) => {
      const spec = specs.get(keyOf(name, sub));
      return (spec?.options ?? []).map(slotOf);
    },
    slow: (name, sub) => specs.get(keyOf(name, sub))?.slow === true,
    suggest: (name, sub, option, typed) => {
      const list = known.get(keyOf(name, sub, option)) ?? [];
      const wanted = typed.trim().toLowerCase();
      const matches = list.filter((k) => k.value.toLowerCase().includes(wanted) || k.label.toLowerCase().includes(wanted));
      if (matches.length === 0 && wanted) return [{ value: typed.trim(), label: typed.trim() }];
      return matches.slice(0, MAX_CHOICES);
    },
  };
}
