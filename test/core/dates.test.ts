import { describe, expect, it } from 'vitest';
import { checkCommunity, ConfigError } from '../../src/config/load';
import { formatLongDay, formatMinute, parseDay, parseInstant } from '../../src/core/dates';

describe('dates, through one library', () => {
  it('reads calendar days and refuses impossible ones', () => {
    expect(parseDay('2026-11-20')).toBe(Date.UTC(2026, 10, 20));
    expect(parseDay('2028-02-29')).toBe(Date.UTC(2028, 1, 29));
    for (const bad of ['2027-02-30', '2026-13-01', '2026-11-31', '20-11-2026', 'tomorrow', '']) expect(parseDay(bad)).toBeNull();
    expect(parseInstant('2026-11-15T12:00:00Z')).toBe(Date.UTC(2026, 10, 15, 12));
    expect(parseInstant('2026-11-15')).toBe(Date.UTC(2026, 10, 15));
    expect(parseInstant('2026-02-30')).toBeNull();
  });

  it('writes times the same for everyone, and days in the reader’s language and zone', () => {
    expect(formatMinute(Date.UTC(2026, 10, 4, 9))).toBe('2026-11-04 09:00 UTC');
    expect(formatLongDay(Date.UTC(2026, 10, 20), 'en')).toBe('November 20, 2026');
    expect(formatLongDay(Date.UTC(2026, 10, 20), 'zh-CN')).toBe('2026年11月20日');
    expect(formatLongDay(Date.UTC(2026, 10, 20, 20), 'en', 'Asia/Shanghai')).toBe('November 21, 2026');
  });

  it('a community file with an impossible stage date is refused, naming the field', () => {
    const community = { name: 'C', projects: [{ id: 'p', name: 'P', stages: [{ id: 's', name: 'S', start: '2026-09-01', end: '2027-02-30' }] }] };
    expect(() => checkCommunity(community, 'community.yaml')).toThrow(ConfigError);
    expect(() => checkCommunity(community, 'community.yaml')).toThrow('projects[0].stages[0].end: use a real date written like 2026-03-01');
  });
});
