import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/core/catalogue';
import { allFunctions, features } from '../../src/features';
import { edgesOf, mermaid, unreachableSteps } from '../../src/flows/graph';
import { loadFlows } from '../../src/flows/loader';
import { PROMPTS_DIR } from '../../src/paths';
import { runCliHere } from '../support/cli';

const flows = loadFlows(join(PROMPTS_DIR, 'flows'), allFunctions(features), loadCatalogue(join(PROMPTS_DIR, 'messages')));
const flow = (id: string) => {
  const found = flows.get(id);
  if (!found) throw new Error(`no flow ${id}`);
  return found;
};
/** The steps the script itself names as leading to `step`, with what takes each edge. */
const into = (id: string, step: string) => edgesOf(flow(id)).filter((e) => e.to === step).map((e) => `${e.from} ${e.label ?? ''}`.trim());

describe('every flow can be drawn from its script alone', () => {
  it.each([...flows.keys()])('%s: every step is reachable from start, a command, a timer or a case in the script', (id) => {
    expect(unreachableSteps(flow(id))).toEqual([]);
  });

  it('the steps that only code used to reach are named in the scripts now', () => {
    expect(into('mediation', 'no_common')).toEqual(['weighed none_accepted']);
    expect(into('mediation', 'confirm_agreement')).toEqual(['agreement_edit propose: proposed']);
    expect(into('mediation', 'follow_up_ask')).toEqual(['@timer:follow_up ask']);
    expect(into('feedback', 'resolve_note')).toEqual(['@command:resolve ask_note']);
    expect(into('feedback', 'reassign_party')).toEqual(['@command:not_ours ask_party']);
    expect(into('feedback', 'duplicate_of')).toEqual(['@command:duplicate ask_original', 'duplicate_of bad_ref']);
    expect(into('feedback', 'reopen_comment')).toEqual(['@command:reopen ask_comment']);
    expect(into('feedback', 'rating')).toEqual(['@command:confirm ask_rating']);
  });

  it('the mediation intake shows each question as a step, asked at each party\'s own pace', () => {
    const intake = ['intake_happened', 'intake_matters', 'intake_outcome'].map((id) => flow('mediation').steps[id]);
    expect(intake.map((s) => (s?.kind === 'ask' ? [s.message, s.pace] : null))).toEqual([
      ['mediation.intake.happened', 'own'],
      ['mediation.intake.matters', 'own'],
      ['mediation.intake.outcome', 'own'],
    ]);
  });

  it('stages and phases are declared in the scripts with their own ids', () => {
    expect(flow('mediation').stages.map((s) => s.id)).toEqual(['consent', 'intake', 'ground_rules', 'stories', 'reflect', 'interests', 'options', 'weighing', 'agreement', 'follow_up']);
    expect(flow('dialogue').stages.map((s) => s.id)).toEqual(['opening', 'perspectives', 'statements', 'common_ground', 'next_steps', 'close']);
  });

  it('draws Mermaid text with every step and every edge', () => {
    const text = mermaid(flow('feedback'));
    expect(text.startsWith('flowchart TD\n')).toBe(true);
    for (const id of Object.keys(flow('feedback').steps)) expect(text).toContain(`s_${id}`);
    expect(text).toContain('start --> s_begin');
    expect(text).toContain('command_resolve -- "ask_note" --> s_resolve_note');
    expect(text).toContain('s_duplicate_of -- "bad_ref" --> s_duplicate_of');
  });

  it('commonground validate --graph prints a flow as Mermaid, and explains an unknown flow', async () => {
    const drawn = await runCliHere(['validate', '--graph', 'mediation']);
    expect(drawn.code).toBe(0);
    expect(drawn.stdout.startsWith('flowchart TD\n')).toBe(true);
    expect(drawn.stdout).toContain('s_weighed -- "none_accepted" --> s_no_common');
    expect(drawn.stdout).toContain('command_end -- "ended" --> s_ended');
    const unknown = await runCliHere(['validate', '--graph', 'picnic']);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('there is no flow script "picnic" (try one of: dialogue, feedback, mediation, notice, poll)');
  }, 60_000);
});
