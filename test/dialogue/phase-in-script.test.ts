import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROMPTS_DIR } from '../../src/paths';
import { createHarness, type ChatHarness } from '../support/harness';

/**
 * A social worker adds a phase to the dialogue script, and renames a step, without touching
 * TypeScript: the new phase is on the agenda, can be given time, is announced and recorded; the
 * renamed step still records the phase under its own id.
 */
function adaptedScript(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cg-phase-'));
  let script = readFileSync(join(PROMPTS_DIR, 'flows', 'dialogue.yaml'), 'utf8');
  const replace = (from: string, to: string) => {
    expect(script).toContain(from);
    script = script.replace(from, to);
  };
  replace(
    '  - { id: statements,',
    '  - { id: reflection, name: dialogue.phase_name.reflection, intro: dialogue.phase.reflection, discussion: true }\n  - { id: statements,',
  );
  // The perspectives step is renamed; its outcomes keep the phase id.
  script = script.replaceAll('to_perspectives', 'begin_perspectives');
  replace(
    '      next: { roles: [facilitator], goto: to_statements }\n      back: { roles: [facilitator], goto: to_opening }',
    '      next: { roles: [facilitator], goto: to_reflection }\n      back: { roles: [facilitator], goto: to_opening }\n\n' +
      '  to_reflection: { kind: call, fn: enterPhase, stage: reflection, next: reflection }\n' +
      '  reflection:\n    kind: wait\n    on:\n      next: { roles: [facilitator], goto: to_statements }\n      back: { roles: [facilitator], goto: begin_perspectives }',
  );
  mkdirSync(join(dir, 'flows'));
  writeFileSync(join(dir, 'flows', 'dialogue.yaml'), script);
  for (const [locale, name, intro] of [
    ['en', 'Quiet reflection', 'Now: a moment of quiet reflection. You are welcome to share what stayed with you.{time}'],
    ['zh-CN', '安静思考', '现在请大家安静想一想，也欢迎说说哪些话让您印象深刻。{time}'],
  ] as const) {
    mkdirSync(join(dir, 'messages', locale), { recursive: true });
    writeFileSync(join(dir, 'messages', locale, 'phase.yaml'), `dialogue:\n  phase_name:\n    reflection: "${name}"\n  phase:\n    reflection: "${intro}"\n`);
  }
  return dir;
}

let h: ChatHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('a dialogue phase added in the script', () => {
  it('is on the agenda with its time, is announced, and is recorded under its own id', async () => {
    h = await createHarness({ extraPromptsDir: adaptedScript() });
    const opened = (await h.type('/as li social_worker', '/in general', '/dialogue start "Courtyard lights" reflection=15m', '/in t1')).join('\n');
    expect(opened).toContain('2. Perspectives\n');
    expect(opened).toContain('3. Quiet reflection (about 15 minutes)');
    expect(opened).toContain('4. Statements and voting');
    expect(opened).toContain('7. Close');
    await h.type('/as ann', '/in t1', '/dialogue join');
    await h.type('/as li', '/dialogue next');
    const reflection = (await h.type('/dialogue next')).join('\n');
    expect(reflection).toContain('Now: a moment of quiet reflection. You are welcome to share what stayed with you.');
    const back = (await h.type('/dialogue back')).join('\n');
    expect(back).toContain('Now: perspectives.');
    await h.type('/dialogue next');
    const statements = (await h.type('/dialogue next')).join('\n');
    expect(statements).toContain('Now: statements and voting.');
    const phases = (await h.app.outcomes.query({ types: ['dialogue.phase_changed'] })).map((o) => [o.data.phase, o.data.planned_minutes]);
    expect(phases).toEqual([
      ['opening', null],
      ['perspectives', null],
      ['reflection', 15],
      ['perspectives', null],
      ['reflection', 15],
      ['statements', null],
    ]);
  }, 60_000);
});
