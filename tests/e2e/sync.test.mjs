// Sync as people live it: an observer fills a sheet on a tablet with no network, the
// network comes back and the sheet turns "synced", it is shared, and the teacher finds
// it on a phone. The server's refusal of a sign-in asks for the password and keeps the
// queue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, shot } from './browser.mjs';
import { useServerAndBrowser, signIn, startSheet, fillWholeSheet, storedRecord, storedSession, waitingOnDevice, apiAt } from './flows.mjs';

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
    assert.match(await page.textContent('#sync-state'), /Bez savienojuma · 1 lapa gaida/);
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
    const token = (await storedSession(page)).token;
    const out = await fetch(env.server.url + '/api/logout', { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    assert.equal(out.status, 204);

    await page.click('#sync-now');
    await page.locator('#sign-in-again').waitFor();
    assert.match(await page.textContent('#sync-state'), /Jāpierakstās vēlreiz/);
    await shot(page, 'tablet-sync-sign-in-again');
    const waiting = await waitingOnDevice(page);
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

// A POST straight to the API, answered with 200; its JSON.

const api = (path, body, token) => apiAt(env.server.url)(path, body, token);
const apiToken = async (username) => (await api('/api/login', { username, password: 'demo' })).token;

// A sheet made and shared on the tablet, then `copies` more like it pushed straight to
// the API as the observer (another device), so a pull spans several pages.
async function manySharedSheets(copies) {
  const tablet = await openPage(env.browser, 'tablet');
  try {
    await signIn(tablet.page, env.server.url);
    const url = await startSheet(tablet.page, { teacher: 'Anna Bērziņa' });
    await fillWholeSheet(tablet.page);
    await tablet.page.click('#share');
    await tablet.page.locator('#shared-note').waitFor();
    await tablet.page.click('#sync-now');
    await tablet.page.locator('#sync-state[data-phase=synced]').waitFor({ timeout: 15_000 });
    const id = url.split('/').pop();
    const token = await apiToken('observer');
    const { records } = await api('/api/sync', { device: 'seed-device-01', since: 0, push: [] }, token);
    const shared = records.find((r) => r.id === id);
    assert.equal(JSON.parse(shared.fields.status[0].value), 'shared');
    const set = Object.fromEntries(Object.entries(shared.fields).map(([path, heads]) => [path, heads[0].value]));
    const ids = [id];
    for (let start = 0; start < copies; start += 200) {
      const push = [];
      for (let n = start; n < Math.min(copies, start + 200); n++) {
        const tail = (n + 1).toString(16).padStart(12, '0');
        const copy = `0190f3a1-2b3c-7abc-8def-${tail}`;
        ids.push(copy);
        push.push({ record: copy, seq: n + 1, at: Date.now(), base: {}, set });
      }
      const pushed = await api('/api/sync', { device: 'seed-device-01', since: 1e15, push }, token);
      assert.equal(pushed.acked.length, push.length, JSON.stringify(pushed.rejected.slice(0, 2)));
    }
    return ids;
  } finally {
    await tablet.context.close();
  }
}

// The shared sheets the server lets `username` see, pulled page by page straight from the API.
async function sharedWith(username) {
  const token = await apiToken(username);
  const shared = new Set();
  for (let since = 0, more = true; more;) {
    const page = await api('/api/sync', { device: `check-${username}-01`, since, push: [] }, token);
    for (const r of page.records) {
      if (r.fields.status?.some((h) => JSON.parse(h.value) === 'shared')) shared.add(r.id);
    }
    ({ cursor: since, more } = page);
  }
  return shared;
}

test('phone: a teacher with over a thousand shared sheets receives every one, page by page, once', async () => {
  const ids = await manySharedSheets(1_100);
  const { context, page } = await openPage(env.browser, 'phone');
  try {
    const sinces = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/sync')) sinces.push(JSON.parse(r.postData()).since ?? 0);
    });
    const started = Date.now();
    await signIn(page, env.server.url, 'teacher');
    const rows = page.locator('#shared-list .draft');
    // The list shows 50 at a time and says of how many.
    await page.waitForFunction((n) => Number(document.querySelector('#all-feedback .more')?.textContent
      .match(/no (\d+)/)?.[1]) >= n, ids.length, { timeout: 60_000 });
    await page.locator('#sync-state[data-phase=synced]').waitFor();
    const took = Date.now() - started;
    assert.equal(await rows.count(), 50, 'the first page');
    while (await page.locator('#all-feedback .more button').count()) {
      const before = await rows.count();
      await page.click('#all-feedback .more button');
      await page.waitForFunction((n) => document.querySelectorAll('#shared-list .draft').length > n, before);
    }
    const shown = await rows.evaluateAll((els) => els.map((e) => e.dataset.id));
    assert.equal(new Set(shown).size, shown.length, 'each sheet listed once');
    // Sheets shared with her by the tests before this one are listed too.
    const expected = await sharedWith('teacher');
    for (const id of ids) assert.ok(expected.has(id), `the server shares ${id} with her`);
    assert.deepEqual([...shown].sort(), [...expected].sort());
    // 500 records a page: at least three pulls, each from where the one before ended.
    const pulls = sinces.filter((s, i) => i === 0 || s !== sinces[i - 1]);
    assert.ok(pulls.length >= 3, `pulled in pages: since ${sinces.join(', ')}`);
    for (let i = 1; i < sinces.length; i++) assert.ok(sinces[i] >= sinces[i - 1], `since never goes back: ${sinces.join(', ')}`);
    console.log(`# a phone pulled ${shown.length} sheets in ${sinces.length} requests; signed in to listed in ${took} ms`);
    await shot(page, 'phone-teacher-many-shared', { fullPage: false });
  } finally {
    await context.close();
  }
});
