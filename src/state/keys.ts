/** Every key the bot stores, built in one place. Namespaces keep kinds of record apart. */
export const keys = {
  run: (runId: string) => `run:${runId}`,
  /** The run that owns a thread or private channel. */
  space: (conversationKey: string) => `space:${conversationKey}`,
  /** The run waiting for this user's answer in this place (`conv:...` or `dm:...`). */
  awaiting: (where: string, userId: string) => `await:${where}|${userId}`,
  /** A platform event already handled (dedupe). */
  seen: (platform: string, eventId: string) => `seen:${platform}:${eventId}`,
  timer: (timerId: string) => `timer:${timerId}`,
  timerIndex: () => 'timers:index',
  /** A record owned by a feature (reports, notices, polls...): `rec:<kind>:<id>`. */
  record: (kind: string, id: string) => `rec:${kind}:${id}`,
  /** A list of ids of one kind of record, e.g. all feedback references of a community. */
  list: (kind: string) => `list:${kind}`,
  counter: (name: string) => `counter:${name}`,
  prefs: (userKey: string) => `prefs:${userKey}`,
  /** The language a platform last said this person uses (their own `/language` comes first). */
  platformLocale: (userKey: string) => `plocale:${userKey}`,
} as const;
