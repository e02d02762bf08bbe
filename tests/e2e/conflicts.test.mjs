// One observer, one sheet, two devices (a tablet and a phone) that both lose the
// network and change the sheet. The same field changed on both is never settled
// silently: both values are shown, the person keeps one, and after syncing both devices
// hold only that one. Different fields changed on both simply merge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, shot } from './browser.mjs';
import { useServerAndBrowser, signIn, startSheet, fillWholeSheet } from './flows.mjs';

const env = useServerAndBrowser();

const allSent = (page) => page.waitForFunction(
  () => document.querySelector('#sync-state')?.dataset.phase === 'synced', null, { timeout: 20_000 });

// The sheet started on the tablet, synced, and open on the observer's phone too.
async function sheetOnTwoDevices() {
  const tablet = await openPage(env.browser, 'tablet');
  const phone = await openPage(env.browser, 'phone');
  await signIn(tablet.page, env.server.url);
  const url = await startSheet(tablet.page, { teacher: 'Anna Bērziņa', klass: '6.a', goal: 'Jautājumi stundas sākumā' });
  await tablet.page.click('#sync-now');
  await allSent(tablet.page);
  await signIn(phone.page, env.server.url);
  await phone.page.goto(url);
  await phone.page.locator('#progress').waitFor();
  assert.equal(await phone.page.inputValue('#ctx-goal'), 'Jautājumi stundas sākumā');
  return { tablet, phone, url, id: url.split('/').pop() };
}

// What the server holds of a field, as a device that never saw the sheet would get it.
async function serverValues(id, path) {
  const login = await fetch(env.server.url + '/api/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'observer', password: 'demo' }),
  });
  const { token } = await login.json();
  const sync = await fetch(env.server.url + '/api/sync', {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ device: `check-${Date.now()}`, since: 0, push: [] }),
  });
  const { records } = await sync.json();
  return records.find((r) => r.id === id).fields[path].map((h) => JSON.parse(h.value));
}

// Both devices lose the network and each makes its own change (saved on the device);
// then the tablet comes back and sends, and after it the phone, whose change meets it.
async function changeApartThenReconnect(tablet, phone, onTablet, onPhone) {
  await tablet.context.setOffline(true);
  await phone.context.setOffline(true);
  await onTablet(tablet.page);
  await onPhone(phone.page);
  await tablet.page.locator('#save-state.saved').waitFor();
  await phone.page.locator('#save-state.saved').waitFor();
  await tablet.context.setOffline(false);
  await allSent(tablet.page);
  await phone.context.setOffline(false);
}

const offlineProblems = (problems) => problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(p));

