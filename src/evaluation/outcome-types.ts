/**
 * Every outcome type the flows record, with the `data` fields each carries. Flows and metrics
 * both follow this list; a metric reads only these fields. Times are epoch milliseconds; hours are
 * numbers. `actors` always holds pseudonymous ids, `party` the responsible party when there is one.
 */
export const OUTCOME_TYPES = {
  // Services and problem-solving: resident feedback
  'feedback.filed': 'ref, category, urgency (low|normal|high), anonymous (bool); party; actors [reporter]',
  'feedback.acknowledged': 'ref, category, hours (filed -> acknowledged); party; actors [acting member]',
  'feedback.status_changed': 'ref, category, from, to (acknowledged|in_progress|resolved|reassigned|duplicate|reopened|closed); party',
  'feedback.resolved': 'ref, category, hours (filed -> resolved); party',
  'feedback.reopened': 'ref, category; party; actors [reporter]',
  'feedback.confirmed': 'ref, category, rating (1-5); party; actors [reporter]',
  'feedback.reassigned': 'ref, category, to (party id), acknowledged (whether it had been); party (the party it left)',
  'feedback.duplicate': 'ref, category, of (ref); party',
  'feedback.me_too': 'ref, category; party; actors [resident]',
  'feedback.reminded': 'ref, category; party',
  'feedback.escalated': 'ref, category; party',
  // Policy delivery: notices
  'notice.published': 'notice (ref); actors [coordinator]',
  'notice.understood': 'notice; actors [resident]',
  'notice.question_asked': 'notice, question (ref); actors [resident]',
  'notice.question_answered': 'notice, question, hours (asked -> answered); actors [coordinator]',
  // Problem-solving: polls and dialogues
  'poll.opened': 'poll (ref), options (count); actors [opener]',
  'poll.closed': 'poll, voters (count), options (count)',
  'dialogue.opened': 'dialogue (ref); actors [facilitator]',
  'dialogue.joined': 'dialogue; actors [participant]',
  'dialogue.phase_changed': 'dialogue, phase (phase id), planned_minutes (or null)',
  'dialogue.closed': 'dialogue, participants, contributions, gini, statements, votes, consensus, divisive, actions (counts)',
  'action.recorded': 'action (ref), due (epoch ms); party (owner party, or null when a person owns it); actors [owner if a person]',
  'action.done': 'action, due, on_time (bool); party',
  'action.removed': 'action (ref); party (owner party, or null)',
  // Mediation: outcomes only, never what anyone said
  'mediation.opened': 'mediation (ref), parties (count); actors [mediator]',
  'mediation.consented': 'mediation; actors [party member]',
  'mediation.declined': 'mediation; actors [party member]',
  'mediation.stage_reached': 'mediation, stage (stage id)',
  'mediation.tone_flagged': 'mediation, kind (insult|mockery|command|blame|absolute|threat|shouting)',
  'mediation.safety_paused': 'mediation, kind (violence|self_harm|danger)',
  'mediation.agreement': 'mediation, kind (full|partial|none), commitments (count)',
  'mediation.follow_up': 'mediation, day (7, 30...), commitment (index), answer (kept|partly|not_kept); actors [party member]',
  'mediation.ended': 'mediation, how (agreement|partial|no_agreement|withdrawn|declined|referred)',
  // Process orientation: stages of a project
  'project.stage_started': 'stage (id) ; actors [coordinator]',
  'project.stage_finished': 'stage (id) ; actors [coordinator]',
} as const;

export type OutcomeType = keyof typeof OUTCOME_TYPES;
