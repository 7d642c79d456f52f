import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/load';
import { loadCatalogue } from '../../src/core/catalogue';
import { allFunctions, features } from '../../src/features';
import { buildsMessages, decides, type FlowFunctions } from '../../src/flows/functions';
import { loadFlow } from '../../src/flows/loader';
import { PROMPTS_DIR } from '../../src/paths';
import { demoFeature, DEMO_PROMPTS } from '../support/demo-feature';

const catalogue = loadCatalogue([join(PROMPTS_DIR, 'messages'), join(DEMO_PROMPTS, 'messages')]);
/** Functions of a script author's own, declared as the real features declare theirs. */
const own: FlowFunctions = {
  pickPath: decides(['left', 'right'], () => 'left'),
  hostOrGuest: decides(['host', 'visitor'], () => 'host'),
  plainWork: () => undefined,
  ...buildsMessages(['demo.not_written'], { speaksUnwritten: () => undefined }),
};
const functions = { ...allFunctions([...features, demoFeature]), ...own };
const dir = mkdtempSync(join(tmpdir(), 'cg-script-checks-'));

const good = `id: checked
version: 1
mechanism: service
title: demo.title
roles: [host]
start: hello
commands:
  next: { roles: [host], fn: pickPath, cases: { left: left, right: right } }
stages:
  - { id: welcome, name: demo.hello }
steps:
  hello: { kind: say, to: actor, message: demo.hello, stage: welcome, next: choose }
  choose: { kind: branch, fn: pickPath, cases: { left: left, right: right } }
  left: { kind: call, fn: plainWork, next: bye }
  right: { kind: wait, on: { finish: { roles: [host], goto: bye } } }
  bye: { kind: end, message: demo.bye }
`;

function problemsOf(yaml: string): string[] {
  const file = join(dir, 'checked.yaml');
  writeFileSync(file, yaml);
  try {
    loadFlow(file, functions, catalogue);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).file).toBe(file);
    expect((error as ConfigError).message).toContain(file);
    return (error as ConfigError).problems;
  }
  return [];
}

describe('a script is checked against the cases its functions may return', () => {
  it('accepts a script that maps every case', () => {
    expect(problemsOf(good)).toEqual([]);
  });

  it('a case a function may return that the script does not map', () => {
    expect(problemsOf(good.replace('cases: { left: left, right: right } }\n  left', 'cases: { left: left } }\n  left'))).toEqual([
      'steps.choose.cases: "pickPath" may return the case "right"; say which step it leads to (cases: { right: <step> })',
    ]);
  });

  it('a case a command function may return that the script does not map', () => {
    expect(problemsOf(good.replace('next: { roles: [host], fn: pickPath, cases: { left: left, right: right } }', 'next: { roles: [host], fn: pickPath, cases: { left: left } }'))).toEqual([
      'commands.next.cases: "pickPath" may return the case "right"; say which step it leads to (cases: { right: <step> })',
    ]);
  });

  it('a default covers the cases a branch does not name', () => {
    expect(problemsOf(good.replace('cases: { left: left, right: right } }\n  left', 'cases: { left: left }, default: right }\n  left'))).toEqual([]);
  });

  it('a case the function never returns (a typo)', () => {
    expect(problemsOf(good.replace('cases: { left: left, right: right } }\n  left', 'cases: { left: left, right: right, rihgt: right } }\n  left'))).toEqual([
      'steps.choose.cases.rihgt: "pickPath" never returns "rihgt" (its cases: left, right)',
    ]);
  });

  it('cases without a function to return them', () => {
    expect(problemsOf(good.replace('finish: { roles: [host], goto: bye }', 'finish: { roles: [host], goto: bye, cases: { done: bye } }'))).toEqual([
      'steps.right.on.finish.cases: cases need a function (fn) that returns them',
    ]);
  });

  it('a function that returns cases where nothing follows them', () => {
    expect(problemsOf(good.replace('bye: { kind: end, message: demo.bye }', 'bye: { kind: end, message: demo.bye, fn: pickPath }'))).toEqual([
      'steps.bye.fn: "pickPath" returns cases (left, right), but nothing here says where they lead',
    ]);
  });

  it('a role function that may give a role the script does not have', () => {
    expect(problemsOf(good.replace('start: hello', 'start: hello\nroleFn: hostOrGuest'))).toEqual([
      'roleFn: "hostOrGuest" may give the role "visitor", which is not one of this flow\'s roles (host)',
    ]);
  });

  it('a message a function builds at run time that a catalogue lacks', () => {
    expect(problemsOf(good.replace('fn: plainWork', 'fn: speaksUnwritten'))).toEqual([
      'steps.left.fn: "speaksUnwritten" builds the message "demo.not_written", which is missing in en',
      'steps.left.fn: "speaksUnwritten" builds the message "demo.not_written", which is missing in zh-CN',
    ]);
  });

  it('a step that nothing in the script leads to (reachable only from code, or not at all)', () => {
    expect(problemsOf(`${good}  orphan: { kind: say, message: demo.hello, next: bye }\n`)).toEqual([
      'steps.orphan: nothing leads to this step (no next, case, command or timer names it)',
    ]);
  });

  it('a step reached only through a command case is reachable', () => {
    const yaml = good.replace('cases: { left: left, right: right } }\n  left', 'cases: { left: left, right: left } }\n  left');
    expect(problemsOf(yaml)).toEqual([]);
  });
});

