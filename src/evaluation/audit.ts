import { z } from 'zod';

/**
 * One entry of the audit trail: who did what, when, on what. Codes only (never message text): the
 * person as a pseudonym (or `admin` for the command line), the action, and what it was done on
 * (a project, a reference such as M-3, or a person's pseudonym).
 */
export const AuditEntry = z.object({
  at: z.number().int().nonnegative(),
  actor: z.string().regex(/^(p_[0-9a-f]{16}|admin)$/, 'an actor is a pseudonym or admin'),
  action: z.enum(['report', 'summary', 'privacy.export', 'privacy.erase']),
  target: z.string().max(64).regex(/^[\p{L}\p{N}_.:+-]*$/u, 'a target is a code, never free text'),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export interface AuditQuery {
  /** Entries at or after this time (ms). */
  since?: number;
  /** The newest this many. */
  limit?: number;
}

/** The append-only audit trail, kept in the outcome store. */
export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  /** Entries oldest first. */
  read(query?: AuditQuery): Promise<AuditEntry[]>;
}

export const AUDIT_TABLE_SQLITE = `CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_at ON audit (at);
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;`;

export const AUDIT_TABLE_POSTGRES = `CREATE TABLE IF NOT EXISTS audit (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_at ON audit (at);`;

/** Notes in the audit trail that the person behind a command did something (errors never stop the command). */
export async function noteInAudit(
  ctx: { outcomes: { audit: AuditLog }; pseudonymise: (platform: string, userId: string) => string; event: { ref: { platform: string }; user: { id: string } }; clock: { now(): number } },
  action: AuditEntry['action'],
  target: string,
): Promise<void> {
  const code = target.replace(/[^\p{L}\p{N}_.:+-]/gu, '_').slice(0, 64);
  await ctx.outcomes.audit.append({ at: ctx.clock.now(), actor: ctx.pseudonymise(ctx.event.ref.platform, ctx.event.user.id), action, target: code }).catch(() => undefined);
}
