// Open lessons: a teacher offers one in Latvian on her tablet; a teacher of the other
// school signs up on her phone and the offerer sees her name; the last place goes to
// exactly one of two colleagues asking at once, the other is told; the one who got it
// starts a sheet from the offer and the sheet links back; offline nothing is lost; the
// offerer calls the lesson off and those signed up see it so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, shot } from './browser.mjs';
import { useServerAndBrowser, signIn } from './flows.mjs';
import { axeProblems } from './axe.mjs';

const env = useServerAndBrowser({ year: true });
const TOPIC = 'Latvijas neatkarības karš vēstures avotos';
// The browser logs refused and offline requests itself (the 409 of the last place).
const EXPECTED = /status of 409|ERR_INTERNET_DISCONNECTED/;

function inDays(days) {
  const d = new Date(Date.now() + days * 86400000);
  return d.toISOString().slice(0, 10);
}

async function openLessons(page) {
  await page.click('#nav-open-lessons');
  await page.waitForURL(/\/open-lessons$/);
  await page.locator('article.open-lesson').first().waitFor();
}

const card = (page, id) => page.locator(`article[data-lesson="${id}"]`);

test('an open lesson offered, signed up to, its last place taken once, observed and called off', async () => {
  const anna = await openPage(env.browser, 'tablet');
  const ruta = await openPage(env.browser, 'phone');
  const ilze = await openPage(env.browser, 'tablet');
  const janis = await openPage(env.browser, 'phone');
  const all = [anna, ruta, ilze, janis];
  try {
    // The offerer on her tablet: her demo lesson is full and she sees who is coming.
    await signIn(anna.page, env.server.url, 'teacher');
    await openLessons(anna.page);
    const full = anna.page.locator('article.open-lesson', { hasText: 'Dabaszinības' });
    assert.match(await full.locator('.lesson-places').textContent(), /Vietu vairs nav/);
    assert.deepEqual(await full.locator('.attendees li').allTextContents(), ['Kristīne Lāce', 'Mārtiņš Krūmiņš']);
    for (const id of ['offer-school', 'offer-date', 'offer-time', 'offer-places', 'offer-subject', 'offer-class', 'offer-topic']) {
      assert.ok(await anna.page.locator(`label[for=${id}]`).count(), `${id} has a label`);
    }
    assert.deepEqual(await axeProblems(anna.page), []);

    // Bad input is said in Latvian and keeps what was typed.
    await anna.page.fill('#offer-subject', 'Vēsture');
    await anna.page.fill('#offer-places', '61');
    await anna.page.click('.offer-lesson button[type=submit]');
    const problems = await anna.page.locator('#offer-problems li').allTextContents();
    assert.ok(problems.includes('Ievadiet stundas datumu (GGGG-MM-DD).'), problems.join(' | '));
    assert.ok(problems.includes('Vietu skaitam jābūt no 1 līdz 60.'), problems.join(' | '));
    assert.equal(await anna.page.inputValue('#offer-subject'), 'Vēsture');

    await anna.page.fill('#offer-date', inDays(14));
    await anna.page.fill('#offer-time', '10:30');
    await anna.page.fill('#offer-places', '2');
    await anna.page.fill('#offer-class', '9.a');
    await anna.page.fill('#offer-topic', TOPIC);
    await anna.page.click('.offer-lesson button[type=submit]');
    await anna.page.locator('#offer-done').waitFor();
    const mine = anna.page.locator('article.open-lesson', { hasText: TOPIC });
    const id = await mine.getAttribute('data-lesson');
    assert.match(await mine.textContent(), /2 brīvas vietas/);
    assert.match(await mine.textContent(), /Neviens vēl nav pieteicies/);
    assert.equal(await mine.getByRole('button', { name: 'Pieteikties' }).count(), 0, 'not to her own lesson');
    await shot(anna.page, 'tablet-teacher-open-lessons-lv');

    // A teacher of the other school signs up on her phone; she sees no names.
    await signIn(ruta.page, env.server.url, 'teacher2');
    await ruta.page.click('#home-open-lessons');
    await ruta.page.waitForURL(/\/open-lessons$/);
    await card(ruta.page, id).getByRole('button', { name: 'Pieteikties' }).click();
    await card(ruta.page, id).getByText('Jūsu vieta ir rezervēta.').waitFor();
    assert.match(await card(ruta.page, id).textContent(), /1 brīva vieta/);
    assert.equal(await card(ruta.page, id).locator('.attendees').count(), 0);
    const annaDemo = card(ruta.page, await full.getAttribute('data-lesson'));
    assert.equal(await annaDemo.locator('.attendees').count(), 0, 'others see no names');
    assert.ok(await ruta.page.evaluate(() => document.documentElement.scrollWidth <= 390), 'fits the phone');
    assert.deepEqual(await axeProblems(ruta.page), []);
    await shot(ruta.page, 'phone-teacher2-open-lessons-lv');

    // The offerer opens the screen again and sees her.
    await anna.page.reload();
    await card(anna.page, id).locator('.attendees li', { hasText: 'Rūta Siliņa' }).waitFor();

    // The last place: two ask at once, one gets it, the other is told.
    await signIn(ilze.page, env.server.url, 'observer');
    await signIn(janis.page, env.server.url, 'mentor');
    for (const who of [ilze, janis]) await openLessons(who.page);
    await Promise.all([ilze, janis].map((who) =>
      card(who.page, id).getByRole('button', { name: 'Pieteikties' }).click()));
    const outcome = async (who) => {
      const c = card(who.page, id);
      await c.locator('.lesson-mine, .lesson-said').first().waitFor();
      return (await c.locator('.lesson-mine').count()) ? 'place' : await c.locator('.lesson-said').textContent();
    };
    const [a, b] = [await outcome(ilze), await outcome(janis)];
    assert.deepEqual([a, b].sort(), ['Vietu vairs nav', 'place'], `${a} / ${b}`);
    const [winner, loser] = a === 'place' ? [ilze, janis] : [janis, ilze];
    await card(loser.page, id).locator('.lesson-places', { hasText: 'Vietu vairs nav' }).waitFor();
    assert.equal(await card(loser.page, id).getByRole('button', { name: 'Pieteikties' }).count(), 0);
    await anna.page.reload();
    await card(anna.page, id).getByText('Aizņemtas 2 no 2 vietām').waitFor();
    assert.equal(await card(anna.page, id).locator('.attendees li').count(), 2);

    // Offline, giving the place back waits for the network; nothing changes meanwhile.
    await winner.context.setOffline(true);
    await card(winner.page, id).getByRole('button', { name: 'Atteikties no vietas' }).click();
    await winner.page.locator('#open-lessons-offline').waitFor();
    assert.equal(await card(winner.page, id).locator('.lesson-mine').count(), 1);
    // Still offline, the list opens from the device, saying so.
    await winner.page.click('.brand');
    await winner.page.locator('.home').waitFor();
    await winner.page.click('#nav-open-lessons');
    await card(winner.page, id).locator('.lesson-mine').waitFor();
    await winner.page.locator('#open-lessons-offline').waitFor();
    await winner.context.setOffline(false);

    // A sheet of the lesson from the offer, prefilled, linking back.
    await card(winner.page, id).getByRole('button', { name: 'Sākt vērojumu' }).click();
    await winner.page.waitForURL(/\/sheet\/[0-9a-f-]{36}$/);
    await winner.page.locator('#open-lesson-of').waitFor();
    assert.equal(await winner.page.inputValue('#ctx-teacher'), 'Anna Bērziņa');
    assert.equal(await winner.page.inputValue('#ctx-class'), '9.a');
    assert.equal(await winner.page.inputValue('#ctx-subject'), 'Vēsture');
    assert.equal(await winner.page.inputValue('#ctx-topic'), TOPIC);
    assert.equal(await winner.page.inputValue('#ctx-date'), inDays(14));
    assert.equal(await winner.page.inputValue('#ctx-time'), '10:30');
    assert.equal(await winner.page.inputValue('#ctx-kind'), 'open_lesson');
    assert.match(await winner.page.textContent('#open-lesson-of'), /Vēsture · 9\.a/);
    await shot(winner.page, 'open-lesson-sheet-lv');
    await winner.page.click('#open-lesson-of a');
    await winner.page.waitForURL(/\/open-lessons#lesson-/);
    await card(winner.page, id).getByText('1 vērojums šajā ierīcē').waitFor();
    await card(winner.page, id).locator('.lesson-sheets a').click();
    await winner.page.waitForURL(/\/sheet\//);
    await winner.page.locator('#open-lesson-of').waitFor();

    // The offerer calls it off; those signed up see it so.
    await card(anna.page, id).getByRole('button', { name: 'Atcelt stundu' }).click();
    await card(anna.page, id).locator('.lesson-places', { hasText: 'Stunda atcelta' }).waitFor();
    await ruta.page.reload();
    await card(ruta.page, id).locator('.lesson-places', { hasText: 'Stunda atcelta' }).waitFor();

    for (const who of all) assert.deepEqual(who.problems.filter((p) => !EXPECTED.test(p)), []);
  } finally {
    for (const who of all) await who.context.close();
  }
});

test('English: the screen and its messages in English, and the admin has no open lessons', async () => {
  const { page, context, problems } = await openPage(env.browser, 'phone');
  try {
    await signIn(page, env.server.url, 'observer');
    await page.click('.lang-switch button[lang=en]');
    await openLessons(page);
    await page.getByRole('heading', { name: 'Open lessons', level: 1 }).waitFor();
    assert.match(await page.textContent('main'), /free place/);
    assert.equal(await page.locator('.offer-lesson').count(), 0, 'an observer signs up, does not offer');
    await page.click('#toggle-past');
    const past = page.locator('article.open-lesson', { hasText: 'Angļu valoda' });
    await past.waitFor();
    assert.match(await past.textContent(), /2 free places/);
    assert.equal(await past.getByRole('button', { name: 'Sign up' }).count(), 0, 'too late to join');
    assert.deepEqual(await axeProblems(page), []);
    await shot(page, 'phone-observer-open-lessons-en');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
  const admin = await openPage(env.browser, 'tablet');
  try {
    await admin.page.goto(env.server.url + '/sign-in');
    await admin.page.fill('#username', 'admin');
    await admin.page.fill('#password', 'demo');
    await admin.page.click('button[type=submit]');
    await admin.page.waitForURL(/\/municipality$/);
    assert.equal(await admin.page.locator('#nav-open-lessons, #home-open-lessons').count(), 0);
  } finally {
    await admin.context.close();
  }
});

test('school management offers a lesson of one of its teachers, who then sees it as hers', async () => {
  const head = await openPage(env.browser, 'tablet');
  const kristine = await openPage(env.browser, 'phone');
  try {
    await signIn(head.page, env.server.url, 'head');
    await head.page.click('#home-open-lessons');
    await head.page.waitForURL(/\/open-lessons$/);
    await head.page.selectOption('#offer-teacher', { label: 'Kristīne Lāce' });
    await head.page.fill('#offer-date', inDays(20));
    await head.page.fill('#offer-time', '08:30');
    await head.page.fill('#offer-places', '3');
    await head.page.fill('#offer-subject', 'Ķīmija');
    await head.page.fill('#offer-class', '8.b');
    await head.page.fill('#offer-topic', 'Skābes un bāzes ikdienā');
    await head.page.click('.offer-lesson button[type=submit]');
    await head.page.locator('#offer-done').waitFor();
    const offered = head.page.locator('article.open-lesson', { hasText: 'Skābes un bāzes ikdienā' });
    assert.match(await offered.locator('.lesson-teacher').textContent(), /Kristīne Lāce/);
    assert.match(await offered.textContent(), /Neviens vēl nav pieteicies/);
    assert.deepEqual(await axeProblems(head.page), []);

    await signIn(kristine.page, env.server.url, 'teacher3');
    await kristine.page.click('#home-open-lessons');
    const hers = kristine.page.locator('article.open-lesson', { hasText: 'Skābes un bāzes ikdienā' });
    await hers.getByText('Jūs vadāt vai piedāvājāt šo stundu.').waitFor();
    assert.equal(await hers.getByRole('button', { name: 'Pieteikties' }).count(), 0);
    assert.equal(await hers.getByRole('button', { name: 'Atcelt stundu' }).count(), 1);
    for (const who of [head, kristine]) assert.deepEqual(who.problems, []);
  } finally {
    await head.context.close();
    await kristine.context.close();
  }
});
