// A teacher changes her password on her phone: every mistake is said in Latvian and
// loses nothing typed elsewhere; offline she is told it needs the network; changed, her
// tablet signs in again and the old password no longer works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, shot } from './browser.mjs';
import { useServerAndBrowser, signIn } from './flows.mjs';
import { axeProblems } from './axe.mjs';

const env = useServerAndBrowser();
const NEW = 'Jaunā parole 2026';

async function change(page, current, next, again = next) {
  await page.fill('#current-password', current);
  await page.fill('#new-password', next);
  await page.fill('#repeat-password', again);
  await page.click('button[type=submit]');
}

test('phone: the teacher changes her password; the tablet signs in again with the new one', async () => {
  const phone = await openPage(env.browser, 'phone');
  const tablet = await openPage(env.browser, 'tablet');
  try {
    const { page } = phone;
    await signIn(page, env.server.url, 'teacher');
    await signIn(tablet.page, env.server.url, 'teacher');
    await page.click('#change-password');
    await page.waitForURL(/\/password$/);
    for (const id of ['current-password', 'new-password', 'repeat-password']) {
      assert.ok(await page.locator(`label[for=${id}]`).count(), `${id} has a label`);
    }
    assert.deepEqual(await axeProblems(page), []);

    await change(page, 'demo', 'īsa');
    assert.match(await page.textContent('#password-outcome'), /vismaz 10 zīmes/);
    await change(page, 'demo', NEW, NEW + '!');
    assert.match(await page.textContent('#password-outcome'), /nesakrīt/);
    await change(page, 'nepareiza', NEW);
    await page.waitForFunction(() => document.querySelector('#password-outcome')?.textContent.includes('nav pareiza'));
    await phone.context.setOffline(true);
    await change(page, 'demo', NEW);
    await page.waitForFunction(() => document.querySelector('#password-outcome')?.textContent.includes('tikai ar internetu'));
    await phone.context.setOffline(false);
    await change(page, 'demo', NEW);
    await page.waitForFunction(() => document.querySelector('#password-outcome')?.textContent.includes('Parole nomainīta'));
    assert.equal(await page.inputValue('#new-password'), '', 'the fields are emptied');
    await shot(page, 'phone-teacher-password-lv');

    // The tablet's session ended: its next sync asks for the password again.
    await tablet.page.click('#sync-now');
    await tablet.page.locator('#sync-state[data-phase=sign-in]').waitFor();
    const login = (password) => fetch(env.server.url + '/api/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'teacher', password }),
    }).then((r) => r.status);
    assert.equal(await login('demo'), 401);
    assert.equal(await login(NEW), 200);
    // The browser logs the refused and the offline request itself; nothing else.
    const expected = /status of 403|ERR_INTERNET_DISCONNECTED/;
    assert.deepEqual(phone.problems.filter((p) => !expected.test(p)), []);
  } finally {
    await phone.context.close();
    await tablet.context.close();
  }
});
