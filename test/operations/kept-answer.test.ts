import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createApp, type App } from '../../src/app';
import { loadCommunity } from '../../src/config/load';
import type { Action } from '../../src/core/actions';
import { silentLogger } from '../../src/core/log';
import { EXAMPLE_COMMUNITY } from '../../src/paths';
import { keys } from '../../src/state/keys';
import { deleteNamespace } from '../../src/state/redis-namespace';
import { childProgram } from '../support/child-program';

const { redis } = inject('services');
const CHILD = childProgram('kept-answer-child');

const event = (name: 'help' | 'feedback', id: string) => ({ kind: 'command', name, args: [], eventId: id, ref: { platform: 'slack', space: 'T1', channel: 'C1' }, user: { id: `U-${id}` } });

/** Runs a process that dies right after writing the event's answer, before sending it; returns what it sent. */
function dieAfterWriting(env: Record<string, string>, sent: object): Promise<{ replies: number; signal: string | null }> {
  const child = spawn(process.execPath, [CHILD], { env: { ...process.env, ...env, CG_KEPT_EVENT: JSON.stringify(sent) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  return new Promise((resolve) => child.once('close', (_code, signal) => resolve({ replies: out.split('\n').filter((line) => line.includes('"reply"')).length, signal })));
}

describe('an answer written with its event and not yet sent when the process died', () => {
  const closing: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const close of closing) await close().catch(() => undefined);
  });

  async function open(options: { dataDir: string; storeUrl?: string }): Promise<{ app: App; sent: Action[] }> {
    const sent: Action[] = [];
    const app = await createApp({ community: loadCommunity(EXAMPLE_COMMUNITY), log: silentLogger(), evalDbUrl: ':memory:', ...options });
    app.bot.attach('slack', { perform: async (action) => (sent.push(action), { kind: 'sent', messageRef: `m${sent.length}` }) });
    closing.push(() => app.close());
    return { app, sent };
  }
  const answersTo = (sent: Action[], id: string) => sent.filter((action) => (action as { replyTo?: string }).replyTo === id);

  describe.skipIf(!redis)('on Redis, with the platform retrying the event on another process', () => {
    const namespace = `cg-kept-${randomBytes(4).toString('hex')}`;
    const storeUrl = `${redis ?? ''}?namespace=${namespace}`;
    afterAll(() => deleteNamespace(redis ?? '', namespace));

    for (const name of ['help', 'feedback'] as const) {
      it(`/${name}: the retry is not answered again, and the kept answer arrives once`, async () => {
        const id = `kept-${name}`;
        const died = await dieAfterWriting({ CG_KEPT_STORE_URL: storeUrl, CG_KEPT_DATA_DIR: mkdtempSync(join(tmpdir(), 'cg-kept-')) }, event(name, id));
        expect(died).toEqual({ replies: 0, signal: 'SIGKILL' });

        const other = await open({ dataDir: mkdtempSync(join(tmpdir(), 'cg-kept-')), storeUrl });
        // The platform retries (twice): the answer the dead process wrote is sent once, nothing is handled again.
        await other.app.bot.handle(event(name, id));
        await other.app.bot.handle(event(name, id));
        expect(answersTo(other.sent, id)).toHaveLength(1);
        expect(await other.app.state.answers.pending()).toEqual([]);
        if (name === 'feedback') expect(Number(await other.app.state.keyv.get(keys.counter('feedback')))).toBe(1);
        else expect((answersTo(other.sent, id)[0] as { text: string }).text).toContain('/feedback');
      }, 60_000);
    }
  });

  it('on SQLite, the restarted process sends the kept answer once, and the retry is not answered again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-kept-'));
    const died = await dieAfterWriting({ CG_KEPT_DATA_DIR: dataDir }, event('help', 'kept-sqlite'));
    expect(died).toEqual({ replies: 0, signal: 'SIGKILL' });

    const restarted = await open({ dataDir });
    expect(await restarted.app.bot.sendKeptAnswers()).toBe(1);
    await restarted.app.bot.handle(event('help', 'kept-sqlite'));
    expect(await restarted.app.bot.sendKeptAnswers()).toBe(0);
    expect(answersTo(restarted.sent, 'kept-sqlite')).toHaveLength(1);
    expect((answersTo(restarted.sent, 'kept-sqlite')[0] as { text: string }).text).toContain('/feedback');
  }, 60_000);
});
