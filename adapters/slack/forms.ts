import { randomBytes } from 'node:crypto';
import type { types } from '@slack/bolt';
import type { Action } from '../../src/core/actions';
import { encodeFormOrigin } from './inbound';

export type FormAction = Extract<Action, { kind: 'form' }>;

export const FORM_CALLBACK = 'cg_form';
/** The button offered when a form could not open at once; a click brings a fresh trigger. */
export const OPEN_FORM_ACTION = 'cg_open_form';
const TITLE_LIMIT = 24;
/** Slack accepts a trigger for 3 seconds; keep a margin for the round trip. */
const TRIGGER_FRESH_MS = 2_500;
const MAX_PENDING = 500;
const PENDING_TTL_MS = 60 * 60_000;

function clip(text: string, limit: number): string {
  const chars = [...text];
  return chars.length <= limit ? text : `${chars.slice(0, limit - 1).join('')}…`;
}

/** The modal for a core form: one input block per field, block id = field id. */
export function modalView(form: FormAction, labels: { submit: string; cancel: string }): types.ModalView {
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK,
    private_metadata: encodeFormOrigin({ formId: form.formId, ref: form.ref }),
    title: { type: 'plain_text', text: clip(form.title, TITLE_LIMIT) },
    submit: { type: 'plain_text', text: clip(labels.submit, TITLE_LIMIT) },
    close: { type: 'plain_text', text: clip(labels.cancel, TITLE_LIMIT) },
    blocks: form.fields.map((field) => ({
      type: 'input',
      block_id: field.id,
      optional: !field.required,
      label: { type: 'plain_text', text: clip(field.label, 2000) },
      element: {
        type: 'plain_text_input',
        action_id: 'value',
        multiline: field.kind === 'long',
        ...(field.maxLength ? { max_length: Math.min(field.maxLength, 3000) } : {}),
        ...(field.placeholder ? { placeholder: { type: 'plain_text', text: clip(field.placeholder, 150) } } : {}),
      },
    })),
  };
}

/** Trigger ids (for `views.open`) by the event they came with: a form opens on the trigger of the event it answers. */
export interface Triggers {
  remember(eventId: string, triggerId: string): void;
  /** A trigger still young enough to open a modal, used at most once. */
  take(eventId: string): string | undefined;
}

export function createTriggers(now: () => number = Date.now): Triggers {
  const latest = new Map<string, { id: string; at: number }>();
  return {
    remember(eventId, triggerId) {
      latest.set(eventId, { id: triggerId, at: now() });
      // Triggers live 3 seconds: the oldest go first once many are kept.
      if (latest.size > 1000) latest.delete(latest.keys().next().value ?? eventId);
    },
    take(eventId) {
      const trigger = latest.get(eventId);
      latest.delete(eventId);
      return trigger && now() - trigger.at < TRIGGER_FRESH_MS ? trigger.id : undefined;
    },
  };
}

/** Forms waiting for their person to click "open the form" (kept in memory, for an hour). */
export interface PendingForms {
  add(form: FormAction): string;
  get(key: string): FormAction | undefined;
}

export function createPendingForms(now: () => number = Date.now): PendingForms {
  const forms = new Map<string, { form: FormAction; at: number }>();
  return {
    add(form) {
      for (const [key, entry] of forms) if (forms.size >= MAX_PENDING || now() - entry.at > PENDING_TTL_MS) forms.delete(key);
      const key = randomBytes(9).toString('base64url');
      forms.set(key, { form, at: now() });
      return key;
    },
    get(key) {
      const entry = forms.get(key);
      return entry && now() - entry.at <= PENDING_TTL_MS ? entry.form : undefined;
    },
  };
}
