import { decides, type FlowContext } from '../flows/functions';
import { readDialogue, withDialogue } from './state';
import { offerCardsToAll } from './voting';

/** The flow's `roleFn`: someone new is a guest until they choose to take part. */
export const dialogueRole = decides(['guest'], () => 'guest');

/** `/dialogue join` or the Take part button. */
export function joinDialogue(ctx: FlowContext): void {
  const actor = ctx.actor;
  if (!actor) return;
  const dialogue = readDialogue(ctx.run);
  if (dialogue.closed) {
    ctx.say('actor', 'dialogue.already_closed');
    return;
  }
  if (actor.role === 'facilitator') {
    ctx.say('actor', 'dialogue.join.facilitator');
    return;
  }
  if (actor.role === 'participant') {
    ctx.say('actor', 'dialogue.join.already');
    return;
  }
  actor.role = 'participant';
  withDialogue(ctx, (d) => {
    d.joined.push(actor.userId);
  });
  ctx.record('dialogue.joined', { dialogue: dialogue.ref }, { actors: [actor.userId] });
  ctx.say('shared', 'dialogue.join.welcome', { name: actor.name });
  ctx.say('actor', 'dialogue.join.thanks');
  if (dialogue.phase === 'statements') offerCardsToAll(ctx);
}

