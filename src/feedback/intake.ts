import type { Choice } from '../core/actions';
import type { Wording } from '../core/wording';
import { partyForCategory } from '../config/load';
import { actsForParty, rolesOf } from '../core/roles';
import { decodeChoice } from '../flows/context';
import { buildsMessages, decides, keysFor, STOP, type FlowContext, type FlowFunctions, type FlowOption } from '../flows/functions';
import { localText } from '../config/schema';
import { partyPost } from './party-post';
import { age, categoryName, duration, HOUR_MS, INTAKE_KEPT_HOURS, num, partyName, str, strings } from './report';

/** An open report offered to a resident as possibly the same as theirs (given by the command). */
interface OpenReport {
  ref: string;
  runId: string;
  category: string;
  filedAt: number;
  summary: string;
}

function openReports(ctx: FlowContext): OpenReport[] {
  const list = ctx.run.vars.open;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item) =>
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? [{ ref: str(item.ref), runId: str(item.runId), category: str(item.category), filedAt: num(item.filedAt), summary: str(item.summary) }]
      : [],
  );
}

export const intakeFunctions: FlowFunctions = buildsMessages(keysFor('feedback.party.urgency', ['low', 'normal', 'high']), {
  /** Someone who is not a participant: a member of the party the report is with, a coordinator, or a resident. */
  feedbackRoleOf: decides(['responsible', 'coordinator', 'resident'], (ctx) => {
    if (!ctx.user) return undefined;
    const party = str(ctx.run.vars.party);
    if (party && actsForParty(ctx.user, ctx.community, party)) return 'responsible';
    return rolesOf(ctx.user, ctx.community).includes('coordinator') ? 'coordinator' : 'resident';
  }),

  /** Starts the intake; the category may already be known from the command. */
  feedbackHasCategory: decides(['yes', 'no'], (ctx) => {
    ctx.schedule('intake_expired', ctx.now + INTAKE_KEPT_HOURS * HOUR_MS);
    return str(ctx.run.vars.category) ? 'yes' : 'no';
  }),

  /** Whether the reporter asked to stay anonymous to the team (then the team cannot contact them). */
  feedbackAnonymous: decides(['yes', 'no'], (ctx) => (ctx.run.vars.anonymous === 'yes' ? 'yes' : 'no')),

  feedbackCategories(ctx): FlowOption[] {
    const project = ctx.community.projects.find((p) => p.id === ctx.run.project);
    return (project?.categories ?? []).map((c) => ({ value: c.id, label: localText(c.name, ctx.locale), say: (_t, locale) => localText(c.name, locale) }));
  },

  /** Offers open reports in the same category: adding "me too" to one saves filing a duplicate. */
  feedbackOfferSimilar: decides(['none', 'some'], (ctx) => {
    const category = str(ctx.run.vars.category);
    const similar = openReports(ctx)
      .filter((r) => r.category === category)
      .slice(0, 3);
    if (similar.length === 0) return 'none';
    // Written for the reader when sent, in the language they use then.
    const lines: Wording = (t) => similar.map((r) => t('feedback.similar.line', { ref: r.ref, age: age(t, ctx.now - r.filedAt), summary: r.summary })).join('\n');
    // "Me too" answers this intake (the flow's `onChoice`), which hands the voice on to that report.
    const choices: Choice[] = similar.map((r) => ctx.choice(r.ref, 'feedback.similar.metoo', { vars: { ref: r.ref } }));
    choices.push(ctx.choice('new', 'feedback.similar.new', { command: true }));
    ctx.run.vars.offered = similar.map((r) => r.ref);
    ctx.say('actor', 'feedback.similar.intro', { category: (_t, locale) => categoryName(ctx.community, ctx.run.project, category, locale), reports: lines }, { choices });
    return 'some';
  }),

  /**
   * "Mine is different", chosen or written: words written with it (`/feedback new <text>`, or a
   * message instead of a choice) are what happened, after any already given, so the form does not
   * ask for them again. Words over the limit are refused, and the form asks for them.
   */
  feedbackDifferent(ctx) {
    // The reports offered are no longer: a "Me too" on one of them now belongs to an earlier step.
    delete ctx.run.vars.offered;
    const words = (ctx.text ?? '').trim();
    if (!words) return undefined;
    const given = ctx.run.vars.reportGiven;
    const kept = typeof given === 'object' && given !== null && !Array.isArray(given) ? given : {};
    const what = str(kept.what) ? `${str(kept.what)}\n${words}` : words;
    const limit = ctx.community.limits.textLength;
    if ([...what].length > limit) {
      ctx.say('actor', 'core.input.too_long', { limit, length: [...what].length });
      return undefined;
    }
    ctx.run.vars.reportGiven = { ...kept, what };
    return undefined;
  },

  /**
   * "Me too" on one of the similar reports offered (the flow's `onChoice`): the resident's voice is
   * handed on to that report, which counts it and tells them and its party, and this intake ends
   * without filing anything (`joined`). Any other button is left to the step.
   */
  feedbackSameAs: decides(['joined', STOP], (ctx) => {
    const event = ctx.event;
    const chosen = event?.kind === 'choice' ? decodeChoice(event.value) : null;
    const report = chosen ? openReports(ctx).find((r) => r.ref === chosen.value) : undefined;
    if (!chosen || !report) return undefined;
    if (!strings(ctx.run.vars.offered).includes(report.ref) || str(ctx.run.vars.status) || ctx.actor?.role !== 'reporter') {
      ctx.say('actor', 'core.flow.stale_choice');
      return STOP;
    }
    ctx.run.vars.sameAs = report.ref;
    delete ctx.run.vars.offered;
    ctx.pass(report.runId, 'metoo');
    return 'joined';
  }),

  /** Files the report: routes it to the responsible party, tells the resident, starts the reminder. */
  feedbackFile(ctx) {
    const { run } = ctx;
    const category = str(run.vars.category);
    const routed = partyForCategory(ctx.community, run.project ?? '', category);
    if (!routed) {
      ctx.say('actor', 'feedback.no_party');
      run.status = 'ended';
      ctx.cancel('*');
      return undefined;
    }
    run.vars.status = 'new';
    run.vars.filedAt = ctx.now;
    run.vars.party = routed.party.id;
    run.vars.ackHours = routed.entry.acknowledgeWithinHours;
    run.vars.meToo = [];
    delete run.vars.open;
    const reporter = ctx.actor?.userId ?? '';
    ctx.record('feedback.filed', { ref: str(run.vars.ref), category, urgency: str(run.vars.urgency) || 'normal', anonymous: run.vars.anonymous === 'yes' }, { actors: [reporter], party: routed.party.id });
    partyPost(ctx, 'feedback.party.new');
    ctx.say('actor', 'feedback.filed', { party: (_t, locale) => partyName(ctx.community, routed.party.id, locale), time: (t) => duration(t, routed.entry.acknowledgeWithinHours) });
    ctx.cancel('intake_expired');
    ctx.schedule('ack_reminder', ctx.now + routed.entry.acknowledgeWithinHours * HOUR_MS);
    return undefined;
  },

  /** An intake nobody finished (or that became a "me too") is let go quietly. */
  feedbackIntakeExpired(ctx) {
    if (str(ctx.run.vars.status)) return undefined;
    ctx.run.status = 'ended';
    ctx.cancel('*');
    return undefined;
  },
});