test('the goal changed on two offline devices: both values are shown, the one kept is the only one left', async () => {
  const { tablet, phone, url, id } = await sheetOnTwoDevices();
  try {
    await changeApartThenReconnect(tablet, phone,
      (page) => page.fill('#ctx-goal', 'Mērķis no planšetes'),
      (page) => page.fill('#ctx-goal', 'Mērķis no telefona'));
    const onPhone = phone.page.locator('#conflicts .conflict[data-path="context.goal"]');
    await onPhone.waitFor({ timeout: 20_000 });
    assert.deepEqual(
      (await onPhone.locator('.conflict-text').allTextContents()).sort(),
      ['Mērķis no planšetes', 'Mērķis no telefona']);
    assert.match(await onPhone.locator('h3').textContent(), /Vērošanas mērķis/);
    assert.match(await onPhone.textContent(), /Jūs · /);
    // The sheet shows the latest meanwhile, and says so.
    assert.match(await onPhone.locator('.conflict-value', { hasText: 'Mērķis no telefona' }).textContent(), /Šī vērtība tagad ir lapā/);
    await shot(phone.page, 'phone-conflict-shown');
    assert.deepEqual((await serverValues(id, 'context.goal')).sort(), ['Mērķis no planšetes', 'Mērķis no telefona']);

    // The tablet learns of it too, in its list and on the sheet.
    await tablet.page.click('#nav-drafts');
    await tablet.page.click('#sync-now');
    await tablet.page.locator(`.draft[data-id="${id}"] .sync-status[data-status=conflict]`).waitFor({ timeout: 20_000 });
    const attention = tablet.page.locator(`#attention .conflict-item[data-id="${id}"]`);
    assert.match(await attention.textContent(), /Anna Bērziņa · 6\.a/);
    assert.match(await attention.textContent(), /Divās ierīcēs atšķirīgi mainīts: Vērošanas mērķis \/ fokuss/);
    await shot(tablet.page, 'tablet-conflict-in-lists');
    await attention.locator('a').click();
    await tablet.page.waitForURL(url);
    const onTablet = tablet.page.locator('#conflicts .conflict[data-path="context.goal"]');
    await onTablet.waitFor();
    await shot(tablet.page, 'tablet-conflict-shown');

    // The tablet keeps its own value, which is not the one the sheet showed.
    assert.equal(await tablet.page.inputValue('#ctx-goal'), 'Mērķis no telefona');
    await onTablet.locator('.conflict-value', { hasText: 'Mērķis no planšetes' }).getByRole('button', { name: 'Paturēt šo' }).click();
    await tablet.page.locator('#conflicts').waitFor({ state: 'detached' });
    assert.equal(await tablet.page.inputValue('#ctx-goal'), 'Mērķis no planšetes');
    await allSent(tablet.page);
    assert.deepEqual(await serverValues(id, 'context.goal'), ['Mērķis no planšetes']);
    await shot(tablet.page, 'tablet-conflict-resolved');

    await phone.page.click('#sync-now');
    await phone.page.waitForFunction(
      () => document.querySelector('#ctx-goal')?.value === 'Mērķis no planšetes', null, { timeout: 20_000 });
    await phone.page.locator('#conflicts').waitFor({ state: 'detached' });
    await shot(phone.page, 'phone-conflict-resolved');
    await phone.page.click('#nav-drafts');
    await phone.page.locator(`.draft[data-id="${id}"] .sync-status[data-status=synced]`).waitFor({ timeout: 20_000 });
    assert.equal(await phone.page.locator('#attention').count(), 0);
    assert.deepEqual(offlineProblems(tablet.problems), []);
    assert.deepEqual(offlineProblems(phone.problems), []);
  } finally {
    await tablet.context.close();
    await phone.context.close();
  }
});

test('keeping the value the sheet already shows sends it too, and the conflict ends on both devices', async () => {
  const { tablet, phone, id } = await sheetOnTwoDevices();
  try {
    const rate = (nth) => async (page) => {
      await page.click('[data-tab=A]');
      await page.click(`[data-criterion=A1] .rate >> nth=${nth}`);
    };
    await changeApartThenReconnect(tablet, phone, rate(1), rate(3));

    const rating = phone.page.locator('#conflicts .conflict[data-path="rating.A1"]');
    await rating.waitFor({ timeout: 20_000 });
    assert.match(await rating.locator('h3').textContent(), /^A1 .+ — vērtējums$/);
    assert.deepEqual((await rating.locator('.conflict-text').allTextContents()).sort(),
      ['2 · ievieš daļēji', '4 · ievieš padziļināti, var dalīties pieredzē']);
    await shot(phone.page, 'phone-conflict-rating');
    await tablet.page.click('#sync-now');
    await tablet.page.locator('#conflicts .conflict[data-path="rating.A1"]').waitFor({ timeout: 20_000 });
    // The phone's rating, the latest, is what its sheet shows; keeping it still ends it.
    assert.equal(await phone.page.getAttribute('[data-criterion=A1] .rate >> nth=3', 'aria-pressed'), 'true');
    await rating.locator('.conflict-value', { hasText: '4 ·' }).getByRole('button').click();
    await phone.page.locator('#conflicts').waitFor({ state: 'detached' });
    await allSent(phone.page);
    assert.deepEqual(await serverValues(id, 'rating.A1'), [4]);

    await tablet.page.click('#sync-now');
    await tablet.page.waitForFunction(
      () => document.querySelector('[data-criterion=A1] .rate:nth-child(4)')?.getAttribute('aria-pressed') === 'true',
      null, { timeout: 20_000 });
    await tablet.page.locator('#conflicts').waitFor({ state: 'detached', timeout: 20_000 });
  } finally {
    await tablet.context.close();
    await phone.context.close();
  }
});

