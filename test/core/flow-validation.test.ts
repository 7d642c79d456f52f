import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/load';
import { loadCatalogue } from '../../src/core/catalogue';
import { allFunctions, features } from '../../src/features';
import { loadFlow, loadFlows } from '../../src/flows/loader';
import { PROMPTS_DIR } from '../../src/paths';
import { demoFeature, DEMO_PROMPTS } from '../support/demo-feature';

const catalogue = loadCatalogue([join(PROMPTS_DIR, 'messages'), join(DEMO_PROMPTS, 'messages')]);
const functions = allFunctions([...features, demoFeature]);
const dir = mkdtempSync(join(tmpdir(), 'cg-flows-'));

const good = `id: broken
version: 1
mechanism: service
title: demo.title
roles: [host]
start: hello
steps:
  hello: { kind: say, to: actor, message: demo.hello, next: bye }
  bye: { kind: end, message: demo.bye }
`;

function problemsOf(yaml: string): string[] {
  const file = join(dir, 'broken.yaml');
  writeFileSync(file, yaml);
  try {
    loadFlow(file, functions, catalogue);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).file).toBe(file);
    return (error as ConfigError).problems;
  }
  return [];
}

describe('a broken script stops start-up with the file, the path inside it and what is wrong', () => {
  it('accepts a good script', () => {
    expect(problemsOf(good)).toEqual([]);
  });
  it('a step that goes to a step that does not exist', () => {
    expect(problemsOf(good.replace('next: bye', 'next: goodbye'))).toEqual(['steps.hello.next: there is no step "goodbye"']);
  });
  it('a function that is not registered', () => {
    expect(problemsOf(good.replace("{ kind: end, message: demo.bye }", '{ kind: call, fn: sendFlowers, next: hello }'))).toEqual(['steps.bye.fn: there is no function "sendFlowers"']);
  });
  it('a message missing from a catalogue', () => {
    expect(problemsOf(good.replace('message: demo.hello', 'message: demo.not_written'))).toEqual([
      'steps.hello.message: message "demo.not_written" is missing in en',
      'steps.hello.message: message "demo.not_written" is missing in zh-CN',
    ]);
  });
  it('a step kind that does not exist, with the kinds there are, in the operator\'s language', () => {
    const kinds = 'say, ask, form, branch, call, wait, turns, collect, open_space, timer, record, end';
    expect(problemsOf(good.replace('kind: say', 'kind: shout'))).toEqual([`steps.hello.kind: there is no kind "shout"; use one of: ${kinds}`]);
    expect(problemsOf(good.replace('kind: say, ', ''))).toEqual([`steps.hello.kind: missing: please add the kind, one of: ${kinds}`]);
    const before = process.env.LANG;
    process.env.LANG = 'zh_CN.UTF-8';
    try {
      expect(problemsOf(good.replace('kind: say', 'kind: shout'))).toEqual([`steps.hello.kind: 没有“shout”这种 kind；请用其中之一：${kinds}`]);
    } finally {
      process.env.LANG = before;
    }
  });
  it('a role that the script does not declare', () => {
    expect(problemsOf(good.replace('to: actor', 'to: { role: mediator }'))).toEqual(['steps.hello.to.role: "mediator" is not one of this flow\'s roles (host)']);
  });
  it('a start step that does not exist', () => {
    expect(problemsOf(good.replace('start: hello', 'start: welcome'))).toEqual(['start: there is no step "welcome"']);
  });
  it('a step id written as a position', () => {
    expect(problemsOf(good.replace('  hello:', '  1:').replace('start: hello', 'start: bye')).join('\n')).toContain('step ids are lower-case words');
  });
  it('a choice without options', () => {
    expect(problemsOf(good.replace('{ kind: say, to: actor, message: demo.hello, next: bye }', '{ kind: ask, input: choice, message: demo.hello, save: x, next: bye }'))).toEqual([
      'steps.hello.options: a choice needs options or an optionsFn',
    ]);
  });
  it('text that is not YAML', () => {
    expect(problemsOf('id: [unclosed')[0]).toMatch(/^not valid YAML/);
  });
  it('text that is not YAML, with the line where it goes wrong as written, as a whole sentence', () => {
    expect(problemsOf(good.replace('  bye: { kind: end, message: demo.bye }\n', '  bye: { kind: end, message: demo.bye\n  after: x\n'))).toEqual([
      'not valid YAML at line 10, column 3, which reads "after: x": Flow map in block collection must be sufficiently indented and end with a }',
    ]);
  });
  it('a field of the wrong type, named by its path', () => {
    expect(problemsOf(good.replace('version: 1', 'version: one'))).toEqual(['version: Invalid input: expected number, received string']);
  });
  it('the real scripts all load with the real functions and catalogues', () => {
    const flows = loadFlows(join(PROMPTS_DIR, 'flows'), allFunctions(features), loadCatalogue(join(PROMPTS_DIR, 'messages')));
    expect([...flows.keys()].every((id) => /^[a-z]/.test(id))).toBe(true);
  });
});
