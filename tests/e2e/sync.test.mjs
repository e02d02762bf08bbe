// Sync as people live it: an observer fills a sheet on a tablet with no network, the
// network comes back and the sheet turns "synced", it is shared, and the teacher finds
// it on a phone. The server's refusal of a sign-in asks for the password and keeps the
// queue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, shot } from './browser.mjs';
import { useServerAndBrowser, signIn, startSheet, fillWholeSheet, storedRecord } from './flows.mjs';

const env = useServerAndBrowser();

const statusOf = (page, id) => page.getAttribute(`.draft[data-id="${id}"] .sync-status`, 'data-status');

test('tablet offline -> online: the sheet syncs, is shared, and the teacher reads it on a phone', async () => {
  const tablet = await openPage(env.browser, 'tablet');
  const phone = await openPage(env.browser, 'phone');
  try {
    const { page, context } = tablet;
    await signIn(page, env.server.url);
    await context.setOffline(true);
    const url = await startSheet(page, { teacher: 'Anna Bērziņa' });
    const id = url.split('/').pop();
    await fillWholeSheet(page);
    await page.getByText('Lapa ir aizpildīta un gatava kopīgošanai.').waitFor();
    await page.click('#nav-drafts');
    await page.locator(`.draft[data-id="${id}"]`).waitFor();
    await page.click('#sync-now');
    await page.locator('#sync-state[data-phase=offline]').waitFor();
    assert.equal(await statusOf(page, id), 'on_device');
    assert.match(await page.textContent('#sync-state'), /Bez savienojuma · 1 gaida/);
    await shot(page, 'tablet-sync-offline');

    await context.setOffline(false);
    // The `online` event starts a sync by itself; no reload, no button.
    await page.locator(`.draft[data-id="${id}"] .sync-status[data-status=synced]`).waitFor({ timeout: 15_000 });
    assert.match(await page.textContent('#sync-state'), /Viss nosūtīts/);
    await shot(page, 'tablet-sync-synced');

    await page.goto(url);
    await page.click('[data-tab=closing]');
    await page.click('#share');
    await page.locator('#shared-note').waitFor();
    await page.click('#nav-drafts');
    await page.locator(`.draft[data-id="${id}"] .sync-status[data-status=synced]`).waitFor({ timeout: 15_000 });

    // The teacher, on a phone, signs in and finds it.
    await signIn(phone.page, env.server.url, 'teacher');
    const row = phone.page.locator(`#shared-list .draft[data-id="${id}"]`);
    await row.waitFor({ timeout: 15_000 });
    assert.match(await row.textContent(), /Anna Bērziņa · 7\.b · Matemātika/);
    await shot(phone.page, 'phone-teacher-shared-list');
    await row.locator('a').click();
    await phone.page.locator('#shared-with-you').waitFor();
    assert.equal(await phone.page.inputValue('#ctx-outcome'), 'Skolēni risina lineārus vienādojumus');
    assert.equal(await phone.page.getAttribute('#ctx-outcome', 'readonly'), '');
    await phone.page.click('[data-tab=B]');
    assert.equal(await phone.page.inputValue('#evidence-B2'), 'Fakti par B2');
    await shot(phone.page, 'phone-teacher-reads-sheet');

    // The teacher reflects and says "iepazinos"; the observer's tablet receives it.
    await phone.page.fill('#reflection', 'Nākamreiz vairāk laika pašvērtēšanai.');
    await phone.page.click('#acknowledge');
    await phone.page.locator('#acknowledged').waitFor();
    await phone.page.locator('#sync-state[data-phase=synced]').waitFor({ timeout: 15_000 });
    await phone.page.waitForFunction(() => document.querySelector('#sync-state').textContent.includes('Viss nosūtīts'), null, { timeout: 15_000 });
    await shot(phone.page, 'phone-teacher-reflection');
    await page.goto(url);
    await page.click('#sync-now');
    await page.waitForFunction(
      () => document.querySelector('#reflection')?.value === 'Nākamreiz vairāk laika pašvērtēšanai.',
      null, { timeout: 15_000 });
    assert.equal(await page.getAttribute('#reflection', 'readonly'), '');
    await page.locator('#acknowledged').waitFor();
    await shot(page, 'tablet-observer-sees-reflection');
    assert.deepEqual(phone.problems, []);
    assert.deepEqual(tablet.problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(p)), []);
  } finally {
    await tablet.context.close();
    await phone.context.close();
  }
});

