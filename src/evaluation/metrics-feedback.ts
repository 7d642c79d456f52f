import type { CharterEntry, Project } from '../config/schema';
import { defineMetric, rate, type Metric } from './metrics-define';
import { bucketMedian, rowsIn, total, type TallyRow } from './metrics-tally';

/** Hours are grouped in tenths (rounded up), so medians and deadlines are exact to 0.1 h. */
const TENTHS = 10;

export const FEEDBACK_ENTRIES = {
  fb_filed: { types: ['feedback.filed'], key: ['ref'] },
  fb_ack_hours: { types: ['feedback.acknowledged'], num: 'hours', bucketsPerUnit: TENTHS },
  fb_resolved: { types: ['feedback.resolved'], key: ['ref'] },
  fb_resolved_hours: { types: ['feedback.resolved'], num: 'hours', bucketsPerUnit: TENTHS },
  fb_reopened: { types: ['feedback.reopened'], key: ['ref'] },
  fb_confirmed: { types: ['feedback.confirmed'], key: ['ref'], num: 'rating' },
  fb_me_too: { types: ['feedback.me_too'] },
  /** A report passed on with "Not ours": counted under the party it left, labelled with the one it went to. */
  fb_passed_on: { types: ['feedback.reassigned'], label: 'to', num: 'acknowledged' },
};
const E = FEEDBACK_ENTRIES;

function charterFor(project: Project, party: string | null): CharterEntry {
  const entry = project.charter.find((c) => c.party === party);
  return entry ?? { party: party ?? 'none', categories: [], actions: false, acknowledgeWithinHours: 48, resolveWithinDays: 14 };
}

/** Rows whose bucket is within the party's deadline, and all rows counted. */
function withinDeadline(rows: TallyRow[], hoursFor: (party: string | null) => number) {
  const n = total(rows, (row) => row.n);
  const inTime = total(
    rows.filter((row) => row.bucket !== null && row.bucket <= hoursFor(row.party)),
    (row) => row.n,
  );
  return { value: rate(inTime, n), n };
}

const median = (entry: keyof typeof E) => (rows: TallyRow[], cell: { stage?: string; party?: string }) => {
  const own = rowsIn(rows, entry, cell);
  return { value: bucketMedian(own), n: total(own, (row) => row.n) };
};

const distinctRatio = (numerator: keyof typeof E, denominator: keyof typeof E) => (rows: TallyRow[], cell: { stage?: string; party?: string }) => {
  const top = total(rowsIn(rows, numerator, cell), (row) => row.distinct);
  const n = total(rowsIn(rows, denominator, cell), (row) => row.distinct);
  return { value: rate(top, n), n };
};

/** Where a party stands on the reports it answers for now, as the report's party table shows it. */
export interface PartyStanding {
  /** Reports it answers for: filed to it, less those it passed on, plus those passed on to it. */
  held: number;
  /** Of those, the ones it has acknowledged (an acknowledgement goes with a report passed on). */
  acknowledged: number;
  /** Resolutions that stand: a report reopened since is no longer counted as resolved. */
  resolved: number;
}

export function partyStanding(rows: TallyRow[], cell: { stage?: string; party: string }): PartyStanding {
  const { party } = cell;
  const passed = rowsIn(rows, 'fb_passed_on', { ...(cell.stage !== undefined ? { stage: cell.stage } : {}) });
  const left = passed.filter((row) => row.party === party);
  const came = passed.filter((row) => row.label === party);
  const held = total(rowsIn(rows, 'fb_filed', cell), (row) => row.distinct) - total(left, (row) => row.n) + total(came, (row) => row.n);
  const acknowledged = total(rowsIn(rows, 'fb_ack_hours', cell), (row) => row.n) - total(left, (row) => row.sum);
  const resolved = total(rowsIn(rows, 'fb_resolved', cell), (row) => row.n) - total(rowsIn(rows, 'fb_reopened', cell), (row) => row.n);
  return { held: Math.max(0, held), acknowledged: Math.max(0, acknowledged), resolved: Math.max(0, resolved) };
}

