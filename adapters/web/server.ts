import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { secureHeaders } from 'hono/secure-headers';
import { z } from 'zod';
import type { Bot } from '../../src/core/bot';
import type { InboundEvent } from '../../src/core/events';
import { localText, type Locale } from '../../src/config/schema';
import { splitArgs } from '../../src/core/text';
import type { Logger } from '../../src/core/log';
import { PROMPTS_DIR } from '../../src/paths';
import type { WebHistory } from './history';
import { canSeeMessage } from './outbox';
import { browserLocale, escapeHtml, page } from './pages';
import { chatUser, partiesOfSession } from './people';
import type { WebPlaces } from './places';
import type { RateLimit } from './rate-limit';
import { csrfToken, sign, unsign, type WebSession, type WebSessions } from './sessions';
import { dashboardRoutes } from './dashboard';

export const SESSION_COOKIE = 'cg_session';
/** The page's built files (Vite's output), shipped with the package. */
export const PUBLIC_DIR = join(PROMPTS_DIR, '..', 'adapters', 'web', 'public');

export interface WebServerDeps {
  bot: Bot;
  store: WebSessions;
  places: WebPlaces;
  history: WebHistory;
  rateLimit: RateLimit;
  log: Logger;
  /** Mark the cookie Secure (behind TLS). */
  secureCookie: boolean;
  /** A per-process part of event ids, so they never repeat across runs. */
  run: string;
  /** Tells this person's other open pages that a form was sent or put away, so they close it too. */
  formClosed(userId: string, formId: string): void;
  /** Posts what a person wrote where others can see it. */
  postPersonMessage(session: WebSession, place: string, text: string): void;
}

export type WebEnv = { Variables: { session: WebSession } };

/** The language the page is shown in: the bot answers this person in it, as Discord's client locale. */
const PageLocale = z.enum(['en', 'zh-CN']).optional();
const MessageBody = z.object({ place: z.string().min(1).max(140), text: z.string().min(1).max(8000), locale: PageLocale });
const ChoiceBody = z.object({ messageId: z.string().min(1).max(100), value: z.string().min(1).max(100), locale: PageLocale });
const FormBody = z.object({ formId: z.string().min(1).max(100), values: z.record(z.string().max(40), z.string().max(8000)), locale: PageLocale });

/** The session a request carries in its signed cookie, if it still exists. */
export function sessionOf(cookie: string | undefined, store: WebSessions): WebSession | undefined {
  const id = cookie ? unsign(cookie, store.secret) : undefined;
  return id ? store.find(id) : undefined;
}

