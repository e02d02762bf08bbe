// After one visit the app starts and a sheet can be filled with no network at all; a
// new version is offered, never forced on a sheet being filled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, startServer } from './server.mjs';
import { launch, openPage, shot } from './browser.mjs';
import { signIn, startSheet, storedRecord } from './flows.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });


async function controlledByServiceWorker(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) {
    await page.reload();
  }
  assert.ok(await page.evaluate(() => !!navigator.serviceWorker.controller));
}

test('offline: the app starts from the service worker and a new sheet can be filled', async () => {
  const server = await startServer();
  const { context, page, problems } = await openPage(browser, 'tablet');
  try {
    await signIn(page, server.url);
    await controlledByServiceWorker(page);
    await startSheet(page);
    await page.fill('#ctx-outcome', 'Rakstīts tiešsaistē');
    const sheetUrl = page.url();

    await context.setOffline(true);
    await page.reload();
    await page.locator('#progress').waitFor();
    assert.equal(await page.inputValue('#ctx-outcome'), 'Rakstīts tiešsaistē');

    // A cold start of another screen, and a whole new sheet, with no network.
    await page.goto(server.url + '/drafts');
    const offlineSheet = await startSheet(page, { teacher: 'Anna Bērziņa', klass: '5.a' });
    // The teacher is found in the directory kept on the device (right after a start,
    // before sync has read it), so the sheet can be shared with her without picking her
    // again.
    await page.click('[data-tab=closing]');
    assert.doesNotMatch(await page.textContent('#readiness'), /Izvēlieties pedagogu no saraksta/);
    const stored = await storedRecord(page, 'observations', offlineSheet.split('/').pop());
    assert.equal(stored.context.teacher_id, '2');
    await page.click('[data-tab=C]');
    await page.click('[data-criterion=C2] .rate >> nth=3');
    await page.fill('#evidence-C2', 'Bezsaistē ierakstīts');
    await shot(page, 'tablet-sheet-offline');
    await page.reload();
    await page.click('[data-tab=C]');
    assert.equal(await page.inputValue('#evidence-C2'), 'Bezsaistē ierakstīts');
    await page.goto(sheetUrl);
    assert.equal(await page.inputValue('#ctx-outcome'), 'Rakstīts tiešsaistē');
    assert.deepEqual(problems.filter((p) => !p.includes('ERR_INTERNET_DISCONNECTED')), []);
  } finally {
    await context.close();
    await server.stop();
  }
});

test('a new version is offered while a sheet is open, and reloading keeps the sheet', async () => {
  const dist = mkdtempSync(path.join(tmpdir(), 'vero-dist-'));
  cpSync(path.join(ROOT, 'dist'), dist, { recursive: true });
  const data = mkdtempSync(path.join(tmpdir(), 'vero-data-'));
  let server = await startServer({ dist, data });
  const listen = new URL(server.url).host;
  const { context, page } = await openPage(browser, 'tablet');
  try {
    await signIn(page, server.url);
    await controlledByServiceWorker(page);
    await startSheet(page);
    await page.fill('#ctx-outcome', 'Pirms atjaunināšanas');

    // Publish a new build: same files, a new service worker.
    await server.stop();
    const sw = path.join(dist, 'sw.js');
    writeFileSync(sw, readFileSync(sw, 'utf8').replace(/const BUILD = '[^']+'/, "const BUILD = 'next-build'"));
    server = await startServer({ dist, listen, data });
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));

    await page.locator('#apply-update').waitFor();
    assert.equal(await page.textContent('#apply-update'), 'Jauna versija — pārlādēt');
    // Nothing was interrupted: still on the sheet, still editable.
    await page.fill('#ctx-outcome', 'Pirms atjaunināšanas, vēl rakstu');
    // Listening before the click: a quick reload could otherwise finish unseen.
    await Promise.all([page.waitForEvent('load'), page.click('#apply-update')]);
    await page.locator('#ctx-outcome').waitFor();
    assert.equal(await page.inputValue('#ctx-outcome'), 'Pirms atjaunināšanas, vēl rakstu');
    const caches = await page.evaluate(() => caches.keys());
    assert.deepEqual(caches, ['vero-next-build'], 'the old build\'s cache is gone');
  } finally {
    await context.close();
    await server.stop();
    rmSync(dist, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  }
});
