import { describe, expect, it } from 'vitest';
import { decide, follow } from '../../src/flows/cases';
import { decides, type FlowContext, type FlowFunctions } from '../../src/flows/functions';

const ctx = {} as FlowContext;
const functions: FlowFunctions = {
  declared: decides(['left', 'right'], () => 'left'),
  // A function written without declaring its cases, returning what used to be a step id.
  undeclared: () => 'some_step',
  quiet: () => undefined,
  hookStop: () => 'stop',
};

describe('a function decides by returning one of its declared cases', () => {
  it('returns the case, and the script says where it leads', () => {
    expect(decide(functions, ctx, 'declared')).toBe('left');
    expect(follow({ left: 'west', right: 'east' }, 'declared', 'left')).toBe('west');
  });

  it('returning nothing leaves the way on to the step', () => {
    expect(decide(functions, ctx, 'quiet')).toBeUndefined();
    expect(follow({ left: 'west' }, 'quiet', undefined)).toBeUndefined();
  });

  it('refuses a value it does not declare, so no step can be chosen from code', () => {
    expect(() => decide(functions, ctx, 'undeclared')).toThrow('flow function "undeclared" returned "some_step", which is not one of its cases (none)');
  });

  it('"stop" is understood only from onMessage and onChoice', () => {
    expect(decide(functions, ctx, 'hookStop', true)).toBe('stop');
    expect(() => decide(functions, ctx, 'hookStop')).toThrow('which is not one of its cases');
  });

  it('a case the script does not map is an error, unless there is a default', () => {
    expect(() => follow({ left: 'west' }, 'declared', 'right')).toThrow('the script does not say where case "right" of "declared" leads');
    expect(follow({ left: 'west' }, 'declared', 'right', 'north')).toBe('north');
  });
});
