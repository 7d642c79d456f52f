/**
 * What a platform keeps of its own about people, outside the bot's stores (the web chat's
 * invitations, sessions and thread members): counted, and erased with the rest of a person's data.
 */
export interface PlatformRecords {
  readonly platform: string;
  /** How many records here hold this user id. */
  count(userId: string): number;
  /** Removes every one of them, leaving nothing recoverable in the files; returns how many. */
  erase(userId: string): number;
}

/** How many records the platforms hold about the person. */
export function countOnPlatforms(records: readonly PlatformRecords[], platform: string, userId: string): number {
  return records.filter((r) => r.platform === platform).reduce((sum, r) => sum + r.count(userId), 0);
}

/** Erases the person from the platforms' own records; returns how many went. */
export function eraseOnPlatforms(records: readonly PlatformRecords[], platform: string, userId: string): number {
  return records.filter((r) => r.platform === platform).reduce((sum, r) => sum + r.erase(userId), 0);
}
