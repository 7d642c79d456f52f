import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Turns a platform user into a stable pseudonymous id; the secret never leaves the installation. */
export type Pseudonymise = (platform: string, userId: string) => string;

export function createPseudonymiser(secret: string): Pseudonymise {
  return (platform, userId) =>
    `p_${createHmac('sha256', secret).update(`${platform}\u0000${userId}`).digest('hex').slice(0, 16)}`;
}

/**
 * The per-installation secret: `CG_INSTALLATION_SECRET` if set, otherwise a random one kept in
 * `<dataDir>/installation-secret` (created once, readable by the owner only).
 */
export function installationSecret(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.CG_INSTALLATION_SECRET) return env.CG_INSTALLATION_SECRET;
  const file = join(dataDir, 'installation-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
