import type { Action } from './actions';
import { conversationKey, type InboundEvent } from './events';

/** Whether an action answers the person who sent `event`, where they sent it. */
function answers(action: Action, event: InboundEvent): boolean {
  const here = conversationKey(event.ref);
  switch (action.kind) {
    case 'send':
      if (action.to.kind === 'direct') return event.ref.direct && action.to.userId === event.user.id && action.to.platform === event.ref.platform;
      if (action.to.kind === 'private') return action.to.userId === event.user.id && conversationKey(action.to.ref) === here;
      return conversationKey(action.to.ref) === here;
    case 'edit':
      return conversationKey(action.ref) === here;
    case 'form':
      return action.userId === event.user.id && conversationKey(action.ref) === here;
    default:
      return false;
  }
}

/**
 * The action marked with the event it answers (`replyTo`), when it goes to that event's person in
 * that event's place: an adapter then answers that very interaction and never guesses.
 */
export function replyingTo(action: Action, event: InboundEvent | undefined): Action {
  if (!event || (action.kind !== 'send' && action.kind !== 'edit' && action.kind !== 'form') || !answers(action, event)) return action;
  return { ...action, replyTo: event.eventId };
}
