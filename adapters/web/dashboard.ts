import { Hono, type Context } from 'hono';
import { localText, type Locale } from '../../src/config/schema';
import type { Bot } from '../../src/core/bot';
import { buildReport } from '../../src/evaluation/report';
import { formatReport } from '../../src/evaluation/report-format';
import { createBotAsker } from './ask-bot';
import { escapeHtml, page } from './pages';
import { chatUser, isCoordinator, partiesOfSession } from './people';
import type { WebEnv } from './server';

interface DashboardDeps {
  bot: Bot;
  localeOf(c: Context): Locale;
}

/**
 * `/dashboard`: each project's evaluation report with its chart, filtered by stage and party, and
 * the CSV and HTML downloads. Coordinators see every party; a party's members see their own.
 */
export function dashboardRoutes({ bot, localeOf }: DashboardDeps): Hono<WebEnv> {
  const { community, catalogue, outcomes } = bot.deps;
  const routes = new Hono<WebEnv>();
  const ask = createBotAsker(bot);
  const t = (locale: Locale, key: string, vars?: Record<string, string | number>) => catalogue.t(locale, key, vars);
  const text = localText;

  /** The project and filters asked for, within what this person may see; undefined when not allowed. */
  const chosen = (c: Context<WebEnv>) => {
    const session = c.get('session');
    const allowed = partiesOfSession(session, community);
    if (allowed.length === 0) return undefined;
    const project = community.projects.find((p) => p.id === c.req.query('project')) ?? community.projects[0];
    if (!project) return undefined;
    const stage = project.stages.find((s) => s.id === c.req.query('stage'))?.id;
    const askedParty = c.req.query('party');
    const party = isCoordinator(session) ? allowed.find((p) => p === askedParty) : allowed[0];
    const locale = (c.req.query('lang') === 'zh-CN' ? 'zh-CN' : c.req.query('lang') === 'en' ? 'en' : localeOf(c)) as Locale;
    return { project, stage, party, allowed, locale, coordinator: isCoordinator(session) };
  };
  const report = (pick: NonNullable<ReturnType<typeof chosen>>) =>
    buildReport(outcomes, community, { project: pick.project.id, now: Date.now(), evidence: false, ...(pick.stage ? { stage: pick.stage } : {}), ...(pick.party ? { party: pick.party } : {}) });
  const notAllowed = (c: Context<WebEnv>) => {
    const locale = localeOf(c);
    return c.html(page(locale, t(locale, 'web.ui.dashboard'), `<p role="alert">${escapeHtml(t(locale, 'web.dashboard.not_allowed'))}</p><p><a href="/">${escapeHtml(t(locale, 'web.ui.chat'))}</a></p>`), 403);
  };

  routes.get('/', async (c) => {
    const pick = chosen(c);
    if (!pick) return notAllowed(c);
    const { project, locale } = pick;
    const html = formatReport(await report(pick), 'html', { locale });
    const body = /<body>([\s\S]*)<\/body>/.exec(html)?.[1] ?? '';
    // The report's own title becomes a section heading under the page's.
    const section = body.replace(/<h1>/g, '<h2>').replace(/<\/h1>/g, '</h2>');
    const option = (value: string, label: string, selected: boolean) => `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;
    const select = (name: string, label: string, options: string) => `<label>${escapeHtml(label)} <select name="${name}">${options}</select></label>`;
    const query = new URLSearchParams({ project: project.id, lang: locale, ...(pick.stage ? { stage: pick.stage } : {}), ...(pick.party ? { party: pick.party } : {}) }).toString();
    const parties = community.parties.filter((p) => pick.allowed.includes(p.id));
    const filters = `<form method="get" action="/dashboard" class="filters">
${select('project', t(locale, 'web.dashboard.project'), community.projects.map((p) => option(p.id, text(p.name, locale), p.id === project.id)).join(''))}
${select('stage', t(locale, 'web.dashboard.stage'), option('', t(locale, 'web.dashboard.all'), !pick.stage) + project.stages.map((s) => option(s.id, text(s.name, locale), s.id === pick.stage)).join(''))}
${pick.coordinator ? select('party', t(locale, 'web.dashboard.party'), option('', t(locale, 'web.dashboard.all'), !pick.party) + parties.map((p) => option(p.id, text(p.name, locale), p.id === pick.party)).join('')) : ''}
<input type="hidden" name="lang" value="${escapeHtml(locale)}"><button type="submit">${escapeHtml(t(locale, 'web.dashboard.show'))}</button></form>
<p class="downloads"><a href="/dashboard/report.csv?${escapeHtml(query)}" download>${escapeHtml(t(locale, 'web.dashboard.csv'))}</a> · <a href="/dashboard/report.html?${escapeHtml(query)}" download>${escapeHtml(t(locale, 'web.dashboard.html'))}</a></p>`;
    const nav = `<nav aria-label="${escapeHtml(t(locale, 'web.ui.places'))}"><a href="/">${escapeHtml(t(locale, 'web.ui.chat'))}</a> · <a href="/dashboard?${escapeHtml(new URLSearchParams({ project: project.id, lang: locale === 'en' ? 'zh-CN' : 'en' }).toString())}" lang="${locale === 'en' ? 'zh-CN' : 'en'}">${locale === 'en' ? '中文' : 'English'}</a></nav>`;
    // The summary and themes as the chat would give them to this person (the core checks the role).
    // In the page's language, as the chat answers a person in theirs.
    const user = { ...chatUser(c.get('session'), community), locale };
    const [summary, themes] = await Promise.all([
      ask(user, 'summary', ['project', project.id, ...(pick.stage ? [pick.stage] : [])]),
      ask(user, 'summary', ['feedback', project.id]),
    ]);
    const said = (key: string, lines: string[]) => `<section aria-labelledby="${key}"><h2 id="${key}">${escapeHtml(t(locale, `web.dashboard.${key}`))}</h2>${lines.map((l) => `<p class="said">${escapeHtml(l)}</p>`).join('')}</section>`;
    return c.html(
      page(
        locale,
        t(locale, 'web.dashboard.title', { project: text(project.name, locale) }),
        `${nav}<p>${escapeHtml(t(locale, 'web.dashboard.intro'))}</p>${filters}<section aria-label="${escapeHtml(t(locale, 'web.dashboard.report'))}" class="report">${section}</section>${said('summary', summary)}${said('themes', themes)}`,
      ),
    );
  });

  routes.get('/report.csv', async (c) => {
    const pick = chosen(c);
    if (!pick) return notAllowed(c);
    return c.body(formatReport(await report(pick), 'csv', { locale: pick.locale }), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${pick.project.id}-report.csv"`,
    });
  });

  routes.get('/report.html', async (c) => {
    const pick = chosen(c);
    if (!pick) return notAllowed(c);
    return c.body(formatReport(await report(pick), 'html', { locale: pick.locale }), 200, {
      'content-type': 'text/html; charset=utf-8',
      'content-disposition': `attachment; filename="${pick.project.id}-report.html"`,
      // The report is one self-contained file with its own styles and no scripts.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    });
  });
  return routes;
}
