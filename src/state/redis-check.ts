import { connect as connectPlain, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { OperatorError } from '../operator-error';

/** How long the check waits for Redis's answers before leaving the start to wait for it as before. */
const ANSWER_WITHIN_MS = 5_000;

/** One command as Redis reads it (a RESP array of bulk strings). */
function command(...words: string[]): string {
  return `*${words.length}\r\n${words.map((word) => `$${Buffer.byteLength(word)}\r\n${word}\r\n`).join('')}`;
}

/**
 * Asks the Redis a STORE_URL names what the bot's client will ask first (AUTH with the password in
 * the URL, SELECT of its database number, PING). A server that answers with a refusal will refuse
 * every command after it, and the client would only try again forever: that refusal comes back as a
 * sentence for the operator (where, what Redis said, what to put in STORE_URL). A server that does
 * not answer, or cannot be reached, gives undefined: the start waits for it, as Redis may be starting.
 */
export async function redisRefusal(url: string): Promise<OperatorError | undefined> {
  const parsed = new URL(url);
  const db = parsed.pathname.replace(/^\//, '');
  const where = `${parsed.host}${db ? `/${db}` : ''}`;
  const password = decodeURIComponent(parsed.password);
  const user = decodeURIComponent(parsed.username);
  const asks = [...(password ? [command('AUTH', ...(user ? [user] : []), password)] : []), ...(db ? [command('SELECT', db)] : []), command('PING')];
  const first = await firstRefusal(parsed, asks);
  if (!first) return undefined;
  const reason = first.replace(/^-/, '').trim();
  if (/^NOAUTH\b/.test(reason)) return new OperatorError('cli.store.redis_auth_required', { where }, `Redis at ${where} requires a password`);
  if (/^WRONGPASS\b|^ERR invalid password|^ERR AUTH/.test(reason)) return new OperatorError('cli.store.redis_auth_wrong', { where, reason }, `Redis at ${where} refused the password`);
  return new OperatorError('cli.store.redis_refused', { where, reason }, `Redis at ${where} refused the connection: ${reason}`);
}

/** Sends the commands and reads one line of answer for each: the first error line, if any. */
function firstRefusal(url: URL, asks: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    const port = Number(url.port || 6379);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const socket: Socket = url.protocol === 'rediss:' ? connectTls({ host, port, servername: host }) : connectPlain({ host, port });
    let text = '';
    let answered = 0;
    const done = (result: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done(undefined), ANSWER_WITHIN_MS);
    socket.setEncoding('utf8');
    socket.on('error', () => done(undefined));
    socket.on('close', () => done(undefined));
    socket.once(url.protocol === 'rediss:' ? 'secureConnect' : 'connect', () => socket.write(asks.join('')));
    socket.on('data', (chunk: string) => {
      text += chunk;
      let end: number;
      while ((end = text.indexOf('\r\n')) >= 0) {
        const line = text.slice(0, end);
        text = text.slice(end + 2);
        if (line.startsWith('-')) return done(line);
        // Only simple answers are expected (+OK, +PONG); anything else is not a refusal.
        answered += 1;
        if (answered >= asks.length) return done(undefined);
      }
    });
  });
}
