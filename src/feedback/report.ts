import { localText, type Community } from '../config/schema';
import type { ConversationRef } from '../core/events';
import type { FlowContext } from '../flows/functions';
import type { JsonValue, Run } from '../flows/run';

/** Where a report stands. `closed` and `duplicate` are final. */
export const STATUSES = ['new', 'acknowledged', 'in_progress', 'resolved', 'reopened', 'closed', 'duplicate'] as const;
export type ReportStatus = (typeof STATUSES)[number];
export const FINAL: ReadonlySet<string> = new Set(['closed', 'duplicate']);
/** Statuses in which the responsible party has not acknowledged (yet, or again after a reopen). */
export const UNACKNOWLEDGED: ReadonlySet<string> = new Set(['new', 'reopened']);

export const HOUR_MS = 3_600_000;
/** How long a resident has to confirm a fix before the report closes on its own. */
export const CONFIRM_WITHIN_DAYS = 14;
/** How long an unfinished intake is kept. */
export const INTAKE_KEPT_HOURS = 24;

export function formatRef(prefix: string, n: number): string {
  return `${prefix}-${String(n).padStart(4, '0')}`;
}

export const str = (value: JsonValue | undefined): string => (typeof value === 'string' ? value : '');
export const num = (value: JsonValue | undefined): number => (typeof value === 'number' ? value : 0);
export const strings = (value: JsonValue | undefined): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** One person's answer to a question asked of a run role (saved per user). */
export function answerOf(value: JsonValue | undefined, userId: string): string {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? str(value[userId]) : str(value);
}

/** What was written in the intake form. */
export function reportText(run: Run): { what: string; where: string } {
  const report = run.vars.report;
  const fields = typeof report === 'object' && report !== null && !Array.isArray(report) ? report : {};
  return { what: str(fields.what), where: str(fields.where) };
}

export function statusOf(run: Run): ReportStatus | null {
  const status = str(run.vars.status);
  return status ? (status as ReportStatus) : null;
}

export function reporterOf(run: Run): string {
  return run.participants.find((p) => p.role === 'reporter')?.userId ?? '';
}

export function categoryName(community: Community, projectId: string | null, categoryId: string, locale: Run['locale']): string {
  const category = community.projects.find((p) => p.id === projectId)?.categories.find((c) => c.id === categoryId);
  return category ? localText(category.name, locale) : categoryId;
}

export function partyName(community: Community, partyId: string, locale: Run['locale']): string {
  const party = community.parties.find((p) => p.id === partyId);
  return party ? localText(party.name, locale) : partyId;
}

/** The conversation of a named channel, on the platform and in the space the run lives in. */
export function channelRef(run: Run, channel: string): ConversationRef {
  return { platform: run.home.platform, space: run.home.space, channel, direct: false };
}

/** "2 days" / "5 hours", in the run's language. */
export function duration(t: FlowContext['t'], hours: number): string {
  if (hours >= 24 && hours % 24 === 0) return t(hours === 24 ? 'feedback.time.day' : 'feedback.time.days', { n: hours / 24 });
  return t(hours === 1 ? 'feedback.time.hour' : 'feedback.time.hours', { n: hours });
}

/** How long ago, roughly: "3 days", "5 hours", "less than an hour". */
export function age(t: FlowContext['t'], ms: number): string {
  const hours = Math.floor(ms / HOUR_MS);
  if (hours < 1) return t('feedback.time.under_hour');
  if (hours < 48) return t(hours === 1 ? 'feedback.time.hour' : 'feedback.time.hours', { n: hours });
  return t('feedback.time.days', { n: Math.floor(hours / 24) });
}

/** Hours between two times, to a tenth. */
export function hoursBetween(from: number, to: number): number {
  return Math.round(((to - from) / HOUR_MS) * 10) / 10;
}

/** A short, single-line excerpt for lists. */
export function excerpt(text: string, limit = 60): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > limit ? `${chars.slice(0, limit - 1).join('')}…` : chars.join('');
}