export function createWebServer(deps: WebServerDeps): Hono<WebEnv> {
  const { bot, store, places, history, rateLimit, log } = deps;
  const { community, catalogue } = bot.deps;
  const app = new Hono<WebEnv>();
  const localeOf = (c: Context) => browserLocale(c.req.header('accept-language'), community.locale);
  const t = (locale: Locale, key: string, vars?: Record<string, string | number>) => catalogue.t(locale, key, vars);
  const communityName = (locale: Locale) => localText(community.name, locale);
  let sequence = 0;

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'self'"], connectSrc: ["'self'"], imgSrc: ["'self'", 'data:'], styleSrc: ["'self'", "'unsafe-inline'"], frameAncestors: ["'none'"], formAction: ["'self'"] },
      referrerPolicy: 'no-referrer',
    }),
  );
  // Changes must come from the chat's own pages: the browser's Origin says where a request came from.
  app.use('*', csrf());
  app.onError((error, c) => {
    log.error({ err: { name: error.name, code: (error as NodeJS.ErrnoException).code } }, 'web request failed');
    return c.text(t(localeOf(c), 'web.bad_request'), 500);
  });

  app.get('/join/:token', (c) => {
    const locale = localeOf(c);
    const action = `/join/${encodeURIComponent(c.req.param('token'))}`;
    const body = `<p>${escapeHtml(t(locale, 'web.join.intro', { community: communityName(locale) }))}</p><form method="post" action="${escapeHtml(action)}"><button type="submit">${escapeHtml(t(locale, 'web.join.button'))}</button></form>`;
    return c.html(page(locale, t(locale, 'web.join.title'), body));
  });

  app.post('/join/:token', (c) => {
    const locale = localeOf(c);
    const redeemed = store.redeem(c.req.param('token'));
    if (!redeemed.ok) {
      log.info({ reason: redeemed.reason }, 'web invitation refused');
      return c.html(page(locale, t(locale, 'web.join.title'), `<p role="alert">${escapeHtml(t(locale, 'web.join.refused'))}</p>`), 410);
    }
    setCookie(c, SESSION_COOKIE, sign(redeemed.session.id, store.secret), { httpOnly: true, sameSite: 'Strict', secure: deps.secureCookie, path: '/', maxAge: 60 * 60 * 24 * 180 });
    log.info('web session started');
    return c.redirect('/', 303);
  });

  app.get('/assets/:file', async (c) => {
    const file = basename(c.req.param('file'));
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : undefined;
    if (!type) return c.notFound();
    const data = await readFile(join(PUBLIC_DIR, 'assets', file)).catch(() => undefined);
    if (!data) return c.notFound();
    return c.body(data, 200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'public, max-age=31536000, immutable' });
  });

  // Everything else needs a session: there is no open sign-up.
  app.use('*', async (c, next) => {
    const session = sessionOf(getCookie(c, SESSION_COOKIE), store);
    if (!session) {
      const locale = localeOf(c);
      if (c.req.path.startsWith('/api/')) return c.json({ error: t(locale, 'web.no_session') }, 401);
      return c.html(page(locale, communityName(locale), `<p role="alert">${escapeHtml(t(locale, 'web.no_session'))}</p>`), 401);
    }
    if (!rateLimit.take(session.id)) return c.json({ error: t(localeOf(c), 'web.too_many') }, 429);
    c.set('session', session);
    if (c.req.method === 'POST' && c.req.header('x-csrf-token') !== csrfToken(session.id, store.secret)) {
      return c.json({ error: t(localeOf(c), 'web.bad_request') }, 403);
    }
    await next();
  });

  app.get('/', async (c) => c.html(await readFile(join(PUBLIC_DIR, 'index.html'), 'utf8')));

  app.get('/api/state', (c) => {
    const session = c.get('session');
    const messages = [...history.all()].filter((m) => canSeeMessage(session, m, places));
    const strings = Object.fromEntries(
      (['en', 'zh-CN'] as const).map((locale) => [
        locale,
        Object.fromEntries(catalogue.keys(locale).filter((k) => k.startsWith('web.ui.')).map((k) => [k.slice(7), t(locale, k, { community: communityName(locale), name: session.name })])),
      ]),
    );
    return c.json({
      me: { name: session.name, role: session.role, dashboard: partiesOfSession(session, community).length > 0 },
      csrf: csrfToken(session.id, store.secret),
      defaultLocale: localeOf(c),
      homePlace: `c:${community.homeChannel}`,
      places: places.list(session),
      messages,
      forms: store.forms.of(session.userId),
      strings,
    });
  });

  const event = (session: WebSession, ref: NonNullable<ReturnType<WebPlaces['ref']>>, locale: Locale | undefined) => ({
    eventId: `web-${deps.run}-${(sequence += 1)}`,
    ref,
    user: { ...chatUser(session, community), ...(locale ? { locale } : {}) },
    canOpenForm: true,
  });
  const bad = (c: Context) => c.json({ error: t(localeOf(c), 'web.bad_request') }, 400);

  app.post('/api/message', async (c) => {
    const session = c.get('session');
    const body = MessageBody.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return bad(c);
    const ref = places.ref(body.data.place, session);
    if (!ref) return bad(c);
    const text = body.data.text.trim();
    if (!text) return bad(c);
    let inbound: InboundEvent;
    if (text.startsWith('/')) {
      const [name, ...words] = splitArgs(text);
      // `@Maria` or `"@Maria Chen"` names a person: the core gets their chat user id, as a platform's mention.
      const args = words.map((word) => {
        const id = word.startsWith('@') ? store.userIdByName(word.slice(1)) : undefined;
        return id ? `@${id}` : word;
      });
      inbound = { kind: 'command', name: (name ?? '/').slice(1).toLowerCase() || 'help', args, options: {}, ...event(session, ref, body.data.locale) };
    } else {
      deps.postPersonMessage(session, body.data.place, text);
      inbound = { kind: 'message', text, ...event(session, ref, body.data.locale) };
    }
    await bot.handle(inbound);
    return c.json({ ok: true });
  });

  app.post('/api/choice', async (c) => {
    const session = c.get('session');
    const body = ChoiceBody.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return bad(c);
    // Only a button this person can see, with a value it offered.
    const message = history.find(body.data.messageId);
    // A button the chat no longer keeps (its message was long ago): nothing happens, and they are told what to type.
    if (!message) return c.json({ error: t(body.data.locale ?? localeOf(c), 'web.button_gone') }, 410);
    if (!canSeeMessage(session, message, places) || !message.choices?.some((ch) => ch.value === body.data.value)) return bad(c);
    const ref = places.ref(message.place, session);
    if (!ref) return bad(c);
    await bot.handle({ kind: 'choice', value: body.data.value, ...event(session, ref, body.data.locale) });
    return c.json({ ok: true });
  });

  app.post('/api/form', async (c) => {
    const session = c.get('session');
    const body = FormBody.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return bad(c);
    const form = store.forms.find(session.userId, body.data.formId);
    const ref = form ? places.ref(form.place, session) : undefined;
    // Taken once: a second send of the same form (another tab, a retry) finds it gone.
    if (!form || !ref || !store.forms.remove(session.userId, form.formId)) return bad(c);
    deps.formClosed(session.userId, form.formId);
    const values = Object.fromEntries(form.fields.map((f) => [f.id, body.data.values[f.id] ?? '']));
    await bot.handle({ kind: 'form', formId: form.formId, values, ...event(session, ref, body.data.locale) });
    return c.json({ ok: true });
  });

  // A form put away (Cancel, Escape) is not shown again when the page reloads.
  app.post('/api/form/cancel', async (c) => {
    const body = z.object({ formId: z.string().min(1).max(100) }).safeParse(await c.req.json().catch(() => null));
    if (!body.success) return bad(c);
    if (store.forms.remove(c.get('session').userId, body.data.formId)) deps.formClosed(c.get('session').userId, body.data.formId);
    return c.json({ ok: true });
  });

  app.get('/api/attachment/:id', (c) => {
    const message = history.find(c.req.param('id'));
    const data = message?.attachment ? history.attachment(message.id) : undefined;
    if (!message?.attachment || !data || !canSeeMessage(c.get('session'), message, places)) return c.notFound();
    const name = message.attachment.name.replace(/[^\w.-]/g, '_');
    return c.body(Buffer.from(data), 200, { 'content-type': message.attachment.contentType, 'content-disposition': `attachment; filename="${name}"` });
  });

  app.route('/dashboard', dashboardRoutes({ bot, localeOf }));

  app.notFound((c) => {
    const locale = localeOf(c);
    return c.html(page(locale, communityName(locale), `<p>${escapeHtml(t(locale, 'web.not_found'))}</p><p><a href="/">${escapeHtml(t(locale, 'web.ui.chat'))}</a></p>`), 404);
  });
  return app;
}
