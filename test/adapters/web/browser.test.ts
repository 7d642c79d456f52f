import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createWebWorld, seriousViolations, type WebWorld } from './browser';

const chromiumPath = inject('browser').chromium;

/** Types in the message box, as a person does, and sends with Enter. */
async function say(page: Page, text: string) {
  await page.getByLabel('Message', { exact: true }).fill(text);
  await page.getByLabel('Message', { exact: true }).press('Enter');
}
const log = (page: Page) => page.getByRole('log');
const goTo = (page: Page, name: string | RegExp) => page.getByRole('navigation', { name: 'Places' }).getByRole('button', { name }).click();

// Each test drives one or two Chromium pages through a whole conversation: on two busy cores, with
// another test file running beside this one, that can take longer than the suite's 20 s default.
describe.skipIf(!chromiumPath)('the web chat in a browser', { timeout: 60_000 }, () => {
  let w: WebWorld;
  beforeAll(async () => {
    w = await createWebWorld(chromiumPath as string);
  }, 60_000);
  afterAll(async () => w?.close());

  it('runs the whole feedback loop between a resident and the housing office, in two browsers', async () => {
    const maria = await w.person('Maria', 'resident');
    const jo = await w.person('Jo', 'housing-office');
    await maria.getByRole('heading', { level: 2, name: '#general' }).waitFor();
    // A resident files a report: a button, then a form, then buttons.
    await say(maria, '/feedback');
    await log(maria).getByRole('button', { name: 'Repairs' }).click();
    const form = maria.getByRole('dialog');
    await form.getByLabel(/What happened/).fill('The stairwell light in building 4 is broken');
    await form.getByLabel(/Where is it/).fill('Building 4, east stairs');
    await form.getByRole('button', { name: 'Send' }).click();
    await log(maria).getByRole('button', { name: 'Soon, please' }).click();
    // Each question is answered once it is shown: the Yes and No of the one before are still there.
    await log(maria).getByText('Would you like to stay anonymous').waitFor();
    await log(maria).getByRole('button', { name: 'No' }).last().click();
    await log(maria).getByText('May they contact you directly').waitFor();
    await log(maria).getByRole('button', { name: 'Yes' }).last().click();
    await log(maria).getByText('Your report FB-0001 has gone to the housing office').waitFor();
    // Only Maria sees the bot's questions to her; the housing office's channel is not hers.
    await expect(maria.getByRole('navigation', { name: 'Places' }).getByRole('button', { name: /housing-office/ }).count()).resolves.toBe(0);

    // The housing office, in its own browser, sees it live, acknowledges and resolves it.
    await goTo(jo, /#housing-office/);
    await log(jo).getByText('New report FB-0001 (Repairs, soon).').waitFor();
    await expect(log(jo).getByText('The stairwell light in building 4 is broken').count()).resolves.toBe(1);
    await log(jo).getByRole('button', { name: 'Acknowledge' }).last().click();
    await log(jo).getByText('Jo has acknowledged FB-0001.').waitFor();
    await log(jo).getByRole('button', { name: 'Resolved' }).last().click();
    await log(jo).getByText('what was done?').waitFor();
    await say(jo, 'Replaced the bulb and the switch.');
    await log(jo).getByText('Jo has marked FB-0001 as resolved: Replaced the bulb and the switch.').waitFor();

    // The resident is told by direct message, confirms and rates it.
    await goTo(maria, 'Messages to you');
    await log(maria).getByText('the housing office says it has been dealt with').waitFor();
    await log(maria).getByRole('button', { name: "Confirm it's fixed" }).click();
    await log(maria).getByRole('button', { name: '5', exact: true }).click();
    await log(maria).getByText('Report FB-0001 is now closed.').waitFor();
    await log(jo).getByText('The resident has confirmed FB-0001 is fixed and rated how it was handled 5 out of 5.').waitFor();

    expect(await seriousViolations(maria)).toEqual([]);
    await maria.context().close();
    await jo.context().close();
  });

  it('runs a poll: a coordinator asks, residents vote with the buttons, votes stay private', async () => {
    const wang = await w.person('Wang', 'coordinator');
    const ana = await w.person('Ana', 'resident');
    await say(wang, '/poll "Which evening suits you for the meeting?" "Tuesday" "Thursday"');
    await log(ana).getByText('Which evening suits you for the meeting?').waitFor();
    // From the keyboard: the buttons are real buttons, so Enter on the focused one votes.
    await log(ana).getByRole('button', { name: '2. Thursday' }).focus();
    await ana.keyboard.press('Enter');
    await log(ana).getByText('Thank you, your vote is saved: 2. Thursday.').waitFor();
    await expect(log(wang).getByText('your vote is saved').count()).resolves.toBe(0);
    await ana.context().close();
    await wang.context().close();
  });

  it("shows the coordinator's dashboard with the report, its chart and downloads, and nothing serious for axe", async () => {
    const li = await w.person('Li', 'coordinator');
    await li.getByRole('link', { name: 'Dashboard' }).click();
    await li.getByRole('heading', { level: 1, name: 'Dashboard: Riverside renewal' }).waitFor();
    expect(await li.locator('figure.chart svg').count()).toBe(1);
    // The summary and the themes, as the chat gives them to a coordinator: the report filed above is there.
    expect(await li.getByRole('region', { name: 'Summary of recent reports' }).innerText()).toContain('reports resolved: 1');
    expect(await li.getByRole('region', { name: 'Themes' }).innerText()).toContain('FB-0001: “The stairwell light in building 4 is broken”');
    const csvRows = async () => {
      const href = await li.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
      const csv = await li.request.get(`${w.web.url}${href ?? ''}`);
      expect(csv.headers()['content-disposition']).toContain('riverside-renewal-report.csv');
      return (await csv.text()).split('\r\n').map((line) => line.split(','));
    };
    // The report the resident rated counts in the project's satisfaction (n = 1); below the minimum
    // of 3 ratings the report shows no figure yet rather than a misleading one.
    expect((await csvRows()).find((row) => row[1] === 'satisfaction')?.slice(7, 12)).toEqual(['', '4', 'at_least', '1', '3']);
    await li.getByLabel('Responsible party').selectOption('housing-office');
    await li.getByRole('button', { name: 'Show' }).click();
    await li.waitForURL(/party=housing-office/);
    const partyRows = await csvRows();
    expect(partyRows.filter((row) => row[0] !== 'axis' && row.length > 1).map((row) => `${row[1]} ${row[6]}`)).toEqual(['ack-time housing-office']);
    expect(await seriousViolations(li)).toEqual([]);
    // A resident is told the dashboard is not for them.
    const ana = await w.person('Ana', 'resident');
    expect(await ana.getByRole('link', { name: 'Dashboard' }).count()).toBe(0);
    const refused = await ana.goto(`${w.web.url}/dashboard`);
    expect(refused?.status()).toBe(403);
    // In Chinese, the bot's summary on the dashboard is in Chinese too.
    await li.goto(`${w.web.url}/dashboard?lang=zh-CN`);
    expect(await li.getByRole('region', { name: '近期反馈摘要' }).innerText()).toContain('河畔社区微更新至今各阶段的进展');
    await li.context().close();
    await ana.context().close();
  });

  it('opens a thread the bot starts, where people take part and the bot answers them there', async () => {
    const li = await w.person('Li', 'social_worker');
    const ana = await w.person('Ana', 'resident');
    await say(li, '/dialogue start "Courtyard parking"');
    await log(li).getByText('A dialogue on “Courtyard parking” has started in its own thread.').waitFor();
    // The new thread appears in everyone's places, live.
    await goTo(ana, 'Thread: Dialogue: Courtyard parking');
    await ana.getByRole('heading', { level: 2, name: 'Thread: Dialogue: Courtyard parking' }).waitFor();
    await say(ana, '/dialogue join');
    await log(ana).getByText('Welcome, Ana. Thank you for taking part.').waitFor();
    await goTo(li, 'Thread: Dialogue: Courtyard parking');
    await log(li).getByText('Welcome, Ana. Thank you for taking part.').waitFor();
    await li.context().close();
    await ana.context().close();
  });

  it('shows a script tag typed in a message as text, running nothing', async () => {
    const ben = await w.person('Ben', 'resident');
    const chen = await w.person('Chen', 'resident');
    await chen.evaluate(() => ((globalThis as unknown as { pwned: boolean }).pwned = false));
    const text = '<script>globalThis.pwned = true</script><img src=x onerror="globalThis.pwned = true"> hello';
    await say(ben, text);
    await log(chen).getByText(text).waitFor();
    expect(await chen.evaluate(() => (globalThis as unknown as { pwned: boolean }).pwned)).toBe(false);
    expect(await log(chen).locator('script, img').count()).toBe(0);
    // Right-to-left writing reads right to left, in the box and on the page.
    const arabic = 'مرحبا بالجميع، الباب مكسور!';
    await ben.getByLabel('Message', { exact: true }).fill(arabic);
    expect(await ben.getByLabel('Message', { exact: true }).evaluate((box) => box.ownerDocument.defaultView?.getComputedStyle(box).direction)).toBe('rtl');
    await ben.getByLabel('Message', { exact: true }).press('Enter');
    expect(await log(chen).getByText(arabic).evaluate((p) => p.ownerDocument.defaultView?.getComputedStyle(p).direction)).toBe('rtl');
    expect(await log(chen).getByText('hello').evaluate((p) => p.ownerDocument.defaultView?.getComputedStyle(p).direction)).toBe('ltr');
    await ben.context().close();
    await chen.context().close();
  });

  it('refuses an invitation link that was used already, or has expired', async () => {
    const context = await w.browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const link = w.invite('Dana', 'resident');
    await page.goto(link);
    await page.getByRole('button', { name: 'Join the chat' }).click();
    await page.waitForSelector('body[data-live="true"]');
    const other = await w.browser.newContext({ locale: 'en-GB' });
    const again = await other.newPage();
    await again.goto(link);
    await again.getByRole('button', { name: 'Join the chat' }).click();
    await again.getByText("This invitation link can't be used any more").waitFor();
    await again.goto(w.invite('Eve', 'resident', -1));
    await again.getByRole('button', { name: 'Join the chat' }).click();
    await again.getByText("This invitation link can't be used any more").waitFor();
    expect((await again.goto(`${w.web.url}/`))?.status()).toBe(401);
    await context.close();
    await other.close();
  });

  it('refuses requests without the session cookie, and from other sites', async () => {
    const none = await fetch(`${w.web.url}/api/state`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: string }).error).toContain('please open the invitation link');
    const post = await fetch(`${w.web.url}/api/message`, { method: 'POST', headers: { 'content-type': 'application/json', origin: w.web.url }, body: '{"place":"c:general","text":"hi"}' });
    expect(post.status).toBe(401);
    const fay = await w.person('Fay', 'resident');
    const cookie = (await fay.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    // With the cookie but from another site (no matching Origin, no token), nothing is sent.
    const forged = await fetch(`${w.web.url}/api/message`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', origin: 'https://elsewhere.example' }, body: '{"place":"c:general","text":"hi"}' });
    expect(forged.status).toBe(403);
    const noToken = await fetch(`${w.web.url}/api/message`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', origin: w.web.url }, body: '{"place":"c:general","text":"hi"}' });
    expect(noToken.status).toBe(403);
    expect((await fay.context().cookies())[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await fay.context().close();
  });

  it('keeps the focus in the message box after Send, keeps a form open with what was typed when sending fails, and does not bring back a form put away, in any of her tabs', async () => {
    const ines = await w.person('Ines', 'resident');
    // Sent with the Send button, the message box keeps the focus for the next line.
    await ines.getByLabel('Message', { exact: true }).fill('/feedback');
    await ines.getByRole('button', { name: 'Send' }).click();
    await expect(ines.getByLabel('Message', { exact: true }).evaluate((box) => box === box.ownerDocument.activeElement)).resolves.toBe(true);
    await log(ines).getByRole('button', { name: 'Repairs' }).click();
    const form = ines.getByRole('dialog');
    await form.getByLabel(/What happened/).fill('The bin store door will not lock');
    await form.getByLabel(/Where is it/).fill('Building 2');
    // The connection drops as she sends: her words stay, and she can send them again.
    await ines.route('**/api/form', (route) => route.abort(), { times: 1 });
    await form.getByRole('button', { name: 'Send' }).click();
    await form.getByRole('alert').filter({ hasText: /\S/ }).waitFor();
    await expect(form.getByLabel(/What happened/).inputValue()).resolves.toBe('The bin store door will not lock');
    await form.getByRole('button', { name: 'Send' }).click();
    await log(ines).getByRole('button', { name: 'Soon, please' }).waitFor();
    await expect(ines.getByRole('dialog').count()).resolves.toBe(0);
    // A form put away with Escape does not open again when the page is reloaded.
    await say(ines, '/feedback');
    await log(ines).getByRole('button', { name: 'Repairs' }).nth(1).click();
    await ines.getByRole('dialog').waitFor();
    // Her second tab shows the same form, and puts it away when she does so in the first.
    const tab = await ines.context().newPage();
    await tab.goto(w.web.url);
    await tab.getByRole('dialog').waitFor();
    const putAway = ines.waitForResponse('**/api/form/cancel');
    await ines.keyboard.press('Escape');
    await expect(ines.getByRole('dialog').count()).resolves.toBe(0);
    await putAway;
    await tab.getByRole('dialog').waitFor({ state: 'detached' });
    await ines.reload();
    await ines.waitForSelector('body[data-live="true"]');
    await expect(ines.getByRole('dialog').count()).resolves.toBe(0);
    await ines.context().close();
  });

  it('follows the browser language (zh-CN), and can be switched to English', async () => {
    const xiao = await w.person('小梅', 'resident', 'zh-CN');
    await xiao.getByLabel('消息', { exact: true }).waitFor();
    await xiao.getByRole('button', { name: '发送' }).waitFor();
    // The bot answers her in her language too, in an English-speaking community: buttons and form.
    await xiao.getByLabel('消息', { exact: true }).fill('/feedback');
    await xiao.getByLabel('消息', { exact: true }).press('Enter');
    await log(xiao).getByRole('button', { name: '维修' }).click();
    await xiao.getByRole('dialog').getByLabel(/发生了什么/).waitFor();
    await xiao.getByRole('dialog').getByRole('button', { name: '取消' }).click();
    await xiao.getByLabel('语言').selectOption('en');
    await xiao.getByLabel('Message', { exact: true }).waitFor();
    expect(await xiao.locator('html').getAttribute('lang')).toBe('en');
    await xiao.context().close();
  });

  it('still shows a poll with working buttons after the bot restarts, on the open page and on reload', async () => {
    const wang = await w.person('Wang', 'coordinator');
    const ana = await w.person('Ana', 'resident');
    await say(wang, '/poll "Which morning suits you for the clean-up?" "Saturday" "Sunday"');
    await log(ana).getByText('Which morning suits you for the clean-up?').waitFor();
    const dropped = ana.waitForSelector('body[data-live="false"]');
    await w.restart();
    // Her open page reconnects by itself; his is reloaded.
    await dropped;
    await ana.waitForSelector('body[data-live="true"]');
    await wang.reload();
    await log(wang).getByRole('button', { name: '2. Sunday' }).waitFor();
    await log(ana).getByRole('button', { name: '1. Saturday' }).click();
    await log(ana).getByText('Thank you, your vote is saved: 1. Saturday.').waitFor();
    await ana.waitForTimeout(300);
    await expect(log(ana).getByText('your vote is saved').count()).resolves.toBe(1);
    await ana.context().close();
    await wang.context().close();
  });
});
