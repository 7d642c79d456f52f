import { countedKey, type Wording } from '../core/wording';
import { buildsMessages, decides, keysFor, type FlowFunctions } from '../flows/functions';
import { readFollowUp } from './answers';
import { agreementLines, keptLines } from './agreement';
import { ENDED, endWith, tellEveryone } from './ending';
import { askAgain } from './stages';
import { answers, commitments, numberVar, parties, ref, stringList, tellMediator } from './state';

const DAY = 86_400_000;

/** Follow-up: at each configured day after the agreement, each party says whether each commitment is kept. */
export const followUpFunctions: FlowFunctions = buildsMessages(keysFor('mediation.follow_up.answer', ['kept', 'partly', 'not_kept']), {
  /** A check-in is due: the parties are asked (`ask`), or, with none left, it is noted as done (`nobody`). */
  mediationFollowUp: decides(['ask', 'nobody'], (ctx) => {
    const run = ctx.run;
    const day = Number(ctx.event?.kind === 'timer' ? ctx.event.payload.day : 0);
    if (run.status === 'paused') {
      ctx.schedule('follow_up', ctx.now + DAY, { day });
      return;
    }
    run.vars.followDay = day;
    // The next check-in is set now, so a party who never answers does not hold it up.
    const index = numberVar(run, 'followIndex') + 1;
    const next = ctx.community.mediation.followUpDays[index];
    run.vars.followIndex = index;
    run.vars.followLast = next === undefined;
    if (next !== undefined) ctx.schedule('follow_up', (numberVar(run, 'agreedAt') || ctx.now) + next * DAY, { day: next });
    run.vars.followList = keptLines(agreementLines(ctx, commitments(run)));
    run.vars.followAnswers = {};
    for (const userId of stringList(run, 'left')) tellMediator(ctx, 'mediation.follow_up.left', { name: ctx.participant(userId)?.name ?? userId, day });
    if (parties(run).length === 0) return 'nobody';
    return 'ask';
  }),
  mediationFollowAnswer(ctx) {
    const run = ctx.run;
    const userId = ctx.user?.id ?? '';
    const list = commitments(run);
    const read = readFollowUp(answers(run, 'followAnswers')[userId] ?? '', list.length);
    if (!read) {
      askAgain(ctx, 'followAnswers', userId);
      ctx.say('actor', countedKey('mediation.follow_up.unclear', list.length), { count: list.length });
      return;
    }
    const day = numberVar(run, 'followDay');
    read.forEach((answer, i) => ctx.record('mediation.follow_up', { mediation: ref(run), day, commitment: i + 1, answer }, { actors: [userId] }));
    const summary: Wording = (t) => read.map((answer, i) => `${i + 1}. ${t(`mediation.follow_up.answer.${answer}`)}`).join('\n');
    tellMediator(ctx, 'mediation.follow_up.to_mediator', { name: ctx.actor?.name ?? '', day, summary });
    if (read.includes('not_kept')) {
      ctx.say('actor', 'mediation.follow_up.offer_meeting');
      tellMediator(ctx, 'mediation.follow_up.suggest_meeting', { name: ctx.actor?.name ?? '' });
    } else {
      ctx.say('actor', 'mediation.follow_up.thanks');
    }
    return;
  },
  /** After a check-in: wait for the next one (`more`), or close after the last (`ended`). */
  mediationFollowUpDone: decides(['more', ENDED], (ctx) => {
    const run = ctx.run;
    if (run.vars.followLast !== true) return 'more';
    tellEveryone(ctx, 'mediation.follow_up.closing');
    return endWith(ctx, run.vars.agreementKind === 'partial' ? 'partial' : 'agreement');
  }),
  /** A party asks for a follow-up meeting after a commitment was not kept. */
  mediationMeeting(ctx) {
    tellMediator(ctx, 'mediation.follow_up.meeting_asked', { name: ctx.actor?.name ?? '' });
    ctx.say('actor', 'mediation.follow_up.meeting_thanks');
  },
});
