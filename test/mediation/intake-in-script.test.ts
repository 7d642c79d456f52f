import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROMPTS_DIR } from '../../src/paths';
import { createHarness, type ChatHarness } from '../support/harness';
import { OPEN } from './mediation-support';

/** A social worker adds a fourth intake question and renames a stage step, in the script alone. */
function adaptedScript(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cg-intake-'));
  let script = readFileSync(join(PROMPTS_DIR, 'flows', 'mediation.yaml'), 'utf8');
  const replace = (from: string, to: string) => {
    expect(script).toContain(from);
    script = script.replace(from, to);
  };
  replace(
    '    save: intakeMatters\n    next: intake_outcome',
    '    save: intakeMatters\n    next: intake_worries\n' +
      '  intake_worries:\n    kind: ask\n    to: { role: party, private: true }\n    message: mediation.intake.worries\n    label: mediation.intake.worries_label\n    input: text\n    pace: own\n    save: intakeWorries\n    next: intake_outcome',
  );
  script = script.replaceAll('reach_intake', 'private_questions');
  mkdirSync(join(dir, 'flows'));
  writeFileSync(join(dir, 'flows', 'mediation.yaml'), script);
  for (const [locale, question, label] of [
    ['en', 'Thank you. Is there anything that worries you about meeting? Only the mediator will see your answer.', 'Worries about meeting'],
    ['zh-CN', '谢谢。对于见面，您有什么担心的吗？您的回答只有调解员能看到。', '对见面的担心'],
  ] as const) {
    mkdirSync(join(dir, 'messages', locale), { recursive: true });
    writeFileSync(join(dir, 'messages', locale, 'intake.yaml'), `mediation:\n  intake:\n    worries: "${question}"\n    worries_label: "${label}"\n`);
  }
  return dir;
}

let h: ChatHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('an intake question added in the mediation script', () => {
  it('is asked of each party at their own pace, and its answers reach only the mediator', async () => {
    h = await createHarness({ extraPromptsDir: adaptedScript() });
    await h.type('/as li social_worker', '/in general', OPEN('Shared courtyard evenings'));
    await h.type('/as maria', '/dm', 'yes', '/as chen', '/dm', 'yes');
    const maria = (await h.type('/as maria', '/dm', 'The music at night.', 'Sleep before work.')).join('\n');
    expect(maria).toContain('[DM to maria] bot: Thank you. Is there anything that worries you about meeting? Only the mediator will see your answer.');
    // Chen has not answered yet, and is still at the first question.
    expect(maria).not.toContain('[DM to chen]');
    const rest = (await h.type('I worry it gets loud.', 'Quiet after ten.', '/as chen', '/dm', 'Parties are rare.', 'Having friends over.', 'That I am blamed.', 'Weekend evenings are fine.')).join('\n');
    expect(rest).toContain('[DM to li] bot: (Only you can see this) The private answers for mediation M-1:');
    expect(rest).toContain('    - What happened: The music at night.\n    - What matters most: Sleep before work.\n    - A good outcome: Quiet after ten.\n    - Worries about meeting: I worry it gets loud.');
    expect(rest).toContain('    - Worries about meeting: That I am blamed.');
    // Each printed message starts on an unindented line; only maria's own line and the mediator's DM hold her answer.
    const messages = rest.split(/\n(?=\S)/u);
    expect(messages.filter((m) => m.includes('I worry it gets loud.')).map((m) => m.split(' ')[0])).toEqual(['maria@dm>', '[DM']);
    expect(messages.find((m) => m.includes('- Worries about meeting: I worry it gets loud.'))?.startsWith('[DM to li] bot:')).toBe(true);
    // The renamed step still records the stage under its own id.
    const stages = (await h.app.outcomes.query({ types: ['mediation.stage_reached'] })).map((o) => o.data.stage);
    expect(stages).toEqual(['consent', 'intake', 'ground_rules']);
  }, 60_000);
});
