import type { types } from '@slack/bolt';
import { buttonLabel, type Choice } from '../../src/core/actions';
import { splitText } from '../../src/core/text';

/** Slack's limits: section text at most 3000 characters, 50 blocks a message, 25 buttons a block. */
export const SECTION_LIMIT = 3000;
export const BLOCK_LIMIT = 50;
export const BUTTONS_PER_BLOCK = 25;
export const OPTIONS_PER_SELECT = 100;
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

/**
 * One or more Slack messages for a text and its choices: the text split into sections under
 * Slack's limit, at most 50 blocks a message, the choices on the last message.
 */
export function renderMessages(text: string, choices: Choice[] = [], placeholder = '…'): SlackMessage[] {
  const sections = splitText(text.trim() === '' ? '…' : text, SECTION_LIMIT).map(section);
  const actions = choiceBlocks(choices, placeholder);
  const messages: SlackMessage[] = [];
  let rest = sections;
  while (rest.length > 0) {
    const fitsAll = rest.length + actions.length <= BLOCK_LIMIT;
    const room = fitsAll ? rest.length : Math.max(1, Math.min(BLOCK_LIMIT, rest.length - 1));
    const part = rest.slice(0, room);
    rest = rest.slice(room);
    const blocks: types.KnownBlock[] = rest.length === 0 ? [...part, ...actions] : part;
    messages.push({ text: fallbackText(part), blocks });
  }
  return messages;
}

function fallbackText(sections: types.SectionBlock[]): string {
  return escapeText(clip(sections.map((s) => s.text?.text ?? '').join('\n'), FALLBACK_TEXT_LIMIT));
}

/** One message (for an edit): what does not fit is cut short. */
export function renderSingle(text: string, choices: Choice[] = [], placeholder = '…'): SlackMessage {
  const actions = choiceBlocks(choices, placeholder);
  const sections = splitText(text.trim() === '' ? '…' : text, SECTION_LIMIT).map(section).slice(0, BLOCK_LIMIT - actions.length);
  return { text: fallbackText(sections), blocks: [...sections, ...actions] };
}
