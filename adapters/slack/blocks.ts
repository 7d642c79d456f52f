import type { types } from '@slack/bolt';
import { buttonLabel, type Choice } from '../../src/core/actions';
import { splitText } from '../../src/core/text';

/** Slack's limits: section text at most 3000 characters, 50 blocks a message, 25 buttons a block. */
export const SECTION_LIMIT = 3000;
export const BLOCK_LIMIT = 50;
export const BUTTONS_PER_BLOCK = 25;
export const OPTIONS_PER_SELECT = 100;
/** Slack refuses a message whose blocks hold more text than about this, all blocks together (`msg_blocks_too_long`). */
export const MESSAGE_TEXT_LIMIT = 12_000;
const LABEL_LIMIT = 75;
const FALLBACK_TEXT_LIMIT = 3000;

export const CHOICE_ACTION = 'cg_choice';
export const SELECT_ACTION = 'cg_select';

export interface SlackMessage {
  /** The notification text: escaped, so it can never ping `@channel` or a person. */
  text: string;
  blocks: types.KnownBlock[];
}

/** Escapes the three characters Slack treats as control sequences (`<!channel>`, `<@U1>`, links). */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function clip(text: string, limit: number): string {
  const chars = [...text];
  return chars.length <= limit ? text : `${chars.slice(0, limit - 1).join('')}…`;
}

/** Body text goes in plain_text sections: no mentions, links or formatting can be injected. */
function section(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'plain_text', text, emoji: true } };
}

function choiceBlocks(choices: Choice[], placeholder: string): types.KnownBlock[] {
  if (choices.length === 0) return [];
  if (choices.length <= BUTTONS_PER_BLOCK) {
    return [
      {
        type: 'actions',
        block_id: 'cg_choices',
        elements: choices.map((c, i) => ({
          type: 'button',
          action_id: `${CHOICE_ACTION}_${i}`,
          text: { type: 'plain_text', text: clip(buttonLabel(c, i), LABEL_LIMIT), emoji: true },
          value: c.value,
          ...(c.style === 'primary' || c.style === 'danger' ? { style: c.style } : {}),
        })),
      },
    ];
  }
  const blocks: types.KnownBlock[] = [];
  for (let from = 0; from < choices.length; from += OPTIONS_PER_SELECT) {
    const page = choices.slice(from, from + OPTIONS_PER_SELECT);
    blocks.push({
      type: 'actions',
      block_id: `cg_select_${from}`,
      elements: [
        {
          type: 'static_select',
          action_id: `${SELECT_ACTION}_${from}`,
          placeholder: { type: 'plain_text', text: clip(placeholder, LABEL_LIMIT) },
          options: page.map((c, j) => ({ text: { type: 'plain_text', text: clip(buttonLabel(c, from + j), LABEL_LIMIT) }, value: c.value })),
        },
      ],
    });
  }
  return blocks;
}

/** Every text a block shows (section text, button labels, menu options and placeholders), in characters. */
function textLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + textLength(item), 0);
  if (typeof value !== 'object' || value === null) return 0;
  let sum = 0;
  for (const [key, inner] of Object.entries(value)) sum += key === 'text' && typeof inner === 'string' ? inner.length : textLength(inner);
  return sum;
}

/**
 * One or more Slack messages for a text and its choices: the text split into sections under
 * Slack's limit, at most 50 blocks and 12,000 characters of text a message (Slack refuses a
 * message whose blocks hold more, `msg_blocks_too_long`), the choices on the last message.
 */
export function renderMessages(text: string, choices: Choice[] = [], placeholder = '…'): SlackMessage[] {
  const sections = splitText(text.trim() === '' ? '…' : text, SECTION_LIMIT).map(section);
  const actions = choiceBlocks(choices, placeholder);
  const groups: types.SectionBlock[][] = [];
  let group: types.SectionBlock[] = [];
  let used = 0;
  for (const block of sections) {
    const size = textLength(block);
    if (group.length > 0 && (used + size > MESSAGE_TEXT_LIMIT || group.length + 1 > BLOCK_LIMIT)) {
      groups.push(group);
      group = [];
      used = 0;
    }
    group.push(block);
    used += size;
  }
  groups.push(group);
  // The last message carries the choices too: its first sections move to a message of their own until they fit.
  const last = groups.pop() ?? [];
  const actionsSize = textLength(actions);
  const fits = (part: types.SectionBlock[]) => textLength(part) + actionsSize <= MESSAGE_TEXT_LIMIT && part.length + actions.length <= BLOCK_LIMIT;
  const moved: types.SectionBlock[] = [];
  while (last.length > 1 && !fits(last)) moved.push(last.shift() as types.SectionBlock);
  if (moved.length > 0) groups.push(moved);
  groups.push(last);
  return groups.map((part, index) => ({ text: fallbackText(part), blocks: index === groups.length - 1 ? [...part, ...actions] : part }));
}

function fallbackText(sections: types.SectionBlock[]): string {
  return escapeText(clip(sections.map((s) => s.text?.text ?? '').join('\n'), FALLBACK_TEXT_LIMIT));
}

/** One message (the root of a thread): what does not fit in it is cut short. */
export function renderSingle(text: string): SlackMessage {
  return renderMessages(text)[0] as SlackMessage;
}
