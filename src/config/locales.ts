// Kept apart from the schema so that what only needs the list (the command line's sentences) does not load zod.
/** The languages the bot speaks. */
export const LOCALES = ['en', 'zh-CN'] as const;