describe('a loop of steps must wait for people somewhere, or every conversation reaching it would fail', () => {
  it('names the steps of a loop that never waits (a branch case and next edges)', () => {
    expect(problemsOf(good.replace('left: { kind: call, fn: plainWork, next: bye }', 'left: { kind: call, fn: plainWork, next: hello }'))).toEqual([
      'steps.hello: the steps hello → choose → left → hello go round without waiting for anyone, so a conversation reaching them would never stop; let one of them wait for people (ask, form, wait, turns, collect or open_space) or lead out of the loop',
    ]);
  });

  it('a step that leads back to itself through its own case', () => {
    expect(problemsOf(good.replace('left: { kind: call, fn: plainWork, next: bye }', 'left: { kind: branch, fn: pickPath, cases: { left: left, right: bye } }'))).toEqual([
      'steps.left: the steps left → left go round without waiting for anyone, so a conversation reaching them would never stop; let one of them wait for people (ask, form, wait, turns, collect or open_space) or lead out of the loop',
    ]);
  });

  it('accepts a loop that waits for someone on the way round', () => {
    expect(problemsOf(good.replace('right: { kind: wait, on: { finish: { roles: [host], goto: bye } } }', 'right: { kind: wait, on: { finish: { roles: [host], goto: hello } } }'))).toEqual([]);
  });
});

describe('stages are declared in the script', () => {
  it('a step that marks a stage the script does not declare', () => {
    expect(problemsOf(good.replace('stage: welcome', 'stage: greeting'))).toEqual([
      'stages[0]: no step begins the stage "welcome" (mark one with stage: welcome)',
      'steps.hello.stage: there is no stage "greeting" (the stages: welcome)',
    ]);
  });

  it('a stage whose name is missing from a catalogue', () => {
    expect(problemsOf(good.replace('name: demo.hello }', 'name: demo.stage_unwritten }'))).toEqual([
      'stages[0].name: message "demo.stage_unwritten" is missing in en',
      'stages[0].name: message "demo.stage_unwritten" is missing in zh-CN',
    ]);
  });

  it('a stage declared twice', () => {
    expect(problemsOf(good.replace('  - { id: welcome, name: demo.hello }', '  - { id: welcome, name: demo.hello }\n  - { id: welcome, name: demo.bye }'))).toEqual([
      'stages[1].id: the stage "welcome" is declared twice',
    ]);
  });
});

describe('questions at each person\'s own pace', () => {
  it('must go privately to a role', () => {
    const yaml = good.replace('hello: { kind: say, to: actor, message: demo.hello, stage: welcome, next: choose }', 'hello: { kind: ask, to: actor, input: text, pace: own, save: x, message: demo.hello, stage: welcome, next: choose }');
    expect(problemsOf(yaml)).toEqual(["steps.hello.pace: questions at each person's own pace go privately to a role (to: { role: <role>, private: true })"]);
  });
});

describe('words a direct message may be, to stand for a command', () => {
  const routed = (route: string) => good.replace('start: hello\n', `start: hello\nroute:\n  command: checked\n${route}`);

  it('are message keys written in both languages, and stand for a directReply', () => {
    expect(problemsOf(routed('  directReply: next\n  directWords: [demo.hello]\n'))).toEqual([]);
    expect(problemsOf(routed('  directWords: [demo.hello, demo.word_unwritten]\n'))).toEqual([
      'route.directWords[1]: message "demo.word_unwritten" is missing in en',
      'route.directWords[1]: message "demo.word_unwritten" is missing in zh-CN',
      'route.directWords: the words stand for route.directReply, so it needs one',
    ]);
  });
});
