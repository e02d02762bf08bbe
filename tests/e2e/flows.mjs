// What a person does again and again in these tests, written once.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { launch } from './browser.mjs';

// A fresh server and one Chromium for a test file: `env.server`, `env.browser`.
// `options` go to startServer (`{ year: true }`: the demo's school year).
export function useServerAndBrowser(options) {
  const env = {};
  before(async () => {
    env.server = await startServer(options);
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

// Runs `fn(db, arg)` in the page on the signed-in account's own IndexedDB database
// (`vero-<account id>`), or on `name`'s when given; returns what it resolves to.
export function withDatabase(page, fn, arg, name) {
  return page.evaluate(async ({ src, arg, name }) => {
    const opened = (name) => new Promise((ok, err) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => ok(open.result);
      open.onerror = () => err(open.error);
    });
    if (!name) {
      const device = await opened('vero-device');
      const session = await new Promise((ok) => {
        const get = device.transaction('session').objectStore('session').get('current');
        get.onsuccess = () => ok(get.result);
      });
      device.close();
      if (!session) throw new Error('nobody is signed in');
      name = `vero-${session.user.id}`;
    }
    const db = await opened(name);
    try {
      return await (new Function(`return (${src})`)())(db, arg);
    } finally {
      db.close();
    }
  }, { src: fn.toString(), arg, name });
}

// One record of the signed-in account's database, read straight from the page.
export function storedRecord(page, store, key) {
  return withDatabase(page, (db, { store, key }) => new Promise((resolve, reject) => {
    const get = db.transaction(store).objectStore(store).get(key);
    get.onsuccess = () => resolve(get.result);
    get.onerror = () => reject(get.error);
  }), { store, key });
}

// How many records wait to be sent: marked changed, or in the outbox.
export function waitingOnDevice(page) {
  return withDatabase(page, (db) => new Promise((resolve) => {
    const tx = db.transaction(['dirty', 'outbox']);
    const count = (s) => new Promise((r) => { const c = tx.objectStore(s).count(); c.onsuccess = () => r(c.result); });
    Promise.all([count('dirty'), count('outbox')]).then(([a, b]) => resolve(a + b));
  }));
}

// The session the device keeps (in its own database, `vero-device`), or undefined.
export function storedSession(page) {
  return withDatabase(page, (db) => new Promise((resolve) => {
    const get = db.transaction('session').objectStore('session').get('current');
    get.onsuccess = () => resolve(get.result);
  }), undefined, 'vero-device');
}

// A device preference (localStorage `vero.<key>`, a plain text), as the app keeps it.
export function storedPref(page, key) {
  return page.evaluate((key) => localStorage.getItem(`vero.${key}`) ?? undefined, key);
}

// Syncs now and waits until everything is sent (in either language).
export async function syncNow(page) {
  await page.click('#sync-now');
  await page.waitForFunction(() => document.querySelector('#sync-state')?.textContent.match(/Viss nosūtīts|Everything sent/), null, { timeout: 15_000 });
}

// The API straight, as another device would call it: `post(path, body, token)` on the
// server at `baseUrl`, failing the test on anything but 200.
export function apiAt(baseUrl) {
  return async (path, body, token) => {
    const res = await fetch(baseUrl + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 200, await res.clone().text());
    return res.json();
  };
}
