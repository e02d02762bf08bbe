// The admin sets how long observations are kept, on the tablet: a bad number is
// answered in Latvian and saves nothing; a good one is saved, kept on the server, and in
// the audit log; emptied, observations are kept without limit again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, shot } from './browser.mjs';
import { signIn, useServerAndBrowser } from './flows.mjs';
import { axeProblems } from './axe.mjs';

const env = useServerAndBrowser({ year: true });

test('tablet: the admin sets the retention period, is told of a bad one, and lifts it', async () => {
  const { context, page, problems } = await openPage(env.browser, 'tablet');
  try {
    await signIn(page, env.server.url, 'admin');
    const card = page.locator('#retention-card');
    await card.getByRole('heading', { name: 'Vērojumu glabāšanas termiņš' }).waitFor();
    const years = page.getByLabel('Glabāšanas termiņš (gados)');
    assert.equal(await years.inputValue(), '', 'none by default');
    assert.deepEqual(await axeProblems(page), []);

    await years.fill('0');
    await card.getByRole('button', { name: 'Saglabāt termiņu' }).click();
    await card.getByRole('alert').filter({ hasText: 'no 1 līdz 50' }).waitFor();

    await years.fill('5');
    await card.getByRole('button', { name: 'Saglabāt termiņu' }).click();
    // The demo's year is this school year: nothing is past five years.
    await page.locator('#retention-saved', { hasText: 'Glabāšanas termiņš gados: 5. Dzēsti vērojumi: 0.' }).waitFor();
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'tablet-admin-retention-lv', { fullPage: false });

    // Kept on the server: read again on the next visit, and in the audit log.
    await page.reload();
    await page.locator('#retention-card').waitFor();
    await page.waitForFunction(() => document.querySelector('#retention-years').value === '5');
    await page.fill('#audit-search', 'retention');
    await page.click('#audit-card button[type=submit]');
    await page.locator('#audit-list li[data-action="retention.set"]', { hasText: '5 years' }).waitFor();

    await page.getByLabel('Glabāšanas termiņš (gados)').fill('');
    await page.getByRole('button', { name: 'Saglabāt termiņu' }).click();
    await page.locator('#retention-saved', { hasText: 'bez termiņa' }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
