import { defineMetric, rate, type Metric } from './metrics-define';
import { bucketMedian, rowsIn, total, type Cell, type TallyRow } from './metrics-tally';

export const COMMUNITY_ENTRIES = {
  notice_understood: { types: ['notice.understood'], key: ['notice', '@actor'] },
  notice_responders: { types: ['notice.understood', 'notice.question_asked'], key: ['notice', '@actor'] },
  notice_asked: { types: ['notice.question_asked'], key: ['notice', 'question'] },
  notice_answered: { types: ['notice.question_answered'], key: ['notice', 'question'] },
  notice_answer_hours: { types: ['notice.question_answered'], num: 'hours', bucketsPerUnit: 10 },
  poll_voters: { types: ['poll.closed'], num: 'voters' },
  dialogue_gini: { types: ['dialogue.closed'], num: 'gini' },
  dialogue_consensus: { types: ['dialogue.closed'], num: 'consensus' },
  action_on_time: { types: ['action.done'], num: 'on_time' },
  mediation_consent: { types: ['mediation.consented', 'mediation.declined'], label: '@type' },
  mediation_ended: { types: ['mediation.ended'], label: 'how' },
  mediation_follow_up: { types: ['mediation.follow_up'], label: 'answer' },
};
const E = COMMUNITY_ENTRIES;
type Entry = keyof typeof E;

const distinctRatio = (numerator: Entry, denominator: Entry) => (rows: TallyRow[], cell: Cell) => {
  const n = total(rowsIn(rows, denominator, cell), (row) => row.distinct);
  return { value: rate(total(rowsIn(rows, numerator, cell), (row) => row.distinct), n), n };
};

const mean = (entry: Entry) => (rows: TallyRow[], cell: Cell) => {
  const own = rowsIn(rows, entry, cell);
  const n = total(own, (row) => row.nums);
  return { value: rate(total(own, (row) => row.sum), n), n };
};

const labelShare = (entry: Entry, labels: string[]) => (rows: TallyRow[], cell: Cell) => {
  const own = rowsIn(rows, entry, cell);
  const n = total(own, (row) => row.n);
  const hits = total(
    own.filter((row) => row.label !== null && labels.includes(row.label)),
    (row) => row.n,
  );
  return { value: rate(hits, n), n };
};

export const COMMUNITY_METRICS: Metric[] = [
  defineMetric({
    id: 'notice_understanding_rate',
    mechanism: 'policy',
    axis: 'goal',
    description: 'Of the residents who responded to a notice (understood or asked), the share who said they understood it.',
    spec: { notice_understood: E.notice_understood, notice_responders: E.notice_responders },
    fromTally: distinctRatio('notice_understood', 'notice_responders'),
  }),
  defineMetric({
    id: 'notice_median_hours_to_answer',
    mechanism: 'policy',
    axis: 'responsibility',
    description: "Median hours from a resident's question on a notice to its answer (to 0.1 h).",
    spec: { notice_answer_hours: E.notice_answer_hours },
    fromTally: (rows, cell) => {
      const own = rowsIn(rows, 'notice_answer_hours', cell);
      return { value: bucketMedian(own), n: total(own, (row) => row.n) };
    },
  }),
  defineMetric({
    id: 'notice_questions_answered_rate',
    mechanism: 'policy',
    axis: 'responsibility',
    description: 'Share of questions asked on notices that were answered (n = questions asked).',
    spec: { notice_asked: E.notice_asked, notice_answered: E.notice_answered },
    fromTally: distinctRatio('notice_answered', 'notice_asked'),
  }),
  defineMetric({
    id: 'poll_turnout',
    mechanism: 'problem_solving',
    axis: 'goal',
    description: 'Mean number of residents who voted per closed poll (a head count, not a share; n = polls).',
    spec: { poll_voters: E.poll_voters },
    fromTally: mean('poll_voters'),
  }),
  defineMetric({
    id: 'dialogue_participation_gini',
    mechanism: 'problem_solving',
    axis: 'goal',
    description: 'Mean Gini coefficient of contributions per participant over closed dialogues (0 = everyone equally heard).',
    spec: { dialogue_gini: E.dialogue_gini },
    fromTally: mean('dialogue_gini'),
  }),
  defineMetric({
    id: 'dialogue_consensus_statements',
    mechanism: 'problem_solving',
    axis: 'goal',
    description: 'Mean number of consensus statements per closed dialogue.',
    spec: { dialogue_consensus: E.dialogue_consensus },
    fromTally: mean('dialogue_consensus'),
  }),
  defineMetric({
    id: 'action_items_done_on_time_rate',
    mechanism: 'problem_solving',
    axis: 'responsibility',
    description: 'Share of completed dialogue action items that were done by their due date.',
    spec: { action_on_time: E.action_on_time },
    fromTally: mean('action_on_time'),
  }),
  defineMetric({
    id: 'mediation_consent_rate',
    mechanism: 'mediation',
    axis: 'goal',
    description: 'Share of invitations to mediation answered with consent rather than a decline.',
    spec: { mediation_consent: E.mediation_consent },
    fromTally: labelShare('mediation_consent', ['mediation.consented']),
  }),
  defineMetric({
    id: 'mediation_agreement_rate',
    mechanism: 'mediation',
    axis: 'goal',
    description: 'Share of ended mediations that ended with a full or partial agreement.',
    spec: { mediation_ended: E.mediation_ended },
    fromTally: labelShare('mediation_ended', ['agreement', 'partial']),
  }),
  defineMetric({
    id: 'mediation_commitments_kept_rate',
    mechanism: 'mediation',
    axis: 'responsibility',
    description: 'Share of follow-up answers saying a commitment was kept ("partly" counts as not kept).',
    spec: { mediation_follow_up: E.mediation_follow_up },
    fromTally: labelShare('mediation_follow_up', ['kept']),
  }),
];
