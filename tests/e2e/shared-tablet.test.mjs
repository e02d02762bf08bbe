// A school tablet passed from hand to hand: one person's work never shows to the next
// one, on screen or in the tablet's storage, and is never lost. The observer fills a
// sheet offline and signs out before it is sent; the head signs in on the same browser
// profile and finds none of it; the observer signs back in and it is there, and sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, shot } from './browser.mjs';
import { signIn, startSheet, storedRecord, useServerAndBrowser, withDatabase } from './flows.mjs';

const env = useServerAndBrowser();

// Every record of every store of the signed-in account's database, as JSON text.
const everythingStored = (page) => withDatabase(page, async (db) => {
  const all = {};
  for (const name of db.objectStoreNames) {
    all[name] = await new Promise((resolve) => {
      const tx = db.transaction(name);
      const keys = tx.objectStore(name).getAllKeys();
      const values = tx.objectStore(name).getAll();
      tx.oncomplete = () => resolve(keys.result.map((k, i) => [k, values.result[i]]));
    });
  }
  return JSON.stringify(all);
});

// What the server holds of a record, pulled as a new device of `username` would.
async function onServer(username, id) {
  const login = await fetch(`${env.server.url}/api/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo' }),
  }).then((r) => r.json());
  const pulled = await fetch(`${env.server.url}/api/sync`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${login.token}` },
    body: JSON.stringify({ device: `check-${Date.now()}`, since: 0, limit: 2000 }),
  }).then((r) => r.json());
  return pulled.records.find((r) => r.id === id);
}

const outcomeOf = (record) => JSON.parse(record.fields['context.intended_outcome'][0].value);

async function untilStored(page, id, text) {
  for (;;) {
    const sheet = await storedRecord(page, 'observations', id);
    if (sheet?.context?.intended_outcome === text) return;
    await page.waitForTimeout(20);
  }
}

test('a shared tablet: what one person left unsent is neither shown to the next nor lost', async () => {
  const { page, context, problems } = await openPage(env.browser, 'tablet');
  try {
    await signIn(page, env.server.url, 'observer');
    await context.setOffline(true);
    const url = await startSheet(page, { teacher: 'Anna Bērziņa', klass: '6.a' });
    const id = url.split('/').pop();
    const secret = 'Skolēni strādāja pāros pie daļskaitļiem (tikai vērotājas piezīmes)';
    await page.fill('#ctx-outcome', secret);
    await untilStored(page, id, secret);

    // Signing out says how much has not reached the server, and keeps it.
    await page.getByRole('button', { name: 'Iziet' }).click();
    const question = page.getByRole('alertdialog', { name: 'Iziet no Vēro?' });
    await question.waitFor();
    await question.getByText('Šajā ierīcē ir 1 lapa ar izmaiņām, kas vēl nav nosūtītas serverim.').waitFor();
    await shot(page, 'tablet-sign-out-unsent');
    await question.getByRole('button', { name: 'Palikt' }).click();
    await question.waitFor({ state: 'detached' });
    assert.equal(new URL(page.url()).pathname, `/sheet/${id}`, 'staying keeps the screen');
    await page.getByRole('button', { name: 'Iziet' }).click();
    await page.getByRole('button', { name: 'Iziet tik un tā' }).click();
    await page.waitForURL('**/sign-in');

    // The head signs in on the same tablet: none of it, on screen or stored.
    await context.setOffline(false);
    await signIn(page, env.server.url, 'head');
    await page.getByText('Sveiki, Inese Zariņa!').waitFor();
    await page.locator('#no-shared, #shared-list').first().waitFor();
    assert.equal(await page.getByText(secret).count(), 0);
    assert.equal(await page.locator(`[data-id="${id}"]`).count(), 0);
    await page.click('#nav-drafts');
    await page.locator('#no-drafts').waitFor();
    await shot(page, 'tablet-shared-head-sees-nothing');
    assert.equal(await storedRecord(page, 'observations', id), undefined);
    const stored = await everythingStored(page);
    assert.ok(!stored.includes(id) && !stored.includes(secret), 'nothing of it in the head\'s database');
    await page.goto(url);
    await page.getByRole('heading', { name: 'Šāda vērošanas lapa šajā ierīcē nav atrasta.' }).waitFor();
    await page.getByRole('button', { name: 'Iziet' }).click();
    await page.waitForURL('**/sign-in');

    // The observer again: the sheet is there and goes to the server.
    await signIn(page, env.server.url, 'observer');
    await page.click('#nav-drafts');
    const row = page.locator(`.draft[data-id="${id}"]`);
    await row.locator('.sync-status[data-status=synced]').waitFor({ timeout: 15_000 });
    assert.equal(outcomeOf(await onServer('observer', id)), secret);

    // Offline again, and this time waiting: the app sends, then signs out by itself.
    await context.setOffline(true);
    await page.goto(url);
    const later = `${secret}; vēl viens teikums`;
    await page.fill('#ctx-outcome', later);
    await untilStored(page, id, later);
    await page.getByRole('button', { name: 'Iziet' }).click();
    await page.getByRole('button', { name: 'Nosūtīt un iziet' }).click();
    await page.getByText('Nav savienojuma ar serveri.', { exact: false }).waitFor();
    await shot(page, 'tablet-sign-out-waiting-offline');
    assert.equal(new URL(page.url()).pathname, `/sheet/${id}`, 'still signed in while it waits');
    await context.setOffline(false);
    await page.waitForURL('**/sign-in', { timeout: 20_000 });
    assert.equal(outcomeOf(await onServer('observer', id)), later);

    assert.deepEqual(problems.filter((p) => !p.includes('Failed to fetch') && !p.includes('ERR_INTERNET_DISCONNECTED')), []);
  } finally {
    await context.close();
  }
});