test('different fields changed on two offline devices merge without asking anyone', async () => {
  const { tablet, phone, id } = await sheetOnTwoDevices();
  try {
    await changeApartThenReconnect(tablet, phone,
      (page) => page.fill('#ctx-topic', 'Daļskaitļi'),
      (page) => page.fill('#ctx-subject', 'Matemātika un fizika'));
    await phone.page.waitForFunction(
      () => document.querySelector('#ctx-topic')?.value === 'Daļskaitļi', null, { timeout: 20_000 });
    await tablet.page.click('#sync-now');
    await tablet.page.waitForFunction(
      () => document.querySelector('#ctx-subject')?.value === 'Matemātika un fizika', null, { timeout: 20_000 });
    for (const page of [tablet.page, phone.page]) {
      assert.equal(await page.inputValue('#ctx-topic'), 'Daļskaitļi');
      assert.equal(await page.inputValue('#ctx-subject'), 'Matemātika un fizika');
      assert.equal(await page.locator('#conflicts').count(), 0);
      await page.click('#nav-drafts');
      await page.locator(`.draft[data-id="${id}"] .sync-status[data-status=synced]`).waitFor({ timeout: 20_000 });
      assert.equal(await page.locator('#attention').count(), 0);
    }
    await shot(phone.page, 'phone-different-fields-merged');
  } finally {
    await tablet.context.close();
    await phone.context.close();
  }
});

test("the teacher's reflection written differently on a phone and a tablet: the teacher chooses in the answer", async () => {
  const observer = await openPage(env.browser, 'tablet');
  const phone = await openPage(env.browser, 'phone');
  const tablet = await openPage(env.browser, 'tablet');
  try {
    await signIn(observer.page, env.server.url);
    const url = await startSheet(observer.page, { teacher: 'Anna Bērziņa', klass: '8.c' });
    await fillWholeSheet(observer.page);
    await observer.page.click('#share');
    await observer.page.click('#sync-now');
    await allSent(observer.page);

    for (const device of [phone, tablet]) {
      await signIn(device.page, env.server.url, 'teacher');
      await device.page.goto(url);
      await device.page.locator('#reflection:not([readonly])').waitFor({ timeout: 20_000 });
      await device.context.setOffline(true);
    }
    await phone.page.fill('#reflection', 'Pašvērtēšanai vajag vairāk laika.');
    await tablet.page.fill('#reflection', 'Nākamreiz kritērijus uz tāfeles.');
    await phone.page.locator('#save-state.saved').waitFor();
    await tablet.page.locator('#save-state.saved').waitFor();
    await phone.context.setOffline(false);
    await allSent(phone.page);
    await tablet.context.setOffline(false);

    const answer = tablet.page.locator('#teacher-response #answer-conflicts .conflict[data-path=reflection]');
    await answer.waitFor({ timeout: 20_000 });
    assert.deepEqual((await answer.locator('.conflict-text').allTextContents()).sort(),
      ['Nākamreiz kritērijus uz tāfeles.', 'Pašvērtēšanai vajag vairāk laika.']);
    assert.equal(await tablet.page.locator('#conflicts').count(), 0, 'nothing of the sheet itself to choose');
    await shot(tablet.page, 'tablet-teacher-reflection-conflict');
    await answer.locator('.conflict-value', { hasText: 'Pašvērtēšanai' }).getByRole('button', { name: 'Paturēt šo' }).click();
    await tablet.page.locator('#answer-conflicts').waitFor({ state: 'detached' });
    assert.equal(await tablet.page.inputValue('#reflection'), 'Pašvērtēšanai vajag vairāk laika.');
    await allSent(tablet.page);

    // The observer never had it to choose, and now reads the one answer.
    await observer.page.goto(url);
    await observer.page.click('#sync-now');
    await observer.page.waitForFunction(
      () => document.querySelector('#reflection')?.value === 'Pašvērtēšanai vajag vairāk laika.', null, { timeout: 20_000 });
    assert.equal(await observer.page.locator('#answer-conflicts').count(), 0);
    await phone.page.click('#sync-now');
    await phone.page.waitForFunction(
      () => document.querySelector('#reflection')?.value === 'Pašvērtēšanai vajag vairāk laika.', null, { timeout: 20_000 });
    assert.equal(await phone.page.locator('#answer-conflicts').count(), 0);
    await shot(phone.page, 'phone-teacher-reflection-resolved');
  } finally {
    await observer.context.close();
    await phone.context.close();
    await tablet.context.close();
  }
});
