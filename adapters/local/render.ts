import type { Action, Choice } from '../../src/core/actions';
import type { ConversationRef } from '../../src/core/events';
import { terminalLine, terminalText } from '../../src/core/terminal-text';

/** Names threads and channels for display: `#general`, `#general › Mediation`. */
export interface PlaceNames {
  label(ref: ConversationRef): string;
}

function choicesLine(choices: Choice[] | undefined): string[] {
  if (!choices || choices.length === 0) return [];
  return [`    ${choices.map((c, i) => `[${i + 1}] ${terminalLine(c.label)}`).join('  ')}`];
}

/**
 * The text of a message, made inert for the terminal (it may quote what people typed), with every
 * line after the first indented: no line of it can pass for a line of its own, such as a `bot:` line.
 */
function indent(text: string): string {
  return terminalText(text).split('\n').join('\n    ');
}

/** How the local chat shows one action, clearly labelled: shared, private, direct or edited. */
export function renderAction(action: Action, places: PlaceNames, userName: (userId: string) => string): string[] {
  const names = (userId: string) => terminalLine(userName(userId));
  switch (action.kind) {
    case 'send': {
      const to = action.to;
      const head =
        to.kind === 'conversation'
          ? to.ref.direct
            ? `[DM to ${terminalLine(to.ref.channel.replace(/^@/, ''))}] bot:`
            : `[${places.label(to.ref)}] bot:`
          : to.kind === 'private'
            ? `[${places.label(to.ref)}] bot (only ${names(to.userId)} can see this):`
            : `[DM to ${names(to.userId)}] bot:`;
      const lines = [`${head} ${indent(action.text)}`, ...choicesLine(action.choices)];
      if (action.attachment) lines.push(`    (attached: ${terminalLine(action.attachment.name)})`);
      return lines;
    }
    case 'edit': {
      // An edit naming its reader replaces a private reply (a slow command's note): labelled as such.
      const only = action.userId !== undefined && !action.ref.direct ? `, only ${names(action.userId)} can see this` : '';
      // In a direct message, labelled as the message it replaces was: "[DM to maria]".
      const where = action.ref.direct ? `DM to ${terminalLine(action.ref.channel.replace(/^@/, ''))}` : places.label(action.ref);
      return [`[${where}] bot (updated${only}): ${indent(action.text)}`, ...choicesLine(action.choices)];
    }
    case 'form':
      return [];
    case 'open-space':
      return [`[${places.label(action.parent)}] bot opened ${action.private ? 'a private thread' : 'a thread'} "${terminalLine(action.name)}" for ${action.members.map(names).join(', ')}`];
    case 'add-member':
      return [`[${places.label(action.ref)}] bot added ${names(action.userId)}`];
  }
}
