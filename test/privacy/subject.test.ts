import { describe, expect, it } from 'vitest';
import { ERASED_TEXT, erasedValue, withoutMentions } from '../../src/privacy/subject';

const traces = { userId: 'maria', names: ['Maria Chen', '陈玛丽'] };

describe('taking a person out of a record', () => {
  it('replaces their id and names as whole words, in any case, and in Chinese anywhere', () => {
    expect(withoutMentions('I hear that rest matters to Maria, and MARIA agreed.', traces, ERASED_TEXT)).toBe(`I hear that rest matters to ${ERASED_TEXT}, and ${ERASED_TEXT} agreed.`);
    expect(withoutMentions('Marianne and primaria stay', traces, ERASED_TEXT)).toBe('Marianne and primaria stay');
    expect(withoutMentions('谢谢陈玛丽的建议', traces, ERASED_TEXT)).toBe(`谢谢${ERASED_TEXT}的建议`);
  });

  it('erases what they wrote and keeps what others wrote, and the counts', () => {
    const value = {
      statements: [
        { by: 'maria', text: 'More light on the path', at: 5 },
        { by: 'chen', text: 'A bench by the gate', at: 6 },
      ],
      votes: { maria: { '1': 1 }, chen: { '0': -1 } },
      joined: ['maria', 'chen'],
    };
    expect(erasedValue(value, traces, 'erased-1')).toEqual({
      statements: [
        { by: 'erased-1', text: ERASED_TEXT, at: 5 },
        { by: 'chen', text: 'A bench by the gate', at: 6 },
      ],
      votes: { 'erased-1': { '1': 1 }, chen: { '0': -1 } },
      joined: ['erased-1', 'chen'],
    });
  });
});
