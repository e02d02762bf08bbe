// The feedback workflow across three devices through the real server, in Latvian: the
// observer shares on a tablet; the teacher on a phone reads it ("Iepazinos"), answers
// the next step with another wording while offline and reflects; the mentor comments;
// the observer agrees and amends a rating, which the teacher sees marked as changed;
// the step is done and the observation closed, its private note gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, shot } from './browser.mjs';
import { useServerAndBrowser, signIn, startSheet, fillWholeSheet, storedRecord, syncNow } from './flows.mjs';

const env = useServerAndBrowser();


async function openShared(page, id) {
  const row = page.locator(`#shared-list .draft[data-id="${id}"] a`);
  await row.waitFor({ timeout: 15_000 });
  await row.click();
  await page.locator('#workflow').waitFor();
}

test('observation → read → next step agreed → amended → done → closed, on three devices', async () => {
  const tablet = await openPage(env.browser, 'tablet');
  const phone = await openPage(env.browser, 'phone');
  const mentor = await openPage(env.browser, 'tablet');
  try {
    // The observer fills and shares the sheet, with a note for herself only.
    const { page } = tablet;
    await signIn(page, env.server.url, 'observer');
    const url = await startSheet(page, { teacher: 'Anna Bērziņa' });
    const id = url.split('/').pop();
    await fillWholeSheet(page);
    await page.fill('#private-note', 'Pajautāt par 7.b grupu darbu');
    assert.match(await page.textContent('#private-note-help'), /izdzēsta/);
    await page.click('#share');
    await page.locator('#workflow').waitFor();
    assert.match(await page.textContent('#stage'), /Kopīgots, pedagogs vēl nav iepazinies/);
    assert.match(await page.textContent('#who-sees-full'), /pedagoga mentors/);
    assert.match(await page.textContent('#who-sees-summary'), /skolas vadība/);
    assert.match(await page.textContent('#step-0'), /Pašvērtēšana pēc kritērijiem/);
    await syncNow(page);
    await shot(page, 'tablet-observer-shared-workflow');

    // The teacher reads it on her phone and says "Iepazinos".
    const t = phone.page;
    await signIn(t, env.server.url, 'teacher');
    await openShared(t, id);
    await t.click('#acknowledge');
    await t.locator('#acknowledged').waitFor();
    assert.match(await t.textContent('#stage'), /Pedagogs iepazinies/);
    await syncNow(t);

    // Offline, she proposes another wording and date, and reflects.
    await phone.context.setOffline(true);
    await t.click('#step-answer-0');
    await t.fill('#step-0 textarea', 'Pašvērtēšana ar skolēnu veidotiem kritērijiem');
    await t.fill('#step-0 input[type=date]', '2027-01-20');
    await t.click('#step-0 button[type=submit]');
    await t.waitForFunction(() => document.querySelector('#step-0')?.textContent.includes('ierosināja Anna Bērziņa'));
    await t.fill('#reflection', 'Skolēniem vajag vairāk laika pašvērtēšanai.');
    await t.click('#reflection-done');
    await t.locator('#reflected').waitFor();
    await shot(t, 'phone-teacher-answers-next-step-offline');
    await phone.context.setOffline(false);
    await syncNow(t);

    // The mentor comments on the tablet of his own.
    const m = mentor.page;
    await signIn(m, env.server.url, 'mentor');
    await openShared(m, id);
    assert.equal(await m.locator('#private-note').count(), 0, 'the private note never reaches the mentor');
    await m.fill('#comment-text', 'Labs solis; iesaku kopīgi veidot kritērijus.');
    await m.click('#comment-save');
    await syncNow(m);
    assert.deepEqual(mentor.problems, []);

    // The observer agrees to the teacher's wording and amends a rating.
    await syncNow(page);
    await page.reload();
    await page.locator('#workflow').waitFor();
    assert.match(await page.textContent('#comments'), /iesaku kopīgi veidot kritērijus/);
    assert.match(await page.textContent('#step-0'), /Pašvērtēšana ar skolēnu veidotiem kritērijiem/);
    await page.click('#step-accept-0');
    await page.waitForFunction(() => document.querySelector('#step-0')?.dataset.state === 'agreed');
    await page.click('[data-tab=A]');
    await page.click('[data-criterion=A1] .rate >> nth=3');
    await syncNow(page);

    // The teacher sees the change marked and reads it, then marks the step done.
    await syncNow(t);
    await t.reload();
    await t.locator('#amendments').waitFor();
    assert.match(await t.textContent('#amendments'), /jauns/);
    assert.match(await t.textContent('#comments'), /Jānis Ozols/);
    await shot(t, 'phone-teacher-sees-amendment');
    assert.match(await t.textContent('#acknowledge'), /Iepazinos ar izmaiņām/);
    await t.click('#acknowledge');
    await t.locator('#acknowledged').waitFor();
    await t.click('#step-done-0');
    await t.waitForFunction(() => document.querySelector('#step-0')?.dataset.state === 'done');
    await syncNow(t);

    // The observer closes it: the private note is gone, the history complete.
    await syncNow(page);
    await page.reload();
    await page.locator('#close-observation').click();
    await page.waitForFunction(() => document.querySelector('#stage')?.dataset.stage === 'closed');
    await page.click('[data-tab=closing]');
    assert.equal(await page.inputValue('#private-note'), '');
    const history = await page.locator('#history li').evaluateAll((items) => items.map((li) => li.dataset.act));
    assert.deepEqual(history, ['shared', 'step_proposed', 'acknowledged', 'step_proposed', 'reflected', 'step_accepted', 'amended', 'acknowledged', 'step_done', 'closed']);
    await syncNow(page);
    await shot(page, 'tablet-observer-closed-history');

    await syncNow(t);
    await t.reload();
    await t.waitForFunction(() => document.querySelector('#stage')?.dataset.stage === 'closed');
    const onPhone = await storedRecord(t, 'observations', id);
    assert.equal(onPhone.private_note ?? '', '', 'the teacher never had the private note');
    assert.deepEqual(tablet.problems, []);
    // The phone was offline on purpose for a while: its failed fetches are the only noise.
    assert.deepEqual(phone.problems.filter((p) => !p.includes('ERR_INTERNET_DISCONNECTED')), []);
  } finally {
    await tablet.context.close();
    await phone.context.close();
    await mentor.context.close();
  }
});

