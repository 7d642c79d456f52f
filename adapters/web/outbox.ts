import type { Outbox } from '../../src/core/bot';
import { buttonLabel, type Action, type ActionResult, type Choice } from '../../src/core/actions';
import type { ConversationRef } from '../../src/core/events';
import type { WebForm, WebHistory, WebMessage } from './history';
import type { LiveHub } from './live';
import { WEB_PLATFORM } from './people';
import type { WebPlaces } from './places';
import type { WebSession, WebSessions } from './sessions';

export interface WebOutboxDeps {
  history: WebHistory;
  places: WebPlaces;
  hub: LiveHub;
  store: WebSessions;
}

/** Whether a session may see a message. */
/** The buttons as the browser shows them: numbered options carry their number in the label. */
function shown(choices: Choice[]): Choice[] {
  return choices.map((c, i) => ({ value: c.value, label: buttonLabel(c, i), ...(c.style ? { style: c.style } : {}) }));
}

export function canSeeMessage(session: WebSession, message: WebMessage, places: WebPlaces): boolean {
  if (message.onlyFor && message.onlyFor !== session.userId) return false;
  if (message.place === 'dm') return message.owner === session.userId;
  return places.canSee(session, message.place);
}

/** Turns the core's actions into messages, forms and places on the web chat, sent live to the pages. */
export function createWebOutbox({ history, places, hub, store }: WebOutboxDeps): Outbox & { post(message: Omit<WebMessage, 'id' | 'at'>): WebMessage } {
  const post = (draft: Omit<WebMessage, 'id' | 'at'>, keptAs?: string) => {
    const message = history.add(draft, keptAs);
    hub.publish({ type: 'message', message }, (s) => canSeeMessage(s, message, places));
    return message;
  };
  const where = (ref: ConversationRef) => {
    if (!ref.direct && !ref.thread) places.addChannel(ref.channel);
    return ref.direct ? { place: 'dm', owner: ref.channel.replace(/^@/, '') } : { place: places.placeOf(ref) };
  };
  const placesChanged = () => hub.publish({ type: 'places' }, () => true);
  return {
    post,
    async perform(action: Action): Promise<ActionResult> {
      switch (action.kind) {
        case 'send': {
          const to = action.to;
          // Sent again by a process that could not tell whether it went out: shown once.
          const already = action.resent && action.keptAs ? history.shownAs(action.keptAs) : undefined;
          if (already) return { kind: 'sent', messageRef: already.id };
          const at = to.kind === 'direct' ? { place: 'dm', owner: to.userId } : where(to.ref);
          const message = post({
            ...at,
            ...(to.kind === 'private' ? { onlyFor: to.userId } : {}),
            author: { kind: 'bot' },
            text: action.text,
            ...(action.choices?.length ? { choices: shown(action.choices) } : {}),
            ...(action.attachment ? { attachment: { id: '', name: action.attachment.name, contentType: action.attachment.contentType } } : {}),
          }, action.keptAs);
          if (action.attachment && message.attachment) {
            message.attachment.id = message.id;
            history.attach(message.id, action.attachment.data);
          }
          return { kind: 'sent', messageRef: message.id };
        }
        case 'edit': {
          const message = history.edit(action.messageRef, action.text, action.choices && shown(action.choices));
          if (message) hub.publish({ type: 'edit', message }, (s) => canSeeMessage(s, message, places));
          return { kind: 'done' };
        }
        case 'form': {
          const form: WebForm = { formId: action.formId, place: where(action.ref).place, title: action.title, fields: action.fields };
          store.forms.add(action.userId, form);
          hub.publish({ type: 'form', form }, (s) => s.userId === action.userId);
          return { kind: 'done' };
        }
        case 'open-space': {
          const id = `t${store.threads.all().length + 1}`;
          const thread = { id, name: action.name, channel: action.parent.channel, private: action.private, members: [...action.members] };
          store.threads.add(thread);
          places.addThread(thread);
          placesChanged();
          return { kind: 'space', ref: { platform: WEB_PLATFORM, space: action.parent.space, channel: action.parent.channel, thread: id, direct: false } };
        }
        case 'add-member': {
          const thread = action.ref.thread ? places.thread(action.ref.thread) : undefined;
          if (thread && !thread.members.includes(action.userId)) {
            thread.members.push(action.userId);
            store.threads.add(thread);
            placesChanged();
          }
          return { kind: 'done' };
        }
      }
    },
  };
}
