// In-app notices after a sync: the teacher on her phone hears of new feedback the moment
// her phone syncs; the observer on her tablet hears that the teacher read it and wrote
// her reflection. Each is told once: closed, or after the next sync or a reload, it does
// not come back. A device's first sync tells nothing of what happened before it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, shot } from './browser.mjs';
import { useServerAndBrowser, signIn, startSheet, fillWholeSheet, syncNow } from './flows.mjs';

const env = useServerAndBrowser();

test('new feedback for the teacher; read and reflected for the observer; each told once', async () => {
  const tablet = await openPage(env.browser, 'tablet');
  const phone = await openPage(env.browser, 'phone');
  try {
    const t = phone.page;
    await signIn(t, env.server.url, 'teacher');
    assert.equal(await t.locator('#notices li').count(), 0, 'a first sync tells nothing');

    const { page } = tablet;
    await signIn(page, env.server.url, 'observer');
    const url = await startSheet(page, { teacher: 'Anna Bērziņa' });
    const id = url.split('/').pop();
    await fillWholeSheet(page);
    await page.click('#share');
    await page.locator('#workflow').waitFor();
    await syncNow(page);

    await syncNow(t);
    const told = t.locator(`#notices li[data-what=new_feedback][data-record="${id}"]`);
    await told.waitFor();
    assert.match(await told.textContent(), /Ilze Kalniņa kopīgoja ar jums vērojumu/);
    assert.equal(await t.getAttribute('#notices', 'role'), 'status');
    await shot(t, 'phone-teacher-notice-lv', { fullPage: false });
    // Once: the next sync does not tell it again.
    await syncNow(t);
    assert.equal(await t.locator('#notices li').count(), 1);

    await told.locator('a').click();
    await t.waitForURL(new RegExp(`/sheet/${id}$`));
    await t.click('#acknowledge');
    await t.locator('#acknowledged').waitFor();
    await t.fill('#reflection', 'Skolēniem vajag vairāk laika pašvērtēšanai.');
    await t.click('#reflection-done');
    await syncNow(t);

    await syncNow(page);
    const read = page.locator(`#notices li[data-what=acknowledged][data-record="${id}"]`);
    await read.waitFor();
    assert.match(await read.textContent(), /Anna Bērziņa iepazinās ar/);
    const reflected = page.locator(`#notices li[data-what=reflected][data-record="${id}"]`);
    assert.match(await reflected.textContent(), /Anna Bērziņa uzrakstīja pašrefleksiju/);
    await shot(page, 'tablet-observer-notices-lv', { fullPage: false });

    // Closed, it is gone; after a reload and a sync, nothing is told again.
    await read.locator('button').click();
    await read.waitFor({ state: 'detached' });
    assert.equal(await page.locator('#notices li').count(), 1);
    await page.reload();
    await page.locator('[data-home], #workflow').first().waitFor();
    await syncNow(page);
    assert.equal(await page.locator('#notices li').count(), 0);
    assert.deepEqual(tablet.problems, []);
    assert.deepEqual(phone.problems, []);
  } finally {
    await tablet.context.close();
    await phone.context.close();
  }
});
