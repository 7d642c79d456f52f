import { describe, expect, it } from 'vitest';
import { readAcceptance, readFollowUp } from '../../src/mediation/answers';
import { parseOpen } from '../../src/mediation/open-args';
import { turnToListener, withoutEcho } from '../../src/mediation/reframe';

describe('reading marks typed by a party', () => {
  it('reads every option marked yes or no, in English and Chinese', () => {
    expect(readAcceptance('1 yes, 2 no, 3 yes', 3)).toEqual([true, false, true]);
    expect(readAcceptance('1 可以，2 不行', 2)).toEqual([true, false]);
    expect(readAcceptance('2: no 1: yes', 2)).toEqual([true, false]);
  });
  it('refuses an answer that leaves an option out or says something else', () => {
    expect(readAcceptance('1 yes', 2)).toBeNull();
    expect(readAcceptance('1 yes, 3 no', 2)).toBeNull();
    expect(readAcceptance('yes to all of them', 2)).toBeNull();
    expect(readAcceptance('1 maybe, 2 yes', 2)).toBeNull();
  });
  it('reads follow-up answers as kept, partly or not kept', () => {
    expect(readFollowUp('1 kept, 2 not kept, 3 partly', 3)).toEqual(['kept', 'not_kept', 'partly']);
    expect(readFollowUp('1 做到了，2 没有', 2)).toEqual(['kept', 'not_kept']);
    expect(readFollowUp('1 fine', 1)).toBeNull();
  });
});

describe('turning what matters to a party into words the mediator can say back', () => {
  it('speaks to the listener', () => {
    expect(turnToListener('I need to sleep before my early shift.')).toBe('you need to sleep before your early shift');
    expect(turnToListener('Being able to rest')).toBe('being able to rest');
    expect(turnToListener('我需要晚上好好休息。')).toBe('您需要晚上好好休息');
    // By the rules of the language the words are in, whatever the mediation's language.
    expect(turnToListener('我们需要一个公平的安排')).toBe('您们需要一个公平的安排');
    expect(turnToListener('My kids can play outside')).toBe('your kids can play outside');
  });

  it('leaves off the question said back at the start of an answer, so it is not said twice', () => {
    expect(turnToListener('What matters most to me is that my kids have somewhere safe to play.')).toBe('your kids have somewhere safe to play');
    expect(turnToListener('The most important thing for me is: quiet after 10pm')).toBe('quiet after 10pm');
    expect(turnToListener('What I care about most is getting some sleep')).toBe('getting some sleep');
    expect(turnToListener('我最在乎的是消防通道畅通。')).toBe('消防通道畅通');
    expect(turnToListener('对我来说最重要的是：晚上能睡个好觉')).toBe('晚上能睡个好觉');
    // An answer that is only the question keeps its words; words that merely contain it are kept whole.
    expect(turnToListener('What matters most to me is')).toBe('what matters most to you is');
    expect(turnToListener('Knowing what matters most to my neighbours')).toBe('knowing what matters most to your neighbours');
    expect(withoutEcho('What matters most to me is drying clothes for my family')).toBe('drying clothes for my family');
  });
});

describe('opening a mediation', () => {
  it('reads mentioned parties, the title and settings', () => {
    expect(parseOpen(['@maria', '@chen', 'Shared courtyard evenings', 'project=courtyard-rules'], 'li')).toEqual({
      parties: ['maria', 'chen'],
      title: 'Shared courtyard evenings',
      project: 'courtyard-rules',
    });
    expect(parseOpen(['maria', 'chen', 'Shared courtyard evenings'], 'li')).toMatchObject({ parties: ['maria', 'chen'] });
  });
  it('refuses oneself, the bot, malformed or repeated names, and a missing title', () => {
    expect(parseOpen(['@li', '@chen', 'Courtyard'], 'li')).toEqual({ problem: 'self' });
    expect(parseOpen(['@bot', '@chen', 'Courtyard'], 'li')).toEqual({ problem: 'bot' });
    expect(parseOpen(['@ma ria', '@chen', 'Courtyard'], 'li')).toEqual({ problem: 'invalid', name: 'ma ria' });
    expect(parseOpen(['@chen', '@chen', 'Courtyard'], 'li')).toEqual({ problem: 'twice' });
    expect(parseOpen(['@maria', '@chen'], 'li')).toEqual({ problem: 'usage' });
    expect(parseOpen(['@maria', 'Courtyard'], 'li')).toEqual({ problem: 'usage' });
    expect(parseOpen(['@maria', '@chen', 'Courtyard', 'colour=red'], 'li')).toEqual({ problem: 'option', name: 'colour' });
  });
});
