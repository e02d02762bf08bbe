// The admin sets up people from a spreadsheet on the tablet: a file with bad lines is
// answered line by line in Latvian and imports nothing; the corrected one shows what it
// will do, is imported, and shows each new person's first password once; the new
// teacher signs in with hers; the audit log says who did what.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, shot } from './browser.mjs';
import { useServerAndBrowser, signIn } from './flows.mjs';
import { axeProblems } from './axe.mjs';

const env = useServerAndBrowser();

const GOOD = '\ufeffLietotājvārds;Vārds Uzvārds;Loma;Iestāde\r\n'
  + 'ljansone;Laura Jansone;Pedagogs;Cesvaines vidusskola\r\n'
  + 'mberzs;Mārtiņš Bērzs;Vērotājs;Cesvaines vidusskola\r\n';
const BAD = GOOD.replace('Pedagogs', 'Skolotāja palīgs').replace('mberzs;Mārtiņš Bērzs', 'ljansone;Mārtiņš Bērzs');

async function choose(page, text) {
  await page.setInputFiles('#import-file', { name: 'cilveki.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
}

test('tablet: the admin imports people from CSV, sees every bad line, and reads the audit log', async () => {
  const { context, page, problems } = await openPage(env.browser, 'tablet');
  try {
    await signIn(page, env.server.url, 'admin');
    await page.locator('#import-card').waitFor();
    assert.ok(await page.locator('label[for=import-file]').count());

    await choose(page, BAD);
    await page.locator('#import-problems').waitFor();
    const lines = await page.locator('#import-problems li').allTextContents();
    assert.ok(lines.some((l) => l.includes('2. rindā loma „Skolotāja palīgs” nav zināma')), lines.join('\n'));
    assert.ok(lines.some((l) => l.includes('3. rindā lietotājvārds „ljansone” jau ir')), lines.join('\n'));
    assert.match(await page.textContent('#import-problems'), /Nekas netika importēts/);
    assert.equal(await page.locator('#import-apply').count(), 0, 'no import while the file has errors');

    await choose(page, GOOD);
    await page.locator('#import-plan').waitFor();
    assert.match(await page.textContent('#import-plan'), /Jauni konti: 2/);
    assert.match(await page.textContent('#import-plan'), /Laura Jansone \(ljansone\) · Pedagogs · Cesvaines vidusskola/);
    assert.deepEqual(await axeProblems(page), []);
    await page.click('#import-apply');
    await page.locator('#first-passwords').waitFor();
    const password = await page.textContent('#first-passwords tr:has-text("ljansone") code');
    assert.equal(password.length, 12);
    await shot(page, 'tablet-admin-import-lv');

    // The log shows the import at once; found by the account too.
    await page.waitForFunction(() => document.querySelectorAll('#audit-list li[data-action="account.added"]').length === 2);
    // The accounts list has the new people after the sync the import started.
    await page.locator('#accounts li', { hasText: 'Laura Jansone' }).waitFor();
    await page.fill('#audit-search', 'ljansone');
    await page.click('#audit-card button[type=submit]');
    await page.waitForFunction(() => [...document.querySelectorAll('#audit-list li')]
      .some((li) => li.dataset.action === 'account.added' && li.textContent.includes('admin')));
    assert.deepEqual(problems, []);

    // The new teacher signs in with her first password and is asked for her own first.
    const phone = await openPage(env.browser, 'phone');
    const p = phone.page;
    await p.goto(env.server.url + '/sign-in');
    await p.fill('#username', 'ljansone');
    await p.fill('#password', password);
    await p.click('button[type=submit]');
    await p.waitForURL(/\/password$/);
    assert.match(await p.textContent('#password-required'), /pagaidu parole/);
    // Going elsewhere brings her back.
    await p.goto(env.server.url + '/teacher');
    await p.waitForURL(/\/password$/);
    await p.locator('#password-required').waitFor();
    await p.fill('#current-password', password);
    await p.fill('#new-password', 'Laura-2026-parole');
    await p.fill('#repeat-password', 'Laura-2026-parole');
    await p.click('#password-title ~ form button[type=submit]');
    await p.locator('#password-outcome.done').waitFor();
    assert.equal(await p.locator('#password-required').count(), 0);
    await p.click('#password-continue');
    await p.waitForURL(/\/teacher$/);
    // A reload keeps her in: the device knows the password is hers now.
    await p.reload();
    await p.waitForURL(/\/teacher$/);
    await shot(p, 'phone-first-password-set-lv');
    assert.deepEqual(phone.problems, []);
    await phone.context.close();
  } finally {
    await context.close();
  }
});

test('tablet: the admin adds a teacher on the form with her mentor and consultant, resets and deactivates an account', async () => {
  const { context, page, problems } = await openPage(env.browser, 'tablet');
  try {
    await signIn(page, env.server.url, 'admin');
    await page.locator('#person-card').waitFor();
    await page.fill('#person-username', 'kberzs');
    await page.fill('#person-name', 'Kārlis Bērzs');
    await page.selectOption('#person-role', 'teacher');
    await page.fill('#person-school', 'Madonas pilsētas vidusskola');
    await page.fill('#person-mentor', 'nezinams');
    await page.click('#person-check');
    await page.locator('#import-problems').waitFor();
    assert.match(await page.textContent('#import-problems'), /„nezinams” nav ne failā, ne starp kontiem/);
    await page.fill('#person-mentor', 'mentor');
    await page.fill('#person-since', '2026-11-02');
    await page.fill('#person-followers', 'consultant');
    await page.click('#person-check');
    await page.locator('#import-plan').waitFor();
    const plan = await page.textContent('#import-plan');
    assert.match(plan, /Kārlis Bērzs \(kberzs\) · Pedagogs · Madonas pilsētas vidusskola/);
    assert.match(plan, /mentors mentor → kberzs \(no 2026-11-02\)/);
    assert.match(plan, /consultant seko pedagogam kberzs/);
    assert.deepEqual(await axeProblems(page), []);
    await page.click('#import-apply');
    await page.locator('#first-passwords').waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('#audit-list li')].some((li) => li.dataset.action === 'mentoring.added'));

    // The pair ended on the screen.
    await page.selectOption('#link-kind', 'mentoring');
    await page.fill('#link-from', 'mentor');
    await page.fill('#link-to', 'kberzs');
    await page.click('#link-end');
    await page.locator('#link-outcome .done').waitFor();
    assert.match(await page.textContent('#link-outcome'), /Saite mentor → kberzs beigta/);
    await page.click('#link-end');
    await page.locator('#link-outcome .problem').waitFor();

    await page.fill('#account-username', 'kberzs');
    await page.click('#account-reset');
    await page.locator('#account-password').waitFor();
    assert.equal((await page.textContent('#account-password')).length, 12);
    await page.click('#account-deactivate');
    await page.waitForFunction(() => document.querySelector('#account-outcome')?.textContent.includes('deaktivizēts'));
    const res = await fetch(env.server.url + '/api/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'kberzs', password: await page.textContent('#account-password').catch(() => 'x') }),
    });
    assert.equal(res.status, 401);
    await page.click('#account-activate');
    await page.waitForFunction(() => document.querySelector('#account-outcome')?.textContent.includes('atkal aktīvs'));
    await shot(page, 'tablet-admin-person-lv');
    // The second "end the link" was answered 404 on purpose.
    assert.deepEqual(problems.filter((p) => !p.includes('status of 404')), []);
  } finally {
    await context.close();
  }
});
