// The sheet's versions: the municipal specialist edits the sheet in Latvian and
// publishes version 2 while an observer's tablet is offline with a draft begun on
// version 1. Back online, the tablet receives version 2 in its sync: the old draft stays
// on version 1 (its criteria, its wording), is still edited and synced, and a new sheet
// is begun on version 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, shot } from './browser.mjs';
import { useServerAndBrowser, signIn, startSheet, syncNow, storedRecord, waitingOnDevice } from './flows.mjs';
import { axeProblems } from './axe.mjs';

const env = useServerAndBrowser();

test('a new version of the sheet reaches an offline tablet that keeps its old draft', async () => {
  const observer = await openPage(env.browser, 'tablet');
  const specialist = await openPage(env.browser, 'tablet');
  try {
    // The observer begins a sheet on version 1, then loses the network.
    await signIn(observer.page, env.server.url, 'observer');
    await observer.context.setOffline(true);
    const oldSheet = await startSheet(observer.page, { klass: '6.a' });
    const oldId = oldSheet.split('/').pop();
    await observer.page.click('[data-tab=A]');
    await observer.page.click('[data-criterion=A1] .rate >> nth=2');
    const a1Before = await observer.page.textContent('[data-criterion=A1] h3');

    // The specialist edits the sheet and publishes version 2.
    await signIn(specialist.page, env.server.url, 'specialist');
    const sp = specialist.page;
    await sp.click('#edit-template');
    await sp.waitForURL('**/templates');
    await sp.locator('#template-editor').waitFor();
    assert.match(await sp.textContent('#template-versions'), /Versija 1: 5 sadaļas, 13 kritēriji · jaunākā/);
    await sp.fill('#criterion-A1-lv', 'Skolēni zina un izprot stundas sasniedzamo rezultātu');
    await sp.click('#section-editor-B .add-criterion');
    await sp.fill('#criterion-B4-lv', 'Skolēni uzdod jautājumus cits citam');
    // Published with the English text missing: told which, nothing lost.
    await sp.click('#publish-template');
    assert.match(await sp.textContent('#publish-outcome'), /Aizpildiet tekstu abās valodās: B4/);
    await sp.reload();
    await sp.locator('#criterion-B4-lv').waitFor();
    assert.equal(await sp.inputValue('#criterion-B4-lv'), 'Skolēni uzdod jautājumus cits citam', 'the draft is kept on the device');
    await sp.fill('#criterion-B4-en', 'Students ask each other questions');
    await sp.check('#optional-B4-peer');
    assert.deepEqual(await axeProblems(sp), []);
    await shot(sp, 'tablet-templates-editor-lv');
    await sp.click('#publish-template');
    await sp.locator('#publish-outcome .done').waitFor();
    assert.match(await sp.textContent('#publish-outcome'), /Versija 2 publicēta/);
    assert.match(await sp.textContent('#template-versions'), /Versija 2: 5 sadaļas, 14 kritēriji · jaunākā/);

    // Still offline, the tablet works on in version 1.
    await observer.page.fill('#evidence-A1', 'Skolēni pārstāsta SR saviem vārdiem');
    // Online again: the sync brings version 2.
    await observer.context.setOffline(false);
    await syncNow(observer.page);
    assert.equal(await waitingOnDevice(observer.page), 0, 'the old draft synced');
    const stored = await storedRecord(observer.page, 'observations', oldId);
    assert.equal(stored.template.version, 1);
    assert.equal(stored.evidence.A1, 'Skolēni pārstāsta SR saviem vārdiem');

    // The old draft opens on version 1: its wording, no B4.
    await observer.page.goto(oldSheet);
    await observer.page.click('[data-tab=B]');
    await observer.page.locator('[data-criterion=B3]').waitFor();
    assert.equal(await observer.page.locator('[data-criterion=B4]').count(), 0);
    await observer.page.click('[data-tab=A]');
    assert.equal(await observer.page.textContent('[data-criterion=A1] h3'), a1Before);
    await observer.page.click('[data-criterion=A1] .rate >> nth=3');
    await syncNow(observer.page);
    assert.equal(await waitingOnDevice(observer.page), 0);

    // A new sheet is begun on version 2.
    const newSheet = await startSheet(observer.page, { klass: '8.c' });
    const fresh = await storedRecord(observer.page, 'observations', newSheet.split('/').pop());
    assert.equal(fresh.template.version, 2);
    await observer.page.click('[data-tab=A]');
    assert.match(await observer.page.textContent('[data-criterion=A1] h3'), /sasniedzamo rezultātu/);
    await observer.page.click('[data-tab=B]');
    assert.match(await observer.page.textContent('[data-criterion=B4] h3'), /Skolēni uzdod jautājumus cits citam · nav obligāts/);
    await shot(observer.page, 'tablet-sheet-version-2');

    // A reload offline still knows both versions.
    await observer.context.setOffline(true);
    await observer.page.goto(oldSheet);
    await observer.page.click('[data-tab=B]');
    await observer.page.locator('[data-criterion=B3]').waitFor();
    assert.equal(await observer.page.locator('[data-criterion=B4]').count(), 0);
    await observer.page.goto(newSheet);
    await observer.page.click('[data-tab=B]');
    await observer.page.locator('[data-criterion=B4]').waitFor();
    await observer.context.setOffline(false);

    for (const p of [observer, specialist]) assert.deepEqual(p.problems.filter((m) => !m.includes('ERR_INTERNET_DISCONNECTED')), []);
  } finally {
    await observer.context.close();
    await specialist.context.close();
  }
});

test('phone, English: only the specialist edits; a teacher reads the versions', async () => {
  const { context, page, problems } = await openPage(env.browser, 'phone');
  try {
    await signIn(page, env.server.url, 'teacher');
    await page.goto(env.server.url + '/templates');
    await page.locator('#template-versions').waitFor();
    assert.equal(await page.locator('#template-editor').count(), 0);
    assert.match(await page.textContent('main'), /pašvaldības speciālists/);
    await context.close();

    const sp = await openPage(env.browser, 'phone');
    await signIn(sp.page, env.server.url, 'specialist');
    await sp.page.click('.lang-switch button:has-text("EN")');
    await sp.page.click('#edit-template');
    await sp.page.locator('#template-editor').waitFor();
    assert.match(await sp.page.textContent('#editor-title'), /New version \d/);
    await sp.page.click('#publish-template');
    assert.match(await sp.page.textContent('#publish-outcome'), /Nothing differs from the newest version/);
    assert.deepEqual(await axeProblems(sp.page), []);
    await shot(sp.page, 'phone-templates-editor-en');
    assert.deepEqual(sp.problems, []);
    await sp.context.close();
    assert.deepEqual(problems, []);
  } finally {
    await context.close().catch(() => {});
  }
});
