import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  escapeMarkdown,
  LabelBuilder,
  ModalBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { buttonLabel, type Choice, type FormField } from '../../src/core/actions';

/** Discord's limits. */
export const MESSAGE_LIMIT = 2_000;
const BUTTONS_PER_ROW = 5;
const ROWS = 5;
const MENU_OPTIONS = 25;
export const SELECT_PREFIX = 'cg-select:';
export const FORM_BUTTON_PREFIX = 'cg-form:';

/**
 * The core's text is plain (it never formats), yet may hold what a resident typed: shown as written
 * on Discord, where `*`, `_`, `~`, `|`, backticks, `#`, `>`, `-#` and `[text](link)` would format it
 * (a stray code fence or quote would swallow the rest of the message; a masked link would hide where
 * it leads). Links stay clickable. Mentions need no escaping: no message pings anyone.
 */
export function plainText(text: string): string {
  return escapeMarkdown(text, { heading: true, maskedLink: true }).replace(/^( *)(>|-#)/gm, '$1\\$2');
}

export const clip = (text: string, max: number) => ([...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text);

const styles = { primary: ButtonStyle.Primary, secondary: ButtonStyle.Secondary, danger: ButtonStyle.Danger } as const;

export type ComponentRow = ActionRowBuilder<ButtonBuilder> | ActionRowBuilder<StringSelectMenuBuilder>;

/** Up to 25 choices as buttons (5 rows of 5); more as select menus of 25 options each. */
export function choiceComponents(choices: Choice[] | undefined): ComponentRow[] {
  if (!choices || choices.length === 0) return [];
  if (choices.length <= BUTTONS_PER_ROW * ROWS) {
    const rows: ActionRowBuilder<ButtonBuilder>[] = [];
    for (let i = 0; i < choices.length; i += BUTTONS_PER_ROW) {
      rows.push(
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          choices.slice(i, i + BUTTONS_PER_ROW).map((c, j) =>
            new ButtonBuilder()
              .setCustomId(c.value)
              .setLabel(clip(buttonLabel(c, i + j), 80))
              .setStyle(styles[c.style ?? 'secondary']),
          ),
        ),
      );
    }
    return rows;
  }
  const menus: ActionRowBuilder<StringSelectMenuBuilder>[] = [];
  for (let i = 0; i < choices.length && menus.length < ROWS; i += MENU_OPTIONS) {
    const part = choices.slice(i, i + MENU_OPTIONS);
    menus.push(
      new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
        new StringSelectMenuBuilder()
          .setCustomId(`${SELECT_PREFIX}${menus.length}`)
          .setPlaceholder(clip(`${part[0] ? buttonLabel(part[0], i) : ''} … ${part.length ? buttonLabel(part[part.length - 1] as Choice, i + part.length - 1) : ''}`, 150))
          .addOptions(part.map((c, j) => ({ label: clip(buttonLabel(c, i + j), 100), value: c.value }))),
      ),
    );
  }
  return menus;
}

/** A modal: one labelled text input a field (Discord allows 1 to 5). */
export function formModal(formId: string, title: string, fields: FormField[]): ModalBuilder {
  return new ModalBuilder()
    .setCustomId(formId)
    .setTitle(clip(title, 45))
    .addLabelComponents(
      fields.slice(0, 5).map((field) => {
        const input = new TextInputBuilder()
          .setCustomId(field.id)
          .setStyle(field.kind === 'long' ? TextInputStyle.Paragraph : TextInputStyle.Short)
          .setRequired(field.required)
          .setMaxLength(Math.min(field.maxLength ?? 4_000, 4_000));
        if (field.placeholder) input.setPlaceholder(clip(field.placeholder, 100));
        return new LabelBuilder().setLabel(clip(field.label, 45)).setTextInputComponent(input);
      }),
    );
}

/** A button that opens a form later, when a modal can no longer answer the interaction itself. */
export function formButton(key: string, title: string): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(`${FORM_BUTTON_PREFIX}${key}`).setLabel(clip(title, 80)).setStyle(ButtonStyle.Primary),
  );
}
