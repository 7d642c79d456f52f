import type { Locale } from '../config/schema';

/**
 * Offline reframing for the mediator: a party's own answer to "what matters most to you" is turned
 * around to speak to them ("my sleep" -> "your sleep"), so the mediator can reflect it back as a
 * need rather than an accusation. The mediator edits it before anything is posted.
 */
const EN_SWAPS: [RegExp, string][] = [
  [/\bI am\b/gi, 'you are'],
  [/\bI'm\b/gi, "you're"],
  [/\bI've\b/gi, "you've"],
  [/\bI\b/g, 'you'],
  [/\bmy\b/gi, 'your'],
  [/\bmine\b/gi, 'yours'],
  [/\bme\b/gi, 'you'],
  [/\bmyself\b/gi, 'yourself'],
  [/\bwe\b/gi, 'you'],
  [/\bour\b/gi, 'your'],
  [/\bus\b/gi, 'you'],
];

/** The language a party wrote in, as far as turning their words around needs: Chinese when it has Han characters. */
function writtenIn(text: string): Locale {
  return /\p{Script=Han}/u.test(text) ? 'zh-CN' : 'en';
}

/**
 * The answer as the mediator might say it back: first person turned to second, trimmed, by the rules
 * of the language it was written in (a party may write in another language than the mediation's).
 */
export function turnToListener(text: string): string {
  const trimmed = text.trim().replace(/[.。!！?？]+$/u, '');
  if (writtenIn(trimmed) === 'zh-CN') return trimmed.replace(/我们/g, '您们').replace(/我/g, '您');
  let out = trimmed;
  for (const [pattern, replacement] of EN_SWAPS) out = out.replace(pattern, replacement);
  return out.charAt(0).toLowerCase() + out.slice(1);
}
