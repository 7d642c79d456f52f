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

/**
 * How people often begin their answer to "what matters most to you?": by saying the question back.
 * Left off, so the mediator's reflection ("what matters most to you is this: …") and a party's
 * suggested wording ("What matters most to me is: …") do not say it twice.
 */
const EN_ECHO = /^\s*(?:(?:what|the thing (?:that|which)) (?:matters|counts) (?:the )?most(?: to (?:me|us)| for (?:me|us))?(?: in (?:this|all this))?|the (?:most important|main) thing(?: to (?:me|us)| for (?:me|us))?(?: in (?:this|all this))?|what (?:I|we) (?:care about|want|need) (?:the )?most(?: in (?:this|all this))?) (?:is|are)(?: that)?\s*[:,-]?\s*/i;
const ZH_ECHO = /^\s*(?:对(?:我|我们)(?:来说|而言)?[，,]?\s*)?(?:我们?)?(?:最在乎|最在意|最关心|最看重|最重要|最想要|最需要)的(?:事(?:情)?)?(?:是|就是)\s*[：:，,]?\s*/u;

/** A party's answer about what matters most, without the question said back at its start. */
export function withoutEcho(answer: string): string {
  const rest = answer.replace(writtenIn(answer) === 'zh-CN' ? ZH_ECHO : EN_ECHO, '');
  return rest.trim().length > 0 ? rest : answer;
}

/** The language a party wrote in, as far as turning their words around needs: Chinese when it has Han characters. */
function writtenIn(text: string): Locale {
  return /\p{Script=Han}/u.test(text) ? 'zh-CN' : 'en';
}

/**
 * The answer as the mediator might say it back: first person turned to second, trimmed, by the rules
 * of the language it was written in (a party may write in another language than the mediation's).
 */
export function turnToListener(text: string): string {
  const trimmed = withoutEcho(text).trim().replace(/[.。!！?？]+$/u, '');
  if (writtenIn(trimmed) === 'zh-CN') return trimmed.replace(/我们/g, '您们').replace(/我/g, '您');
  let out = trimmed;
  for (const [pattern, replacement] of EN_SWAPS) out = out.replace(pattern, replacement);
  return out.charAt(0).toLowerCase() + out.slice(1);
}
