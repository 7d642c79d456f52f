import { LOCALES } from '../config/schema';
import type { CommandSpec } from './commands';

/** Commands that belong to no flow: the language a person is spoken to in. */
export const coreCommands: CommandSpec[] = [
  {
    name: 'language',
    roles: ['resident', 'social_worker', 'coordinator'],
    description: 'core.language.description',
    options: [{ name: 'locale', description: 'core.language.description', required: true, values: 'locales' }],
    async run(ctx) {
      const wanted = ctx.args[0]?.toLowerCase();
      const locale = LOCALES.find((l) => l.toLowerCase() === wanted);
      if (!locale) {
        await ctx.reply(ctx.t('core.language.unknown'));
        return;
      }
      await ctx.setLocale(locale);
      await ctx.reply(ctx.translate(locale, 'core.language.set'));
    },
  },
];
