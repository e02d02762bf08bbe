// What a person does again and again in these tests, written once.
import { before, after } from 'node:test';
import { startServer } from './server.mjs';
import { launch } from './browser.mjs';

// A fresh server and one Chromium for a test file: `env.server`, `env.browser`.
export function useServerAndBrowser() {
  const env = {};
  before(async () => {
    env.server = await startServer();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

export async function signIn(page, baseUrl, username = 'observer') {
  await page.goto(baseUrl + '/sign-in');
  await page.fill('#username', username);
  await page.fill('#password', 'demo');
  await page.click('button[type=submit]');
  await page.waitForURL(/\/(observer|teacher|mentor|consultant|management|municipality)$/);
  // The first sync brings the directory of teachers to pick from.
  await page.locator('#sync-state[data-phase=synced]').waitFor();
}

// Rates every criterion, writes evidence, notes, counters and the closing: a sheet
// ready to share.
export async function fillWholeSheet(page) {
  await page.fill('#ctx-outcome', 'Skolēni risina lineārus vienādojumus');
  const sections = { A: ['A1', 'A2', 'A3'], B: ['B1', 'B2', 'B3'], C: ['C1', 'C2', 'C3'], D: ['D1', 'D2', 'D3', 'D4'] };
  let level = 0;
  for (const [section, criteria] of Object.entries(sections)) {
    await page.click(`[data-tab=${section}]`);
    for (const c of criteria) {
      const choice = c === 'D4' ? 4 : level++ % 4; // D4 gets N/V
      await page.click(`[data-criterion=${c}] .rate >> nth=${choice}`);
      await page.fill(`#evidence-${c}`, `Fakti par ${c}`);
    }
  }
  await page.click('[data-tab=E]');
  await page.fill('#free-E', 'Skolēni atrisināja 3 uzdevumus bez palīdzības');
  await page.click('[data-tab=closing]');
  await page.fill('#strength-1', 'Skaidri formulēts SR');
  await page.fill('#strength-2', 'Skolēni strādā pāros');
  await page.fill('#next-step', 'Pašvērtēšana pēc kritērijiem');
  await page.fill('#next-step-due', '2026-12-15');
}

// Starts a sheet from the drafts list (the current screen's link) and returns its URL.
export async function startSheet(page, { teacher = 'Anna Bērziņa', klass = '7.b', subject = 'Matemātika', goal = 'Atgriezeniskā saite stundas gaitā' } = {}) {
  await page.click('#nav-drafts');
  await page.click('#new-sheet');
  await page.waitForURL('**/sheet/new');
  await page.fill('#start-teacher', teacher);
  await page.fill('#start-class', klass);
  await page.fill('#start-subject', subject);
  await page.fill('#start-goal', goal);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/sheet\/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  await page.locator('#progress').waitFor();
  return page.url();
}

// One record of the app's IndexedDB, read straight from the page.
export function storedRecord(page, store, key) {
  return page.evaluate(({ store, key }) => new Promise((resolve, reject) => {
    const open = indexedDB.open('vero');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const get = open.result.transaction(store).objectStore(store).get(key);
      get.onsuccess = () => { resolve(get.result); open.result.close(); };
      get.onerror = () => reject(get.error);
    };
  }), { store, key });
}
