import { describe, expect, it } from 'vitest';
import { meetsGoal, packageInstalled, runBenchmarks } from '../../src/bench/run';

describe('commonground bench', () => {
  it('says at once, in one line, that the core suite needs the development install when botbuilder is missing', async () => {
    const lines: string[] = [];
    const code = await runBenchmarks(['core'], (line) => lines.push(line), {}, (name) => !name.startsWith('botbuilder'));
    expect(code).toBe(1);
    expect(lines).toEqual([
      'The core benchmark compares with botbuilder-core and botbuilder-dialogs, which only the development install has. Run "npm install" (without --omit=dev) in the project folder, or choose other suites with --only.',
    ]);
  });

  it('finds the packages of this (development) install without loading them', () => {
    expect(packageInstalled('botbuilder-dialogs')).toBe(true);
    expect(packageInstalled('no-such-package-here')).toBe(false);
  });

  it('names the suites there are when asked for one that is not', async () => {
    const lines: string[] = [];
    expect(await runBenchmarks(['cores'], (line) => lines.push(line))).toBe(2);
    expect(lines[0]).toMatch(/^Unknown suite\(s\): cores\. Choose from: core, consensus/);
  });

  it('checks figures against goals written like "< 1" or ">= 10"', () => {
    expect(meetsGoal(0.4, '< 1')).toBe(true);
    expect(meetsGoal(9.9, '>= 10')).toBe(false);
    expect(meetsGoal(10, '>= 10')).toBe(true);
    expect(meetsGoal(5, undefined)).toBe(true);
  });
});
