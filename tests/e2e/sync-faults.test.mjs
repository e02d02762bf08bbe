// Sync in the browser when things break, with the app's own sync code: the answer to a
// push is lost after the server stored it, the server is killed while the tablet
// syncs, the tablet's browser is killed while its sync is on the wire. Afterwards every
// sheet is on the server exactly once, with the last words typed, and nothing waits on
// the tablet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchKillable, shot } from './browser.mjs';
import { startServer } from './server.mjs';
import { signIn, startSheet, storedRecord, waitingOnDevice } from './flows.mjs';

const synced = (page, id) =>
  page.locator(`.draft[data-id="${id}"] .sync-status[data-status=synced]`).waitFor({ timeout: 30_000 });

async function tabletPage(chrome) {
  const page = await chrome.context.newPage();
  await page.setViewportSize({ width: 1024, height: 768 });
  return page;
}

// Types into a sheet's intended outcome and waits until the edit is on the device.
async function write(page, id, text) {
  await page.goto(new URL(`/sheet/${id}`, page.url()).href);
  await page.fill('#ctx-outcome', text);
  for (;;) {
    const sheet = await storedRecord(page, 'observations', id);
    if (sheet?.context?.intended_outcome === text) return;
    await page.waitForTimeout(20);
  }
}

const hasPatches = (route) => (route.request().postDataJSON()?.push?.length ?? 0) > 0;

test('a lost answer, a killed server and a killed browser: every sheet arrives once, with its last words', async () => {
  const data = mkdtempSync(path.join(tmpdir(), 'vero-data-'));
  const profile = mkdtempSync(path.join(tmpdir(), 'vero-profile-'));
  let server = await startServer({ data });
  const listen = new URL(server.url).host;
  let chrome = await launchKillable(profile);
  let running = true;
  try {
    let page = await tabletPage(chrome);
    await signIn(page, server.url);

    // 1. The server stores a push, and its answer never reaches the tablet.
    let lost = 0;
    await page.route('**/api/sync', async (route) => {
      if (lost === 0 && hasPatches(route)) {
        lost += 1;
        await route.fetch();
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    const ids = [];
    for (const klass of ['5.a', '6.b', '7.c']) {
      const url = await startSheet(page, { klass });
      ids.push(url.split('/').pop());
      await page.fill('#ctx-outcome', `SR ${klass}`);
    }
    await page.click('#nav-drafts');
    for (const id of ids) await synced(page, id);
    assert.equal(lost, 1, 'an answer was lost');
    await page.unrouteAll();

    // 2. The server is killed as the tablet sends an edit; it comes back on the same data.
    let killed = null;
    await page.route('**/api/sync', async (route) => {
      if (!killed && hasPatches(route)) {
        killed = server.stop('SIGKILL');
        await killed;
      }
      return route.continue().catch(() => {});
    });
    await write(page, ids[1], 'SR 6.b, otrreiz');
    await page.click('#sync-now');
    await page.locator('#sync-state[data-phase=offline]').waitFor({ timeout: 15_000 });
    assert.ok(killed, 'the server was killed mid-sync');
    assert.ok(await waitingOnDevice(page) > 0, 'the edit waits on the tablet');
    await shot(page, 'tablet-sync-server-killed');
    server = await startServer({ data, listen });
    await page.unrouteAll();
    await page.click('#sync-now');
    await page.locator('#sync-state[data-phase=synced]').waitFor({ timeout: 30_000 });

    // 3. The browser is killed while its push is on the wire (the server stores it).
    let sent = null;
    await page.route('**/api/sync', async (route) => {
      if (!sent && hasPatches(route)) {
        sent = route.fetch();
        await sent;
        running = false;
        await chrome.kill();
        return;
      }
      return route.continue().catch(() => {});
    });
    await write(page, ids[2], 'SR 7.c, pēdējie vārdi');
    await page.click('#sync-now').catch(() => {});
    const deadline = Date.now() + 15_000;
    while (!sent && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(sent, 'a push was on the wire');
    await sent;
    await new Promise((r) => setTimeout(r, 500));

    // The tablet starts again on the same profile: signed in, and it syncs by itself.
    chrome = await launchKillable(profile);
    running = true;
    page = await tabletPage(chrome);
    await page.goto(server.url + '/observer');
    await page.locator('#sync-state[data-phase=synced]').waitFor({ timeout: 30_000 });
    await page.click('#nav-drafts');
    for (const id of ids) await synced(page, id);
    assert.equal(await waitingOnDevice(page), 0, 'nothing waits on the tablet');
    await shot(page, 'tablet-sync-after-faults');
    const stored = await storedRecord(page, 'observations', ids[2]);
    assert.equal(stored.context.intended_outcome, 'SR 7.c, pēdējie vārdi');

    // What the server holds, read by a fresh device of the same account.
    const login = await fetch(server.url + '/api/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'observer', password: 'demo' }),
    }).then((r) => r.json());
    const pulled = await fetch(server.url + '/api/sync', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${login.token}` },
      body: JSON.stringify({ device: 'check-after-faults', since: 0, limit: 2000 }),
    }).then((r) => r.json());
    assert.deepEqual(pulled.records.map((r) => r.id).sort(), [...ids].sort(), 'each sheet once, no other');
    const outcome = (id) => {
      const heads = pulled.records.find((r) => r.id === id).fields['context.intended_outcome'];
      assert.equal(heads.length, 1, `one value for ${id}`);
      return JSON.parse(heads[0].value);
    };
    assert.deepEqual(ids.map(outcome), ['SR 5.a', 'SR 6.b, otrreiz', 'SR 7.c, pēdējie vārdi']);
  } finally {
    if (running) await chrome.kill();
    await server.stop();
    rmSync(data, { recursive: true, force: true });
    for (let i = 0; i < 20; i++) {
      try { rmSync(profile, { recursive: true, force: true }); break; } catch { await new Promise((r) => setTimeout(r, 250)); }
    }
  }
});
