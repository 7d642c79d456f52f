import { describe, expect, it } from 'vitest';
import { findThemes } from '../../src/summaries/themes';
import type { Theme } from '../../src/summaries/themes';
import { feedbackEn } from '../fixtures/summaries/feedback-en';
import type { LabelledReport } from '../fixtures/summaries/feedback-en';
import { feedbackZh } from '../fixtures/summaries/feedback-zh';

const GROUPS: LabelledReport['group'][] = ['lift', 'rubbish', 'light', 'noise'];

/** The known group most of the theme's members belong to, and the share of members in it. */
function majority(theme: Theme, groupOf: Map<string, string>): { group: string; share: number } {
  const counts = new Map<string, number>();
  for (const id of theme.memberIds) {
    const group = groupOf.get(id) ?? 'unknown';
    counts.set(group, (counts.get(group) ?? 0) + 1);
  }
  const [group, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['none', 0];
  return { group, share: count / theme.memberIds.length };
}

describe.each([
  { language: 'English', reports: feedbackEn, labelTerms: { lift: 'lift', rubbish: 'rubbish', light: 'light', noise: 'noise' } },
  { language: 'Chinese', reports: feedbackZh, labelTerms: { lift: '电梯', rubbish: '垃圾', light: '路灯', noise: '噪音' } },
])('findThemes on $language feedback', ({ reports, labelTerms }) => {
  const groupOf = new Map<string, string>(reports.map((report) => [report.id, report.group]));
  const themes = findThemes(reports);

  it('finds themes whose members come (at least 90%) from one known group', () => {
    expect(themes.length).toBeGreaterThanOrEqual(GROUPS.length);
    for (const theme of themes) {
      expect(majority(theme, groupOf).share, theme.label).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('gives every known group a theme, labelled with the group\'s own word', () => {
    for (const group of GROUPS) {
      const theme = themes.find((candidate) => majority(candidate, groupOf).group === group);
      expect(theme, group).toBeDefined();
      const largest = themes
        .filter((candidate) => majority(candidate, groupOf).group === group)
        .sort((a, b) => b.memberIds.length - a.memberIds.length)[0];
      expect(largest?.terms, group).toContain(labelTerms[group]);
    }
  });

  it('labels each theme with 2-3 of its terms and picks representatives from its members', () => {
    for (const theme of themes) {
      const parts = theme.label.split(' / ');
      expect(parts.length).toBeGreaterThanOrEqual(1);
      expect(parts.length).toBeLessThanOrEqual(3);
      for (const part of parts) expect(theme.terms).toContain(part);
      expect(theme.representativeIds.length).toBe(Math.min(3, theme.memberIds.length));
      for (const id of theme.representativeIds) expect(theme.memberIds).toContain(id);
    }
  });

  it('puts each report in one theme at most, largest theme first', () => {
    const all = themes.flatMap((theme) => theme.memberIds);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeGreaterThanOrEqual(reports.length * 0.9);
    const sizes = themes.map((theme) => theme.memberIds.length);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });

  it('gives the same themes every time', () => {
    expect(findThemes(reports)).toEqual(themes);
  });
});

describe('findThemes edge cases', () => {
  it('leaves out items without terms and returns nothing for no input', () => {
    expect(findThemes([])).toEqual([]);
    const themes = findThemes([
      { id: 'a', text: 'The lift is broken' },
      { id: 'b', text: '!!! 123' },
      { id: 'c', text: 'Lift broken again' },
    ]);
    const members = themes.flatMap((theme) => theme.memberIds);
    expect(members).toContain('a');
    expect(members).toContain('c');
    expect(members).not.toContain('b');
  });

  it('respects maxThemes', () => {
    expect(findThemes(feedbackEn, { maxThemes: 2 }).length).toBeLessThanOrEqual(2);
    expect(findThemes(feedbackEn, { maxThemes: 1 })).toHaveLength(1);
  });
});
