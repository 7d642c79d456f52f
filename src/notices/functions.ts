import { rolesOf } from '../core/roles';
import { inboundWhereKey } from '../flows/context';
import { decides, STOP, type FlowContext, type FlowFunctions } from '../flows/functions';
import type { JsonValue } from '../flows/run';
import { hoursBetween, str, strings } from '../feedback/report';

interface Question {
  id: string;
  by: string;
  text: string;
  at: number;
  answeredAt: number | null;
}

function questionsOf(ctx: FlowContext): Question[] {
  const list = ctx.run.vars.questions;
  if (!Array.isArray(list)) return [];
  return list.flatMap((q) =>
    typeof q === 'object' && q !== null && !Array.isArray(q)
      ? [{ id: str(q.id), by: str(q.by), text: str(q.text), at: typeof q.at === 'number' ? q.at : 0, answeredAt: typeof q.answeredAt === 'number' ? q.answeredAt : null }]
      : [],
  );
}

function saveQuestions(ctx: FlowContext, list: Question[]): void {
  ctx.run.vars.questions = list.map((q) => ({ ...q })) as unknown as JsonValue[];
}

/** Adds a resident's question to the notice's thread, without their name. */
function addQuestion(ctx: FlowContext, text: string): void {
  const list = questionsOf(ctx);
  const id = `Q${list.length + 1}`;
  const userId = ctx.user?.id ?? '';
  list.push({ id, by: userId, text, at: ctx.now, answeredAt: null });
  saveQuestions(ctx, list);
  ctx.record('notice.question_asked', { notice: str(ctx.run.vars.ref), question: id }, { actors: [userId] });
  ctx.say('shared', 'notice.question_posted', { question: id, text });
  ctx.say('actor', 'notice.question_thanks', { question: id });
}

/** Whether the run is asking residents for their question (the `ask` step that saves `question`). */
function askingQuestions(ctx: FlowContext): boolean {
  const step = ctx.flow.steps[ctx.run.step];
  return step?.kind === 'ask' && step.save === 'question';
}

export const noticeFunctions: FlowFunctions = {
  noticeRoleOf: decides(['coordinator', 'resident'], (ctx) => {
    if (!ctx.user) return undefined;
    return rolesOf(ctx.user, ctx.community).includes('coordinator') ? 'coordinator' : 'resident';
  }),

  /** `yes` when the command gave the notice's text, `no` when it is still to be written. */
  noticeHasText: decides(['yes', 'no'], (ctx) => (str(ctx.run.vars.title) ? 'yes' : 'no')),

  /** Posts the notice in the community's home channel with "I understand" / "I have a question". */
  noticePublish(ctx) {
    const { run } = ctx;
    const form = run.vars.notice;
    if (typeof form === 'object' && form !== null && !Array.isArray(form)) {
      for (const field of ['title', 'explanation', 'changes', 'where']) run.vars[field] = str(form[field]);
    }
    const choices = [ctx.choice('understood', 'core.command.understood', { command: true }), ctx.choice('question', 'core.command.question', { command: true })];
    ctx.say('home', 'notice.posted', {}, { choices });
    ctx.record('notice.published', { notice: str(run.vars.ref) }, { actors: [ctx.user?.id ?? ''] });
    ctx.say('actor', 'notice.published');
    return undefined;
  },

  noticeUnderstood(ctx) {
    const userId = ctx.user?.id ?? '';
    const list = strings(ctx.run.vars.understood);
    if (list.includes(userId)) return void ctx.say('actor', 'notice.understood_already');
    ctx.run.vars.understood = [...list, userId];
    ctx.record('notice.understood', { notice: str(ctx.run.vars.ref) }, { actors: [userId] });
    ctx.say('actor', 'notice.understood_thanks');
    return undefined;
  },

  /** Asks privately (`ask`); several residents can be asked at once. */
  noticeQuestion: decides(['ask'], (ctx) => {
    const { run } = ctx;
    const event = ctx.event;
    // `/notice question <text>`: the question is taken as written, without asking for it again.
    const written = (ctx.text ?? '').trim();
    if (written.length > 0) {
      const limit = ctx.community.limits.textLength;
      if ([...written].length > limit) ctx.say('actor', 'core.input.too_long', { limit, length: [...written].length });
      else addQuestion(ctx, written);
      return undefined;
    }
    if (askingQuestions(ctx) && run.pending && ctx.user && event && 'ref' in event) {
      if (!run.pending.waitingFor.includes(ctx.user.id)) run.pending.waitingFor.push(ctx.user.id);
      run.pending.where[ctx.user.id] = inboundWhereKey(event.ref, ctx.user.id);
      ctx.say('actor', 'notice.ask_question');
      return undefined;
    }
    return 'ask';
  }),

  noticeQuestionAsked(ctx) {
    addQuestion(ctx, str(ctx.run.vars.question));
    delete ctx.run.vars.question;
    return undefined;
  },

  /**
   * Residents may also write their question straight into the thread. `answered`: everyone asked
   * privately has now written their question; otherwise the message is handled (`stop`).
   */
  noticeThreadMessage: decides(['answered', STOP], (ctx) => {
    const text = (ctx.text ?? '').trim();
    if (ctx.actor?.role !== 'resident' || text.length === 0) return STOP;
    if ([...text].length > ctx.community.limits.textLength) {
      ctx.say('actor', 'core.input.too_long', { limit: ctx.community.limits.textLength, length: [...text].length });
      return STOP;
    }
    addQuestion(ctx, text);
    // Someone who was asked privately and wrote in the thread instead is no longer waited for.
    const pending = ctx.run.pending;
    if (pending && ctx.user) pending.waitingFor = pending.waitingFor.filter((id) => id !== ctx.user?.id);
    return askingQuestions(ctx) && pending?.waitingFor.length === 0 ? 'answered' : STOP;
  }),

  /** `/notice answer Q1 <answer>`: posted in the thread and sent to the person who asked. */
  noticeAnswer(ctx) {
    const args = /^N-\d+$/i.test(ctx.args[0] ?? '') ? ctx.args.slice(1) : ctx.args;
    const id = (args[0] ?? '').toUpperCase();
    const answer = args.slice(1).join(' ').trim();
    const list = questionsOf(ctx);
    const question = list.find((q) => q.id === id);
    const open = list.filter((q) => q.answeredAt === null).map((q) => q.id).join(', ');
    if (!question) return void ctx.say('actor', open ? 'notice.unknown_question' : list.length > 0 ? 'notice.all_answered' : 'notice.no_questions', { question: id || '?', open });
    if (answer.length === 0) return void ctx.say('actor', 'notice.answer_empty', { question: id });
    if ([...answer].length > ctx.community.limits.textLength) return void ctx.say('actor', 'core.input.too_long', { limit: ctx.community.limits.textLength, length: [...answer].length });
    // A second answer to the same question replaces the first, and says so, to the thread and the asker.
    const changed = question.answeredAt !== null;
    if (question.answeredAt === null) {
      ctx.record('notice.question_answered', { notice: str(ctx.run.vars.ref), question: id, hours: hoursBetween(question.at, ctx.now) }, { actors: [ctx.user?.id ?? ''] });
      question.answeredAt = ctx.now;
      saveQuestions(ctx, list);
    }
    ctx.say('shared', changed ? 'notice.answer_changed' : 'notice.answer_posted', { question: id, answer });
    ctx.say({ userId: question.by }, changed ? 'notice.answer_changed_to_you' : 'notice.answer_to_you', { question: question.text, answer });
    return undefined;
  },
};
