import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { deleteNamespace } from '../state/redis-namespace';
import { quantile, type BenchFigure, type BenchSuite } from './figures';
import { BenchUnavailable } from './unavailable';

const DEFAULT_REDIS = 'redis://127.0.0.1:6379';
const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
/** Events handled at once across the fleet (as from busy platforms), so first responses are not just queueing. */
const IN_FLIGHT = 48;

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

interface Member {
  child: ChildProcess;
  send(request: object): void;
  waitFor(test: (line: Record<string, unknown>) => boolean): Promise<void>;
}

/** Starts one bot process of the built program (`commonground fleet-member`); `onLine` sees each line it says. */
async function startMember(env: Record<string, string>, onLine: (line: Record<string, unknown>) => void): Promise<Member> {
  const child = spawn(process.execPath, [...process.execArgv.filter((a) => a !== '--expose-gc'), process.argv[1] as string, 'fleet-member'], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-1500)));
  const waiters: Array<{ test: (line: Record<string, unknown>) => boolean; resolve: () => void }> = [];
  createInterface({ input: child.stdout! }).on('line', (text) => {
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    onLine(line);
    for (const waiter of [...waiters]) {
      if (!waiter.test(line)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  const member: Member = {
    child,
    send: (request) => child.stdin!.write(`${JSON.stringify(request)}\n`),
    waitFor: (test) =>
      new Promise((resolve, reject) => {
        waiters.push({ test, resolve });
        child.once('exit', () => reject(new Error(`a bot process of the fleet ended early: ${stderr.trim().split('\n').pop() ?? ''}`)));
      }),
  };
  await member.waitFor((line) => line.ready === true);
  return member;
}

function fleetEvents(count: number, prefix: string) {
  return Array.from({ length: count }, (_, i) => {
    const platform = i % 2 === 0 ? 'slack' : 'discord';
    return {
      kind: 'command',
      name: i % 3 === 0 ? 'feedback' : 'help',
      args: [],
      eventId: `${prefix}-${platform}-${i}`,
      ref: { platform, space: platform === 'slack' ? 'T1' : 'G1', channel: `C${i % 25}` },
      user: { id: `${prefix}-U${i}` },
    };
  });
}

/**
 * Drives `count` events through `size` processes on a fresh Redis namespace and PostgreSQL schema
 * (both removed afterwards), at most IN_FLIGHT at a time, and times them.
 */
async function runFleet(size: number, count: number, services: { redis: string; postgres: string }, progress: (line: string) => void) {
  const tag = randomBytes(4).toString('hex');
  const namespace = `cg-bench-fleet-${tag}`;
  const schema = `cg_bench_fleet_${tag}`;
  const pgUrl = new URL(services.postgres);
  pgUrl.searchParams.set('options', `-c search_path=${schema}`);
  const storeUrl = new URL(services.redis);
  storeUrl.searchParams.set('namespace', namespace);
  const dirs: string[] = [];
  const members: Member[] = [];
  const firstResponse = new Map<string, number>();
  /** Answers per event: exactly one each, however many processes an event reached. */
  const answers = new Map<string, number>();
  const done = new Set<string>();
  let wake: () => void = () => undefined;
  let onDone: (id: string) => void = () => undefined;
  try {
    progress(`${size} process${size === 1 ? '' : 'es'} on Redis and PostgreSQL: starting`);
    const env = { CG_FLEET_STORE_URL: storeUrl.toString(), CG_FLEET_EVAL_DB_URL: pgUrl.toString(), CG_INSTALLATION_SECRET: process.env.CG_INSTALLATION_SECRET ?? `bench-${tag}` };
    const onLine = (line: Record<string, unknown>) => {
      if (typeof line.reply === 'string') {
        answers.set(line.reply, (answers.get(line.reply) ?? 0) + 1);
        if (!firstResponse.has(line.reply)) firstResponse.set(line.reply, Number(line.ms));
      }
      if (typeof line.done === 'string') {
        done.add(line.done);
        onDone(line.done);
        wake();
      }
    };
    members.push(
      ...(await Promise.all(
        Array.from({ length: size }, () => {
          const dir = mkdtempSync(join(tmpdir(), 'cg-bench-fleet-'));
          dirs.push(dir);
          return startMember({ ...env, CG_FLEET_DATA_DIR: dir }, onLine);
        }),
      )),
    );
    const exited = new Promise<never>((_, reject) => {
      for (const member of members) member.child.once('exit', () => reject(new Error('a bot process of the fleet ended early')));
    });
    exited.catch(() => undefined);

    const drive = async (events: ReturnType<typeof fleetEvents>) => {
      // Counted as they finish (checking every event on each would take longer than the fleet with 10,000).
      const ids = new Set(events.map((e) => e.eventId));
      let finishedSoFar = [...ids].filter((id) => done.has(id)).length;
      onDone = (id) => {
        if (ids.delete(id)) finishedSoFar += 1;
      };
      let next = 0;
      while (finishedSoFar < events.length) {
        for (; next < events.length && next - finishedSoFar < IN_FLIGHT; next += 1) {
          (members[next % size] as Member).send({ event: events[next] });
          // With several processes a quarter are delivered again to another one (a platform's retry).
          if (size > 1 && next % 4 === 0) (members[(next + 1) % size] as Member).send({ event: events[next] });
        }
        await Promise.race([new Promise<void>((resolve) => (wake = resolve)), exited]);
      }
    };

    // A short warm-up, not counted, so the first figures are not the processes' start.
    await drive(fleetEvents(20 * size, `warm-${tag}`));
    progress(`${size} process${size === 1 ? '' : 'es'}: ${count} events`);
    const events = fleetEvents(count, `run-${tag}`);
    const start = process.hrtime.bigint();
    await drive(events);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    await Promise.all(members.map((member) => (member.send({ close: true }), member.waitFor((line) => line.closed === true))));
    // Counted once every process has closed, so an answer sent late would be seen.
    const times = events.map((e) => firstResponse.get(e.eventId)).filter((ms): ms is number => ms !== undefined);
    const unanswered = count - times.length;
    const answeredTwice = events.filter((e) => (answers.get(e.eventId) ?? 0) > 1).length;
    return { perSecond: count / seconds, p99: quantile(times, 0.99), unanswered, answeredTwice };
  } finally {
    for (const member of members) if (member.child.exitCode === null && member.child.signalCode === null) member.child.kill('SIGKILL');
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await deleteNamespace(services.redis, namespace);
    const client = new pg.Client({ connectionString: services.postgres });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await client.end();
    }
  }
}

/** Events per second and p99 time to first response, for one and for three bot processes sharing Redis and PostgreSQL. */
export const fleetBench: BenchSuite = async (progress) => {
  const services = fleetServices();
  const count = Number(process.env.BENCH_FLEET_EVENTS ?? 10_000);
  const [redisUp, postgresUp] = await Promise.all([reachable(services.redis, 6379), reachable(services.postgres, 5432)]);
  const missing = [redisUp ? null : `Redis at ${shown(services.redis)} (STORE_URL)`, postgresUp ? null : `PostgreSQL at ${shown(services.postgres)} (EVAL_DB_URL)`].filter(Boolean);
  if (missing.length > 0) throw new BenchUnavailable(`The fleet benchmark needs ${missing.join(' and ')}, which could not be reached. Start ${missing.length > 1 ? 'them' : 'it'}, or set STORE_URL and EVAL_DB_URL to ones that run, then try again.`);
  const figures: BenchFigure[] = [];
  for (const size of [1, 3]) {
    const result = await runFleet(size, count, services, progress);
    const label = size === 1 ? '1 process' : `${size} processes`;
    figures.push({ name: `fleet, ${label}: events/s (${count} events)`, value: result.perSecond, unit: 'events/s' });
    figures.push({ name: `fleet, ${label}: p99 time to first response`, value: result.p99, unit: 'ms', goal: '< 3000' });
    // Exactly once: every event answered, none twice (with three processes a quarter reach two of them).
    figures.push({ name: `fleet, ${label}: events without an answer`, value: result.unanswered, unit: 'events', goal: '< 1' });
    figures.push({ name: `fleet, ${label}: events answered more than once`, value: result.answeredTwice, unit: 'events', goal: '< 1' });
  }
  return figures;
};
