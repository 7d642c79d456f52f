import { describe, expect, it } from 'vitest';
import { nameRemover, redactPersonalData } from '../../src/summaries/redact';

describe('redactPersonalData in English', () => {
  it('hides phone numbers in international and local formats', () => {
    const result = redactPersonalData('Call me on +44 20 7946 0958 or 020 7946 0958 after six.');
    expect(result.text).toBe('Call me on [phone] or [phone] after six.');
    expect(result.found).toEqual(['phone']);
  });

  it('hides email addresses', () => {
    expect(redactPersonalData('Write to jane.doe+estate@example.org today.').text).toBe('Write to [email] today.');
  });

  it('hides street addresses with and without a flat, and postcodes', () => {
    const result = redactPersonalData('I live at Flat 3, 45 King Rd and she lives at 12 Elm Street, London SW1A 1AA.');
    expect(result.text).toBe('I live at [address] and she lives at [address], London [address].');
    expect(result.found).toEqual(['address']);
  });

  it('hides long ID-like numbers such as card and account numbers', () => {
    const result = redactPersonalData('Card 6222 0212 3456 7890 and account 123456789012 were charged.');
    expect(result.text).toBe('Card [id] and account [id] were charged.');
    expect(result.found).toEqual(['id']);
  });

  it('hides the names it is given, as whole words only', () => {
    const result = redactPersonalData('Mrs Chen said Chenny and Tom Baker were loud.', { names: ['Mrs Chen', 'Tom Baker', 'Chen'] });
    expect(result.text).toBe('[name] said Chenny and [name] were loud.');
    expect(result.found).toEqual(['name']);
  });
});

describe('redactPersonalData in Chinese', () => {
  it('hides mobile and landline numbers', () => {
    const result = redactPersonalData('我的手机13812345678，也可以打138 1234 5678，座机010-12345678。');
    expect(result.text).toBe('我的手机[phone]，也可以打[phone]，座机[phone]。');
    expect(result.found).toEqual(['phone']);
  });

  it('hides resident ID numbers, including those ending in X', () => {
    const result = redactPersonalData('身份证号11010119900307123X，另一个是110101198001011234。');
    expect(result.text).toBe('身份证号[id]，另一个是[id]。');
    expect(result.found).toEqual(['id']);
  });

  it('hides road, street and estate addresses down to the room', () => {
    const result = redactPersonalData('我家住在人民路123号，朋友住幸福街5号3栋2单元501室，还有阳光小区3号楼。');
    expect(result.text).toBe('我家住在[address]，朋友住[address]，还有[address]。');
  });

  it('hides a flat given by building and room, but not a building alone', () => {
    const result = redactPersonalData('3号楼2单元501室的邻居说，3号楼的电梯坏了。');
    expect(result.text).toBe('[address]的邻居说，3号楼的电梯坏了。');
  });

  it('hides the names it is given', () => {
    const result = redactPersonalData('李华和王芳昨晚很吵，联系邮箱lihua@example.cn。', { names: ['李华', '王芳'] });
    expect(result.text).toBe('[name]和[name]昨晚很吵，联系邮箱[email]。');
    expect(result.found).toEqual(['email', 'name']);
  });
});

describe('redactPersonalData leaves ordinary figures alone', () => {
  it.each([
    'The meeting is on 2026-11-28 at 14:30 in room 2.',
    'See report FB-0042 and FB-0107 before Friday.',
    '会议定在2026年11月28日下午2:30，参考反馈FB-0042。',
    'The fee went up from 3.5 to 4.25 yuan, about 12% more, for 300 households.',
    '3号楼的电梯坏了，已经等了20260101号以后的通知。',
  ])('%s', (text) => {
    expect(redactPersonalData(text)).toEqual({ text, found: [] });
  });

  it('reports every kind it found, once each', () => {
    const result = redactPersonalData('Email a@b.co, phone 13912345678, ID 110101199003071234, 12 Elm Street, Tom.', { names: ['Tom'] });
    expect(result.text).toBe('Email [email], phone [phone], ID [id], [address], [name].');
    expect(result.found).toEqual(['email', 'id', 'phone', 'address', 'name']);
  });
});

describe('names that are also everyday words', () => {
  const names = ['Will', 'May', 'Mark', 'A'];
  const hide = nameRemover(names, '[name]');

  it.each([
    'The lift is broken, may I ask when it will be repaired?',
    'Please keep dogs on a lead.',
    'Bin area is a mess. A bin lid is missing.',
    'Will I ask the caretaker? May we use the hall? Mark the date: Tuesday.',
    'WILL THE LIFT EVER WORK',
  ])('leaves "%s" as it was written', (text) => {
    expect(hide(text)).toBe(text);
    expect(redactPersonalData(text, { names })).toEqual({ text, found: [] });
  });

  it('hides a person where they are mentioned (by name, after @, with an apostrophe, opening a sentence), and only there', () => {
    const text = "Thanks Will, the lift will work. @May and @mark may agree. Mark's car is in a bay. Will said so.";
    const shown = "Thanks [name], the lift will work. @[name] and @[name] may agree. [name]'s car is in a bay. [name] said so.";
    expect(hide(text)).toBe(shown);
    expect(redactPersonalData(text, { names })).toEqual({ text: shown, found: ['name'] });
  });

  it('hides a name written in small letters as it is written, unless it is also an everyday word such as "will"', () => {
    expect(nameRemover(['will', 'maria'], '[name]')('Will said it will rain, @will and maria know, Maria too.')).toBe('[name] said it will rain, @[name] and [name] know, [name] too.');
  });

  it('finds a name in another script with capitals (Cyrillic) as a whole word, for quotes and for a model alike', () => {
    const text = 'Иванов сказал, что Иван прав';
    expect(redactPersonalData(text, { names: ['Иван'] }).text).toBe('Иванов сказал, что [name] прав');
    expect(nameRemover(['Иван'], '[name]')(text)).toBe('Иванов сказал, что [name] прав');
  });

  it('still hides Chinese names wherever they stand, and an English name in Chinese text', () => {
    const chinese = nameRemover(['王芳', '李华', 'Will'], '[name]');
    expect(chinese('王芳说得对，李华也同意，谢谢Will帮忙。')).toBe('[name]说得对，[name]也同意，谢谢[name]帮忙。');
    expect(redactPersonalData('王芳说得对，李华也同意。', { names: ['王芳', '李华', 'Will'] }).text).toBe('[name]说得对，[name]也同意。');
  });
});
