// The observation plan end to end: the head plans an observation on her tablet (in
// Latvian, once offline — nothing typed is lost), the observer finds it on her home
// after a sync and starts it as a sheet filled in from the plan, shares it, and the
// head's plan vs done counts it done.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, shot } from './browser.mjs';
import { axeProblems } from './axe.mjs';
import { fillWholeSheet, signIn, syncNow, useServerAndBrowser } from './flows.mjs';

const env = useServerAndBrowser();

function today() {
  const d = new Date();
  const two = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

const GOAL = 'Atgriezeniskā saite stundas gaitā un skolēnu pašvērtēšana';
const count = (page, table, what) => page.textContent(`${table} tfoot td[data-count=${what}]`).then(Number);

test('the head plans, the observer starts the planned sheet, and plan vs done follows', async () => {
  const head = await openPage(env.browser, 'tablet');
  const observer = await openPage(env.browser, 'tablet');
  try {
    const { page, context } = head;
    await signIn(page, env.server.url, 'head');
    await page.locator('#plan-vs-done').waitFor();
    assert.match(await page.textContent('#plan-vs-done'), /nekas nav plānots/);
    await page.click('#plan-link');
    await page.waitForURL('**/plan');
    await page.getByRole('heading', { name: 'Vērošanas plāns' }).waitFor();

    // Her school's people to choose from; the form checks before it sends.
    await page.getByRole('button', { name: 'Pievienot plānam' }).click();
    await page.locator('#plan-problems').waitFor();
    assert.match(await page.textContent('#plan-problems'), /Izvēlieties vērotāju/);
    assert.match(await page.textContent('#plan-problems'), /Ierakstiet vērošanas mērķi/);
    await page.getByLabel('Vērotājs').selectOption({ label: 'Ilze Kalniņa' });
    await page.getByLabel('Vērojamais pedagogs', { exact: true }).selectOption({ label: 'Ilze Kalniņa' });
    await page.getByLabel('Vērošanas veids').selectOption({ label: 'Savstarpējā vērošana' });
    await page.getByLabel('Datums').fill(today());
    await page.getByLabel('Vērošanas mērķis').fill('Atgriezeniskā saite stundas gaitā');
    await page.getByLabel('Digitālo prasmju attīstīšana').check();
    await page.getByRole('button', { name: 'Pievienot plānam' }).click();
    await page.locator('#plan-problems', { hasText: 'diviem dažādiem' }).waitFor();
    await page.getByLabel('Vērojamais pedagogs', { exact: true }).selectOption({ label: 'Anna Bērziņa' });

    // Offline: said so, and the form keeps what she typed.
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Pievienot plānam' }).click();
    await page.locator('#plan-problems', { hasText: 'interneta savienojumu' }).waitFor();
    assert.equal(await page.inputValue('#plan-goal'), 'Atgriezeniskā saite stundas gaitā');
    assert.equal(await page.inputValue('#plan-teacher'), await page.locator('#plan-teacher option', { hasText: 'Anna Bērziņa' }).getAttribute('value'));
    await context.setOffline(false);
    await page.getByRole('button', { name: 'Pievienot plānam' }).click();
    await page.locator('#plan-notice', { hasText: 'Pievienots plānam' }).waitFor();
    const row = page.locator('#plan-list li');
    // The list follows the notice once the plan is read back from the server.
    await row.first().waitFor();
    assert.equal(await row.count(), 1);
    assert.match(await row.textContent(), /Vērotājs: Ilze Kalniņa · pedagogs: Anna Bērziņa/);
    assert.equal(await row.getAttribute('data-state'), 'open');
    assert.equal(await count(page, '#plan-figures-table', 'planned'), 1);
    assert.equal(await count(page, '#plan-figures-table', 'done'), 0);
    // She sharpens the goal: the form fills with the entry, who observes whom stays.
    await page.getByRole('button', { name: /^Labot/ }).click();
    await page.getByRole('heading', { name: 'Labot plānoto vērojumu' }).waitFor();
    assert.equal(await page.inputValue('#plan-goal'), 'Atgriezeniskā saite stundas gaitā');
    assert.ok(await page.locator('#plan-observer').isDisabled());
    await page.getByLabel('Vērošanas mērķis').fill(GOAL);
    await page.getByRole('button', { name: 'Saglabāt' }).click();
    await page.locator('#plan-notice', { hasText: 'Izmaiņas saglabātas' }).waitFor();
    await page.locator('#plan-list li', { hasText: GOAL }).waitFor();
    assert.deepEqual(await axeProblems(page), []);
    await shot(page, 'tablet-plan-lv');

    // The observer, after a sync, finds it on her home and starts it.
    const o = observer.page;
    await signIn(o, env.server.url, 'observer');
    const planned = o.locator('#planned li');
    await planned.first().waitFor();
    assert.match(await planned.textContent(), /Anna Bērziņa/);
    assert.ok((await planned.textContent()).includes(GOAL));
    await shot(o, 'tablet-observer-planned-lv', { fullPage: false });
    await o.getByRole('button', { name: /Sākt vērojumu/ }).click();
    await o.waitForURL(/\/sheet\/[0-9a-f-]+$/);
    const sheetUrl = o.url();
    await o.locator('#progress').waitFor();
    assert.equal(await o.inputValue('#ctx-teacher'), 'Anna Bērziņa');
    assert.equal(await o.inputValue('#ctx-goal'), GOAL);
    assert.equal(await o.inputValue('#ctx-date'), today());
    assert.equal(await o.inputValue('#ctx-school'), 'Madonas pilsētas vidusskola');
    // Back home, the entry opens that sheet rather than making another.
    await o.goto(env.server.url + '/observer');
    await o.getByRole('link', { name: /Atvērt/ }).click();
    await o.waitForURL(sheetUrl);
    await o.locator('#progress').waitFor();
    // What the plan does not know she writes at the lesson.
    await o.fill('#ctx-class', '7.b');
    await o.fill('#ctx-subject', 'Matemātika');
    await fillWholeSheet(o);
    await o.click('#share');
    await o.locator('#workflow').waitFor();
    await syncNow(o);
    await o.goto(env.server.url + '/observer');
    await o.locator('#planned', { hasText: 'Jums nav plānotu vērojumu' }).waitFor();

    // The head's plan vs done, after her sync: done (the server says so; she sees of
    // the peer observation only that it happened).
    await syncNow(page);
    await page.locator('#plan-list li[data-state=done]').waitFor();
    assert.equal(await count(page, '#plan-figures-table', 'done'), 1);
    await page.goto(env.server.url + '/management');
    await page.locator('#plan-vs-done-table').waitFor();
    assert.equal(await count(page, '#plan-vs-done-table', 'planned'), 1);
    assert.equal(await count(page, '#plan-vs-done-table', 'done'), 1);
    assert.equal(await count(page, '#plan-vs-done-table', 'overdue'), 0);
    assert.deepEqual(head.problems.filter((p) => !p.includes('ERR_INTERNET_DISCONNECTED')), []);
    assert.deepEqual(observer.problems, []);
  } finally {
    await head.context.close();
    await observer.context.close();
  }
});

test('phone: the specialist picks a school on the plan screen; a teacher may not plan', async () => {
  const { context, page, problems } = await openPage(env.browser, 'phone');
  try {
    await signIn(page, env.server.url, 'specialist');
    await page.locator('#plan-vs-done').waitFor();
    await page.click('#plan-link');
    await page.getByLabel('Iestāde', { exact: true }).selectOption({ label: 'Lubānas vidusskola' });
    await page.getByLabel('Vērojamais pedagogs', { exact: true }).selectOption({ label: 'Rūta Siliņa' });
    const teachers = await page.locator('#plan-teacher option').allTextContents();
    assert.ok(!teachers.includes('Anna Bērziņa'), teachers.join());
    assert.deepEqual(await axeProblems(page), []);
    await shot(page, 'phone-plan-specialist-lv');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
  const teacher = await openPage(env.browser, 'phone');
  try {
    await signIn(teacher.page, env.server.url, 'teacher');
    await teacher.page.goto(env.server.url + '/plan');
    await teacher.page.getByText('Vērošanas plānu veido iestādes vadība').waitFor();
    assert.equal(await teacher.page.locator('#plan-form').count(), 0);
  } finally {
    await teacher.context.close();
  }
});