test('a follow-up observation started from the agreed step links back, and the first one closes', async () => {
  const tablet = await openPage(env.browser, 'tablet');
  const phone = await openPage(env.browser, 'phone');
  try {
    const { page } = tablet;
    await signIn(page, env.server.url, 'observer');
    const url = await startSheet(page, { teacher: 'Anna Bērziņa', klass: '8.a' });
    const first = url.split('/').pop();
    await fillWholeSheet(page);
    await page.click('#share');
    await syncNow(page);

    const t = phone.page;
    await signIn(t, env.server.url, 'teacher');
    await openShared(t, first);
    await t.click('#acknowledge');
    await t.click('#step-accept-0');
    await t.waitForFunction(() => document.querySelector('#step-0')?.dataset.state === 'agreed');
    await syncNow(t);

    await syncNow(page);
    await page.reload();
    await page.locator('#step-follow-up-0').click();
    await page.waitForURL((u) => !u.pathname.endsWith(first));
    const next = page.url().split('/').pop();
    await page.locator('#follows').waitFor();
    assert.match(await page.textContent('#follows'), /Pašvērtēšana pēc kritērijiem/);
    assert.equal(await page.inputValue('#ctx-class'), '8.a');
    await fillWholeSheet(page);
    await page.click('#share');
    await syncNow(page);

    await page.click('#follows a');
    await page.waitForURL(`**/sheet/${first}`);
    await page.locator('#close-observation').click();
    await page.waitForFunction(() => document.querySelector('#stage')?.dataset.stage === 'closed');
    const acts = await page.locator('#history li').evaluateAll((items) => items.map((li) => li.dataset.act));
    assert.ok(acts.includes('followed_up'), acts.join(', '));
    await syncNow(page);
    assert.notEqual(next, first);
    assert.deepEqual(tablet.problems, []);
  } finally {
    await tablet.context.close();
    await phone.context.close();
  }
});
