// The built app against the real server in headless Chromium, on a tablet and a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, shot, VIEWPORTS } from './browser.mjs';
import { storedPref, storedSession, useServerAndBrowser } from './flows.mjs';

const env = useServerAndBrowser();

async function signIn(page, username, password = 'demo') {
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
}


for (const kind of Object.keys(VIEWPORTS)) {
  test(`${kind}: sign in, switch language, reload, deep links`, async () => {
    const { context, page, problems } = await openPage(env.browser, kind);
    try {
      await page.goto(env.server.url + '/');
      await page.waitForURL('**/sign-in');
      await assert.doesNotReject(page.getByRole('heading', { name: 'Pieslēgšanās' }).waitFor());
      assert.equal(await page.getAttribute('html', 'lang'), 'lv');
      await shot(page, `${kind}-sign-in-lv`);

      await signIn(page, 'observer', 'wrong');
      await page.getByText('Nepareizs lietotājvārds vai parole.').waitFor();
      // Chromium logs the expected 401 as a console error; nothing else may appear.
      assert.deepEqual(problems.splice(0).map((p) => p.includes('401')), [true]);

      await signIn(page, 'observer');
      await page.waitForURL('**/observer');
      await page.getByRole('heading', { name: 'Vērošana' }).waitFor();
      await page.getByText('Sveiki, Ilze Kalniņa!').waitFor();
      await shot(page, `${kind}-observer-lv`);

      // The language choice is kept on the device and survives a reload.
      await page.getByRole('button', { name: 'EN' }).first().click();
      await page.getByRole('heading', { name: 'Observation', exact: true }).waitFor();
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      assert.equal(await storedPref(page, 'lang'), 'en');
      await page.reload();
      await page.getByRole('heading', { name: 'Observation', exact: true }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/observer', 'still signed in after reload');
      assert.equal(await storedPref(page, 'last_path'), '/observer');
      await shot(page, `${kind}-observer-en`);

      // In-app links change the screen without a reload, and Back returns.
      await page.click('#nav-drafts');
      await page.waitForURL('**/drafts');
      await page.locator('#new-sheet').waitFor();
      await page.goBack();
      await page.waitForURL('**/observer', { waitUntil: 'commit' });
      await page.getByRole('heading', { name: 'Observation', exact: true }).waitFor();


      // Another role's home sends you back to your own; an unknown page says so.
      await page.goto(env.server.url + '/management');
      await page.waitForURL('**/observer');
      await page.goto(env.server.url + '/no-such-page');
      await page.getByRole('heading', { name: 'Page not found' }).waitFor();

      // The root reopens the last screen.
      await page.goto(env.server.url + '/');
      await page.waitForURL('**/observer');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL('**/sign-in');
      assert.equal(await storedSession(page), undefined);

      // A teacher's deep link survives a reload (the server answers it with the app).
      await signIn(page, 'teacher');
      await page.waitForURL('**/teacher');
      await page.reload();
      await page.getByRole('heading', { name: 'My feedback' }).waitFor();
      await page.getByText('School: Madonas pilsētas vidusskola').waitFor();
      await shot(page, `${kind}-teacher-en`);

      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}

test('a deep link opened in a new browser goes to sign-in, then works', async () => {
  const { context, page, problems } = await openPage(env.browser, 'phone');
  try {
    const response = await page.goto(env.server.url + '/teacher');
    assert.equal(response.status(), 200);
    await page.waitForURL('**/sign-in');
    await signIn(page, 'teacher2');
    await page.waitForURL('**/teacher');
    await page.getByText('Sveiki, Rūta Siliņa!').waitFor();
    await page.getByText('Iestāde: Lubānas vidusskola').waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the layout fits the viewport without sideways scrolling', async () => {
  for (const kind of Object.keys(VIEWPORTS)) {
    const { context, page } = await openPage(env.browser, kind);
    try {
      await page.goto(env.server.url + '/sign-in');
      await page.locator('#username').waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${kind}: page is ${overflow}px wider than the screen`);
      const small = await page.evaluate(() => [...document.querySelectorAll('button, input')]
        .map((e) => e.getBoundingClientRect())
        .filter((r) => r.height < 44).length);
      assert.equal(small, 0, `${kind}: touch targets under 44px`);
    } finally {
      await context.close();
    }
  }
});

test('Chromium finds the app installable (manifest, icons, service worker)', async () => {
  const { context, page } = await openPage(env.browser, 'tablet');
  try {
    await page.goto(env.server.url + '/sign-in');
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    // Playwright's contexts are incognito-like; anything else would be the app's fault.
    assert.deepEqual(installabilityErrors.filter((e) => e.errorId !== 'in-incognito'), []);
    const { url, data } = await cdp.send('Page.getAppManifest');
    assert.match(url, /manifest\.webmanifest$/);
    const manifest = JSON.parse(data);
    assert.equal(manifest.short_name, 'Vēro');
    assert.equal(manifest.display, 'standalone');
  } finally {
    await context.close();
  }
});

test('the server sends the built app compressed and cached correctly', async () => {
  const index = await (await fetch(env.server.url + '/')).text();
  const wasm = index.match(/\/vero-[0-9a-f]+_bg\.wasm/)[0];
  const res = await fetch(env.server.url + wasm, { headers: { 'accept-encoding': 'br' } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/wasm');
  assert.equal(res.headers.get('content-encoding'), 'br');
  assert.match(res.headers.get('cache-control'), /immutable/);
  const page = await fetch(env.server.url + '/observer');
  assert.equal(page.headers.get('cache-control'), 'no-cache');
  const health = await fetch(env.server.url + '/api/health');
  assert.equal(health.status, 200);
  assert.equal((await health.json()).status, 'ok');
});