test('a token the server no longer accepts asks for the password and keeps what waits', async () => {
  const { page, context } = await openPage(env.browser, 'tablet');
  try {
    await signIn(page, env.server.url);
    await startSheet(page, { teacher: 'Anna Bērziņa', klass: '9.c' });
    await page.fill('#ctx-outcome', 'Rakstīts pirms izrakstīšanās citur');
    // The session is ended on the server (as when an admin revokes it).
    const token = await page.evaluate(() => new Promise((resolve) => {
      const open = indexedDB.open('vero');
      open.onsuccess = () => {
        const get = open.result.transaction('prefs').objectStore('prefs').get('session');
        get.onsuccess = () => resolve(get.result.token);
      };
    }));
    const out = await fetch(env.server.url + '/api/logout', { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    assert.equal(out.status, 204);

    await page.click('#sync-now');
    await page.locator('#sign-in-again').waitFor();
    assert.match(await page.textContent('#sync-state'), /Jāpierakstās vēlreiz/);
    await shot(page, 'tablet-sync-sign-in-again');
    const waiting = await page.evaluate(() => new Promise((resolve) => {
      const open = indexedDB.open('vero');
      open.onsuccess = () => {
        const tx = open.result.transaction(['dirty', 'outbox']);
        let n = 0;
        const count = (s) => new Promise((r) => { const c = tx.objectStore(s).count(); c.onsuccess = () => r(c.result); });
        Promise.all([count('dirty'), count('outbox')]).then(([a, b]) => resolve(a + b));
      };
    }));
    assert.ok(waiting > 0, 'the edit still waits on the device');

    await page.fill('#reauth-password', 'demo');
    await page.click('#sign-in-again button[type=submit]');
    await page.locator('#sync-state[data-phase=synced]').waitFor({ timeout: 15_000 });
    await page.click('#nav-drafts');
    await page.locator('.draft .sync-status[data-status=synced]').first().waitFor();
    assert.equal(await page.locator('#sign-in-again').count(), 0);
  } finally {
    await context.close();
  }
});

test('a sheet shared with the wrong teacher leaves that phone once the observer corrects it', async () => {
  const tablet = await openPage(env.browser, 'tablet');
  const phone = await openPage(env.browser, 'phone');
  try {
    const { page } = tablet;
    await signIn(page, env.server.url);
    const url = await startSheet(page, { teacher: 'Anna Bērziņa', klass: '5.a' });
    const id = url.split('/').pop();
    await fillWholeSheet(page);
    await page.click('#share');
    await page.locator('#shared-note').waitFor();
    await page.click('#sync-now');
    await page.locator('#sync-state[data-phase=synced]').waitFor({ timeout: 15_000 });

    await signIn(phone.page, env.server.url, 'teacher');
    const row = phone.page.locator(`#shared-list .draft[data-id="${id}"]`);
    await row.waitFor({ timeout: 15_000 });
    assert.ok(await storedRecord(phone.page, 'observations', id));

    // The observer meant Jānis Ozols.
    await page.goto(url);
    await page.fill('#ctx-teacher', 'Jānis Ozols');
    await page.click('#sync-now');
    await page.waitForFunction(() => document.querySelector('#sync-state').textContent.includes('Viss nosūtīts'), null, { timeout: 15_000 });

    await phone.page.click('#sync-now');
    await row.waitFor({ state: 'detached', timeout: 15_000 });
    assert.equal(await storedRecord(phone.page, 'observations', id), undefined, 'no copy left on the phone');
    assert.equal(await storedRecord(phone.page, 'synced', id), undefined);
    await shot(phone.page, 'phone-teacher-sheet-withdrawn');
    assert.deepEqual(phone.problems, []);
  } finally {
    await tablet.context.close();
    await phone.context.close();
  }
});
