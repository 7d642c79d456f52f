import { existsSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../paths';
import { quantile, type BenchFigure, type BenchSuite } from './figures';
import { BenchUnavailable } from './unavailable';

const DEFAULT_REDIS = 'redis://127.0.0.1:6379';
const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The Redis and PostgreSQL the fleet shares: STORE_URL and EVAL_DB_URL when they name them, else the local defaults. */
export function fleetServices(env: NodeJS.ProcessEnv = process.env): { redis: string; postgres: string } {
  const store = env.STORE_URL ?? '';
  const outcomes = env.EVAL_DB_URL ?? '';
  return {
    redis: /^rediss?:\/\//.test(store) ? store : DEFAULT_REDIS,
    postgres: /^postgres(ql)?:\/\//.test(outcomes) ? outcomes : DEFAULT_POSTGRES,
  };
}

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname || '127.0.0.1', port: Number(port) || defaultPort });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The address without its password, for a message. */
function shown(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

/** What the fleet driver (test/operations/support/fleet-driver.ts) gives back, as far as the figures need it. */
interface FleetResult {
  perSecond: number;
  firstResponses: number[];
  lost: number[];
  twice: number[];
  inWindow: number[];
  deliveries: { slack: number; slackRetries: number; discord: number };
}
type RunFleet = (options: { redis: string; postgres: string; processes: number; events: number; warmUp?: number; progress?: (line: string) => void }) => Promise<FleetResult>;

/**
 * The driver the fleet test uses, with the local Slack and Discord doubles: TypeScript of the
 * repository's tests, loaded with tsx, so only a development install (a clone) has it.
 */
async function loadDriver(): Promise<RunFleet> {
  const driver = join(PROJECT_ROOT, 'test', 'operations', 'support', 'fleet-driver.ts');
  if (!existsSync(driver)) throw new BenchUnavailable('The fleet benchmark drives the bot through the local Slack and Discord doubles of the repository\'s tests, which this install does not have. Run it from a clone of the repository.');
  let tsImport: (path: string, from: string) => Promise<unknown>;
  try {
    ({ tsImport } = (await import('tsx/esm/api')) as { tsImport: typeof tsImport });
  } catch {
    throw new BenchUnavailable('The fleet benchmark needs tsx, which only the development install has. Run "npm install" (without --omit=dev) in the project folder, then try again.');
  }
  return ((await tsImport(pathToFileURL(driver).href, import.meta.url)) as { runFleet: RunFleet }).runFleet;
}

/** Events per second and p99 time to first response, for one and for three bot processes sharing Redis and PostgreSQL. */
export const fleetBench: BenchSuite = async (progress) => {
  const services = fleetServices();
  const count = Number(process.env.BENCH_FLEET_EVENTS ?? 10_000);
  const [redisUp, postgresUp] = await Promise.all([reachable(services.redis, 6379), reachable(services.postgres, 5432)]);
  const missing = [redisUp ? null : `Redis at ${shown(services.redis)} (STORE_URL)`, postgresUp ? null : `PostgreSQL at ${shown(services.postgres)} (EVAL_DB_URL)`].filter(Boolean);
  if (missing.length > 0) throw new BenchUnavailable(`The fleet benchmark needs ${missing.join(' and ')}, which could not be reached. Start ${missing.length > 1 ? 'them' : 'it'}, or set STORE_URL and EVAL_DB_URL to ones that run, then try again.`);
  const runFleet = await loadDriver();
  const figures: BenchFigure[] = [];
  for (const size of [1, 3]) {
    const result = await runFleet({ ...services, processes: size, events: count, warmUp: 20, progress });
    const label = size === 1 ? '1 process' : `${size} processes`;
    figures.push({ name: `fleet, ${label}: events/s (${count} events)`, value: result.perSecond, unit: 'events/s' });
    figures.push({ name: `fleet, ${label}: p99 time to first response`, value: quantile(result.firstResponses, 0.99), unit: 'ms', goal: '< 3000' });
    // Exactly once, counted where the platforms received the answers (with three processes some of Slack's events reach two).
    figures.push({ name: `fleet, ${label}: events without an answer`, value: result.lost.length, unit: 'events', goal: '< 1' });
    figures.push({ name: `fleet, ${label}: events answered more than once`, value: result.twice.length + result.inWindow.length, unit: 'events', goal: '< 1' });
  }
  return figures;
};
