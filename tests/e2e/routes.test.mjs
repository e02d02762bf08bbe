// Screens by address (leptos_router): an unknown address, the back button, the skip
// link, and deep links opened with no network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, shot } from './browser.mjs';
import { signIn as signInAt, startSheet, useServerAndBrowser } from './flows.mjs';

const env = useServerAndBrowser();
const signIn = (page, username) => signInAt(page, env.server.url, username);
const pathOf = (page) => new URL(page.url()).pathname;

test('an unknown address shows "not found" with a way home', async () => {
  const { context, page, problems } = await openPage(env.browser, 'phone');
  try {
    for (const unknown of ['/no-such-page', '/teacher/extra/parts', '/sheet']) {
      const response = await page.goto(env.server.url + unknown);
      assert.equal(response.status(), 200, 'the server answers every screen with the app');
      await page.getByRole('heading', { name: 'Lapa nav atrasta' }).waitFor();
      assert.equal(pathOf(page), unknown, 'the address stays as typed');
    }
    await shot(page, 'phone-not-found-lv');
    // Signed out, home is the sign-in screen.
    await page.getByRole('link', { name: 'Sākums' }).click();
    await page.waitForURL('**/sign-in');

    await signIn(page, 'teacher');
    await page.goto(env.server.url + '/sheets/42');
    await page.getByRole('heading', { name: 'Lapa nav atrasta' }).waitFor();
    await page.getByRole('link', { name: 'Sākums' }).click();
    await page.waitForURL('**/teacher');
    await page.getByText('Sveiki, Anna Bērziņa!').waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('Back returns to the screen before, links and redirects leave no extra entries', async () => {
  const { context, page, problems } = await openPage(env.browser, 'phone');
  try {
    await signIn(page);
    assert.equal(pathOf(page), '/observer');
    const sheetUrl = await startSheet(page);
    const id = sheetUrl.split('/').pop();
    await page.fill('#ctx-outcome', 'Atpakaļ un uz priekšu');

    // The sheet is long on a phone: a new screen starts at its top.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    assert.ok(await page.evaluate(() => window.scrollY) > 0);
    await page.click('#nav-drafts');
    await page.waitForURL('**/drafts');
    await page.locator(`[data-id="${id}"] .draft-open`).waitFor();
    assert.equal(await page.evaluate(() => window.scrollY), 0);

    // The brand goes to "/", which sends a signed-in person home.
    await page.click('.brand');
    await page.waitForURL('**/observer');
    await page.getByRole('heading', { name: 'Vērošana' }).waitFor();

    // Back: drafts (not "/", which would only send the person forward again), then the
    // sheet as it was left, then the start screen.
    await page.goBack();
    await page.waitForURL('**/drafts', { waitUntil: 'commit' });
    await page.locator(`[data-id="${id}"] .draft-open`).waitFor();
    await page.goBack();
    await page.waitForURL(`**/sheet/${id}`, { waitUntil: 'commit' });
    assert.equal(await page.inputValue('#ctx-outcome'), 'Atpakaļ un uz priekšu');
    await page.goBack();
    await page.waitForURL('**/sheet/new', { waitUntil: 'commit' });
    await page.locator('#start-teacher').waitFor();
    await page.goForward();
    await page.waitForURL(`**/sheet/${id}`, { waitUntil: 'commit' });
    await page.locator('#ctx-outcome').waitFor();

    // From one sheet straight to another (no screen links them yet; a link such as the
    // coming ones would): the route stays, its id changes, the screen is built for it.
    await page.goto(env.server.url + '/drafts');
    const other = await startSheet(page, { teacher: 'Anna Bērziņa', klass: '9.c' });
    await page.evaluate((href) => {
      const a = document.createElement('a');
      a.href = href;
      a.textContent = 'the first sheet';
      document.body.append(a);
      a.click();
    }, sheetUrl);
    await page.waitForURL(`**/sheet/${id}`);
    await page.waitForFunction(() => document.querySelector('#ctx-outcome')?.value === 'Atpakaļ un uz priekšu');
    await page.goBack();
    await page.waitForURL(other, { waitUntil: 'commit' });
    await page.waitForFunction(() => document.querySelector('#ctx-outcome')?.value === '');

    // The skip link is a fragment link: the screen stays, and the keyboard goes on in <main>.
    await page.focus('a.skip');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash === '#main');
    assert.equal(pathOf(page), new URL(other).pathname);
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => document.querySelector('#main').contains(document.activeElement)),
      'Tab after the skip link goes into the content');
    await page.locator('#ctx-outcome').waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('offline: a deep link to a sheet opens it, an unknown one says "not found"', async () => {
  const { context, page, problems } = await openPage(env.browser, 'tablet');
  try {
    await signIn(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    const sheetUrl = await startSheet(page, { teacher: 'Anna Bērziņa', klass: '6.b' });
    await page.fill('#ctx-outcome', 'Atvērts bez tīkla');
    await page.click('#nav-drafts');
    await page.waitForURL('**/drafts');

    await context.setOffline(true);
    // A new tab, as a link from a message or a bookmark would open it.
    const tab = await context.newPage();
    tab.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    tab.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    await tab.goto(sheetUrl);
    await tab.locator('#progress').waitFor();
    assert.equal(await tab.inputValue('#ctx-outcome'), 'Atvērts bez tīkla');
    await shot(tab, 'tablet-sheet-deep-link-offline');
    await tab.goto(env.server.url + '/sheet/00000000-0000-7000-8000-000000000000/nothing');
    await tab.getByRole('heading', { name: 'Lapa nav atrasta' }).waitFor();
    assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(p)), []);
  } finally {
    await context.close();
  }
});