export const FEEDBACK_METRICS: Metric[] = [
  defineMetric({
    id: 'feedback_median_hours_to_acknowledge',
    mechanism: 'service',
    axis: 'responsibility',
    description: 'Median hours from a report being filed to the responsible party acknowledging it (to 0.1 h).',
    spec: { fb_ack_hours: E.fb_ack_hours },
    fromTally: median('fb_ack_hours'),
  }),
  defineMetric({
    id: 'feedback_median_hours_to_resolve',
    mechanism: 'service',
    axis: 'responsibility',
    description: 'Median hours from a report being filed to it being resolved (to 0.1 h).',
    spec: { fb_resolved_hours: E.fb_resolved_hours },
    fromTally: median('fb_resolved_hours'),
  }),
  defineMetric({
    id: 'feedback_acknowledged_in_time_rate',
    mechanism: 'service',
    axis: 'responsibility',
    description: "Share of acknowledgements made within the party's charter time (acknowledgeWithinHours).",
    spec: { fb_ack_hours: E.fb_ack_hours },
    fromTally: (rows, ctx) => withinDeadline(rowsIn(rows, 'fb_ack_hours', ctx), (party) => charterFor(ctx.project, party).acknowledgeWithinHours),
  }),
  defineMetric({
    id: 'feedback_resolved_in_time_rate',
    mechanism: 'service',
    axis: 'responsibility',
    description: "Share of resolutions made within the party's charter time (resolveWithinDays).",
    spec: { fb_resolved_hours: E.fb_resolved_hours },
    fromTally: (rows, ctx) =>
      withinDeadline(rowsIn(rows, 'fb_resolved_hours', ctx), (party) => charterFor(ctx.project, party).resolveWithinDays * 24),
  }),
  defineMetric({
    id: 'feedback_resolution_rate',
    mechanism: 'service',
    axis: 'goal',
    description: 'Share of filed reports that were resolved (distinct reports; n = reports filed).',
    spec: { fb_filed: E.fb_filed, fb_resolved: E.fb_resolved, fb_passed_on: E.fb_passed_on },
    fromTally: (rows, ctx) => {
      if (ctx.party === undefined) return distinctRatio('fb_resolved', 'fb_filed')(rows, ctx);
      // For one party: of the reports it answers for now (one passed on with "Not ours" counts for the party it went to).
      const { held } = partyStanding(rows, { ...(ctx.stage !== undefined ? { stage: ctx.stage } : {}), party: ctx.party });
      return { value: rate(total(rowsIn(rows, 'fb_resolved', ctx), (row) => row.distinct), held), n: held };
    },
  }),
  defineMetric({
    id: 'feedback_reopen_rate',
    mechanism: 'service',
    axis: 'goal',
    description: 'Share of resolved reports that the resident reopened (n = reports resolved).',
    spec: { fb_resolved: E.fb_resolved, fb_reopened: E.fb_reopened },
    fromTally: distinctRatio('fb_reopened', 'fb_resolved'),
  }),
  defineMetric({
    id: 'feedback_confirmation_rate',
    mechanism: 'service',
    axis: 'goal',
    description: 'Share of resolved reports that the resident confirmed as resolved (n = reports resolved).',
    spec: { fb_resolved: E.fb_resolved, fb_confirmed: E.fb_confirmed },
    fromTally: distinctRatio('fb_confirmed', 'fb_resolved'),
  }),
  defineMetric({
    id: 'feedback_satisfaction',
    mechanism: 'service',
    axis: 'goal',
    description: 'Mean rating (1-5) residents gave when confirming a resolution (n = ratings).',
    spec: { fb_confirmed: E.fb_confirmed },
    fromTally: (rows, ctx) => {
      const own = rowsIn(rows, 'fb_confirmed', ctx);
      const n = total(own, (row) => row.nums);
      return { value: rate(total(own, (row) => row.sum), n), n };
    },
  }),
  defineMetric({
    id: 'feedback_reports_held',
    mechanism: 'service',
    axis: 'responsibility',
    description: 'Reports a party answers for now: those passed on with "Not ours" count for the party they went to.',
    spec: { fb_filed: E.fb_filed, fb_passed_on: E.fb_passed_on, fb_ack_hours: E.fb_ack_hours, fb_resolved: E.fb_resolved, fb_reopened: E.fb_reopened },
    fromTally: (rows, ctx) => {
      if (ctx.party === undefined) {
        const n = total(rowsIn(rows, 'fb_filed', ctx), (row) => row.distinct);
        return { value: n, n };
      }
      const { held } = partyStanding(rows, { ...(ctx.stage !== undefined ? { stage: ctx.stage } : {}), party: ctx.party });
      return { value: held, n: held };
    },
  }),
  defineMetric({
    id: 'feedback_me_too_count',
    mechanism: 'service',
    axis: 'goal',
    description: 'Number of "me too" endorsements residents added to existing reports.',
    spec: { fb_me_too: E.fb_me_too },
    fromTally: (rows, ctx) => {
      const n = total(rowsIn(rows, 'fb_me_too', ctx), (row) => row.n);
      return { value: n, n };
    },
  }),
];
