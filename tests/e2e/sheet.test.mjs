// The observation sheet on a tablet: fill it, reload, crash, two tabs, drafts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchKillable, openPage, shot } from './browser.mjs';
import { signIn as signInAt, startSheet as start, storedRecord, useServerAndBrowser, fillWholeSheet } from './flows.mjs';

const env = useServerAndBrowser();
const signIn = (page, username) => signInAt(page, env.server.url, username);
const startSheet = (page, teacher) => start(page, teacher ? { teacher } : {});

const storedSheet = (page, id) => storedRecord(page, 'observations', id);
const idOf = (url) => url.split('/').pop();

test('tablet: fill a whole sheet; after a reload everything is there', async () => {
  const { context, page, problems } = await openPage(env.browser, 'tablet');
  try {
    await signIn(page);
    const url = await startSheet(page);
    await page.click('#start-lesson');
    await page.locator('#lesson-minute').waitFor();
    await fillWholeSheet(page);
    await page.click('[data-tab=B]');
    await page.fill('#note-text', 'Atvērts jautājums: kāpēc?');
    await page.keyboard.press('Enter');
    await page.locator('#notes li').first().waitFor();
    await page.click('[data-counter=open_questions] button[aria-label="+"]');
    await page.click('[data-counter=open_questions] button[aria-label="+"]');
    await page.click('[data-counter=closed_questions] button[aria-label="+"]');
    await page.click('[data-tab=closing]');
    await page.getByText('Lapa ir aizpildīta un gatava kopīgošanai.').waitFor();
    assert.equal(await page.textContent('#progress'), 'Novērtēti 13 no 13');
    await shot(page, 'tablet-sheet-closing-lv');

    await page.reload();
    await page.locator('#progress').waitFor();
    assert.equal(await page.textContent('#progress'), 'Novērtēti 13 no 13');
    await page.click('[data-tab=B]');
    assert.equal(await page.inputValue('#evidence-B2'), 'Fakti par B2');
    assert.equal(await page.getAttribute('[data-criterion=B2] .rate >> nth=0', 'aria-pressed'), 'true');
    assert.equal(await page.textContent('[data-counter=open_questions] output'), '2');
    assert.match(await page.textContent('#notes'), /Atvērts jautājums: kāpēc\?/);
    // A fragment link (the skip link) must not rebuild the screen.
    await page.evaluate(() => { location.hash = 'main'; });
    await page.waitForTimeout(200);
    assert.equal(await page.getAttribute('[data-tab=B]', 'aria-selected'), 'true');
    await page.click('[data-tab=closing]');
    assert.equal(await page.inputValue('#next-step-due'), '2026-12-15');
    await page.getByText('Lapa ir aizpildīta un gatava kopīgošanai.').waitFor();

    const stored = await storedSheet(page, idOf(url));
    assert.equal(stored.ratings.D4, 'nv');
    assert.equal(stored.ratings.A1, 1);
    assert.equal(stored.notes[0].minute, 0);
    assert.equal(stored.notes[0].criterion, 'B1', 'tied to the section on screen');
    assert.equal(stored.context.teacher, 'Anna Bērziņa');

    // English too.
    await page.getByRole('button', { name: 'EN' }).first().click();
    await page.getByText('The sheet is complete and ready to share.').waitFor();
    await page.click('[data-tab=A]');
    await page.getByText('applies in part').first().waitFor();
    await shot(page, 'tablet-sheet-a-en');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('tablet: what is missing before sharing is listed in Latvian', async () => {
  const { context, page } = await openPage(env.browser, 'tablet');
  try {
    await signIn(page, 'consultant');
    await startSheet(page);
    await page.click('[data-tab=closing]');
    const text = await page.textContent('#readiness');
    assert.match(text, /Ierakstiet stundas sasniedzamo rezultātu \(SR\)\./);
    assert.match(text, /Novērtējiet kritērijus: A1, A2, A3, B1, B2, B3, C1, C2, C3, D1, D2, D3/);
    assert.match(text, /Šim vērošanas veidam vajadzīgs atzinums vadībai\./);
    await page.locator('#opinion').waitFor();
  } finally {
    await context.close();
  }
});

test('killing the browser mid-typing loses nothing typed 300 ms before', async () => {
  const profile = mkdtempSync(path.join(tmpdir(), 'vero-profile-'));
  try {
    let chrome = await launchKillable(profile);
    let page = await chrome.context.newPage();
    await page.setViewportSize({ width: 1024, height: 768 });
    await signIn(page);
    const url = await startSheet(page);
    await page.click('[data-tab=A]');
    await page.click('#evidence-A2');
    const text = 'Skolēni strādā grupās un skaidro risinājumu citiem; skolotājs jautā kāpēc.';
    const typedAt = [];
    for (const ch of text) {
      await page.keyboard.type(ch);
      typedAt.push(Date.now());
    }
    const killedAt = Date.now();
    await chrome.kill();

    chrome = await launchKillable(profile);
    page = await chrome.context.newPage();
    await page.goto(url);
    await page.click('[data-tab=A]');
    const kept = await page.inputValue('#evidence-A2');
    const due = typedAt.filter((t) => t <= killedAt - 300).length;
    assert.ok(text.startsWith(kept), `kept text is what was typed: ${kept}`);
    assert.ok(kept.length >= due, `kept ${kept.length} characters, ${due} were due`);
    await chrome.kill();
  } finally {
    // A killed Chromium's helpers may still be writing there for a moment.
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
});

test('the same sheet in a second tab opens read-only until the first lets go', async () => {
  const { context, page } = await openPage(env.browser, 'tablet');
  try {
    await signIn(page);
    const url = await startSheet(page);
    const second = await context.newPage();
    await second.goto(url);
    await second.locator('#read-only').waitFor();
    assert.equal(await second.getAttribute('#ctx-outcome', 'readonly'), '');
    await shot(second, 'tablet-sheet-second-tab');

    // The first tab still edits; the second sees the change once it may edit.
    assert.equal(await page.locator('#read-only').count(), 0);
    await page.fill('#ctx-outcome', 'Rakstīts pirmajā cilnē');
    await page.close();
    await second.locator('#read-only').waitFor({ state: 'detached' });
    assert.equal(await second.inputValue('#ctx-outcome'), 'Rakstīts pirmajā cilnē');
    await second.fill('#ctx-outcome', 'Tagad rediģē otrā cilne');
    assert.equal(await second.inputValue('#ctx-outcome'), 'Tagad rediģē otrā cilne');
  } finally {
    await context.close();
  }
});

test('drafts list shows each draft; deleting asks, and can be undone', async () => {
  const { context, page } = await openPage(env.browser, 'phone');
  try {
    await signIn(page);
    await startSheet(page, 'Rūta Siliņa');
    await page.click('[data-tab=A]');
    await page.click('[data-criterion=A1] .rate >> nth=2');
    await shot(page, 'phone-sheet-a-lv');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the sheet is ${overflow}px wider than the phone`);
    // Notes are one tap away on a phone.
    await page.click('#jump-notes');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'note-text');
    await page.keyboard.type('Piezīme no telefona');
    await page.keyboard.press('Enter');
    await page.locator('#notes li', { hasText: 'Piezīme no telefona' }).waitFor();
    await page.click('#nav-drafts');
    const row = page.locator('.draft', { hasText: 'Rūta Siliņa' });
    await row.waitFor();
    assert.match(await row.textContent(), /Novērtēti 1 no 13/);
    assert.match(await row.textContent(), /labots/);
    await shot(page, 'phone-drafts-lv');

    let asked = '';
    page.once('dialog', (d) => { asked = d.message(); d.dismiss(); });
    await row.getByRole('button', { name: 'Dzēst' }).click();
    assert.equal(asked, 'Dzēst šo vērojumu?');
    assert.equal(await row.count(), 1, 'kept when the question is declined');

    page.once('dialog', (d) => d.accept());
    await row.getByRole('button', { name: 'Dzēst' }).click();
    await row.waitFor({ state: 'detached' });
    await page.click('#undo-delete');
    await row.waitFor();
    await page.reload();
    await page.locator('.draft', { hasText: 'Rūta Siliņa' }).waitFor();
  } finally {
    await context.close();
  }
});

test('a full disk is said plainly; the edit stays in memory and is saved once there is room', async () => {
  const { context, page } = await openPage(env.browser, 'tablet');
  try {
    await signIn(page);
    const url = await startSheet(page);
    // Every IndexedDB write now fails as on a device out of space.
    await page.evaluate(() => {
      window.__realPut = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function () {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await page.fill('#ctx-outcome', 'Rakstīts, kad ierīce bija pilna');
    await page.locator('#save-state.failed').waitFor();
    assert.match(await page.textContent('#save-state'), /Ierīcē beigusies vieta/);
    await shot(page, 'tablet-sheet-disk-full');
    assert.equal((await storedSheet(page, idOf(url))).context.intended_outcome, '');
    // Still editable meanwhile; the newest text is what gets saved.
    await page.fill('#ctx-outcome', 'Rakstīts, kad ierīce bija pilna, un vēl');

    await page.evaluate(() => { IDBObjectStore.prototype.put = window.__realPut; });
    await page.locator('#save-state.saved').waitFor({ timeout: 15_000 });
    const stored = await storedSheet(page, idOf(url));
    assert.equal(stored.context.intended_outcome, 'Rakstīts, kad ierīce bija pilna, un vēl');
  } finally {
    await context.close();
  }
});
