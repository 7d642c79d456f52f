import type { Locale } from './config/schema';

/**
 * The language the person at the command line reads: the first of LC_ALL, LC_MESSAGES and LANG
 * that is set decides, as for other programs; a value starting with zh means Chinese (zh-CN), any
 * other language English. When none names a language (unset, C, POSIX), `otherwise` stands: English,
 * or the community's language where the message is about the running bot.
 */
export function operatorLocale(env: NodeJS.ProcessEnv = process.env, otherwise: Locale = 'en'): Locale {
  const setting = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value !== undefined && value !== '') ?? '';
  if (/^zh/i.test(setting)) return 'zh-CN';
  if (setting === '' || /^(C|POSIX)([._@]|$)/i.test(setting)) return otherwise;
  return 'en';
}
