import { IANAZone } from 'luxon';
import { z } from 'zod';
import { isDay } from '../core/dates';
import { LOCALES } from './locales';

export { LOCALES };
export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;

/** Text a community writes in each of its languages; a plain string serves every locale. */
const Text = z.string().min(1, 'cli.config.no_text');
export const LocalText = z.union([Text, z.object({ en: Text, 'zh-CN': Text })], {
  // One sentence for the whole field, rather than what each of its two forms lacks.
  error: (issue) => (issue.input === undefined ? 'cli.config.missing' : 'cli.config.local_text'),
});
export type LocalText = z.infer<typeof LocalText>;

export function localText(text: LocalText, locale: Locale): string {
  return typeof text === 'string' ? text : text[locale];
}

// Custom messages are keys of the command line's catalogue (cli.yaml), worded in the operator's language by describeIssues.
const Id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,47}$/, 'cli.config.id');
const IsoDate = z.string().refine(isDay, 'cli.config.date');

export const ROLES = ['resident', 'social_worker', 'coordinator'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const MECHANISMS = ['policy', 'service', 'problem_solving', 'mediation'] as const;
export const Mechanism = z.enum(MECHANISMS);
export type Mechanism = z.infer<typeof Mechanism>;

export const ResponsibleParty = z.strictObject({
  id: Id,
  name: LocalText,
  /** The channel where this party receives what is routed to it (by name). */
  channel: z.string().min(1),
  /** Platform user ids or platform role names of the people who act for this party. */
  members: z.array(z.string()).default([]),
});
export type ResponsibleParty = z.infer<typeof ResponsibleParty>;

export const Stage = z.strictObject({ id: Id, name: LocalText, start: IsoDate, end: IsoDate });
export type Stage = z.infer<typeof Stage>;

/** What one responsible party is accountable for within a project. */
export const CharterEntry = z.strictObject({
  party: Id,
  categories: z.array(Id).default([]),
  /** Whether agreed dialogue actions can be owned by this party. */
  actions: z.boolean().default(false),
  acknowledgeWithinHours: z.number().positive().default(48),
  resolveWithinDays: z.number().positive().default(14),
});
export type CharterEntry = z.infer<typeof CharterEntry>;

export const Category = z.strictObject({ id: Id, name: LocalText });

export const Indicator = z.strictObject({
  id: Id,
  name: LocalText.optional(),
  /** A metric from the metric library (see the README). */
  metric: z.string().min(1),
  target: z.number(),
  direction: z.enum(['at_least', 'at_most']),
  scope: z.enum(['project', 'stage', 'party']),
  mechanism: Mechanism,
  /** The fewest events behind a value before it is shown as a number. */
  minimumData: z.number().int().positive().default(3),
});
export type Indicator = z.infer<typeof Indicator>;

export const Project = z.strictObject({
  id: Id,
  name: LocalText,
  stages: z.array(Stage).min(1),
  categories: z.array(Category).default([]),
  charter: z.array(CharterEntry).default([]),
  indicators: z.array(Indicator).default([]),
});
export type Project = z.infer<typeof Project>;

/**
 * Every object is strict: a field the bot does not know (a typo such as `retentionDay`) is refused
 * by name rather than ignored, so a setting is never silently left at its default.
 */
export const Community = z.strictObject({
  name: LocalText,
  locale: Locale.default('en'),
  /** The community's time zone (IANA, e.g. Asia/Shanghai): which day it is when an outcome is dated into a stage. */
  timeZone: z
    .string()
    .refine((zone) => IANAZone.isValidZone(zone), 'cli.config.time_zone')
    .default('UTC'),
  /** commonground role -> the platform role names (or user ids) that carry it. Everyone is a resident. */
  roles: z
    .strictObject({
      social_worker: z.array(z.string()).default([]),
      coordinator: z.array(z.string()).default([]),
    })
    .default({ social_worker: [], coordinator: [] }),
  /** The channel where the bot posts what concerns everyone (notices, polls), by name. */
  homeChannel: z.string().default('general'),
  /** The channel where coordinators are told of escalations, by name. */
  coordinatorChannel: z.string().default('coordinators'),
  /** Channels (by name) that speak another language than the community's, e.g. `{ housing-office: zh-CN }`. */
  channelLocales: z.record(z.string(), Locale).default({}),
  parties: z.array(ResponsibleParty).default([]),
  projects: z.array(Project).min(1),
  /** Help lines shown when a message suggests danger. */
  helpLines: z.array(LocalText).default([]),
  mediation: z
    .strictObject({
      retentionDays: z.number().int().positive().default(90),
      followUpDays: z.array(z.number().int().positive()).default([7, 30]),
      consentReminderHours: z.number().positive().default(24),
    })
    .default({ retentionDays: 90, followUpDays: [7, 30], consentReminderHours: 24 }),
  feedback: z
    .strictObject({
      /** Days a report keeps what was written after it closes; then only its outcome stays. */
      retentionDays: z.number().int().positive().default(365),
    })
    .default({ retentionDays: 365 }),
  /** The most characters a person may type at once, per kind of text (longer text is refused, not cut). */
  limits: z
    .strictObject({
      /** Answers to questions, feedback reports, notices, and any text without a limit of its own. */
      textLength: z.number().int().positive().default(1000),
      /** A dialogue statement. */
      statementLength: z.number().int().positive().default(280),
      /** One message of a party's story in a mediation (a story may take several messages). */
      storyLength: z.number().int().positive().default(2000),
      /** One message in a dialogue's thread. */
      contributionLength: z.number().int().positive().default(2000),
    })
    .default({ textLength: 1000, statementLength: 280, storyLength: 2000, contributionLength: 2000 }),
});
export type Community = z.infer<typeof Community>;
