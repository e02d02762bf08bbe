// A teacher downloads her own data from her home on the phone (the demo's school year):
// the JSON and the CSV arrive as files, hold her observations and reflections, and
// never an observer's private note (her own, on sheets she wrote, is hers); offline, the card says the internet is needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { openPage, shot } from './browser.mjs';
import { signIn, useServerAndBrowser } from './flows.mjs';
import { axeProblems } from './axe.mjs';

const env = useServerAndBrowser({ year: true });

const PRIVATE_NOTES = [
  'Pajautāt par 7.b grupu darbu nākamajā tikšanās reizē',
  'Atnest atbalsta kartīšu paraugus',
  'Runāt par laika plānošanu',
];

async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  const bytes = await fs.readFile(await file.path());
  return { name: file.suggestedFilename(), bytes };
}

test('phone: the teacher downloads her data as JSON and CSV, and offline is told the internet is needed', async () => {
  const { context, page, problems } = await openPage(env.browser, 'phone');
  try {
    await signIn(page, env.server.url, 'teacher');
    const card = page.locator('#my-data');
    await card.getByRole('heading', { name: 'Mani dati' }).waitFor();
    await card.scrollIntoViewIfNeeded();
    assert.deepEqual(await axeProblems(page), []);

    const json = await download(page, 'Lejupielādēt JSON');
    assert.match(json.name, /^vero-teacher-\d{4}-\d{2}-\d{2}\.json$/);
    const doc = JSON.parse(json.bytes.toString('utf8'));
    assert.equal(doc.account.display_name, 'Anna Bērziņa');
    const mine = doc.observations_of_me;
    assert.ok(mine.length >= 3, `her observations: ${mine.length}`);
    assert.ok(mine.every((o) => o.context.teacher_id === doc.account.id));
    assert.ok(mine.every((o) => o.status !== 'draft'), 'no drafts of others');
    assert.ok(doc.my_answers.some((a) => a.reflection.length > 10), 'her reflections');
    assert.ok(mine.some((o) => o.history.length > 0), 'the history');
    // Observers' private notes never reach her; her own, on the sheets she wrote, do.
    const aboutHer = JSON.stringify(mine);
    for (const note of PRIVATE_NOTES) assert.ok(!aboutHer.includes(note), `private note leaked: ${note}`);
    assert.ok(doc.observations_by_me.some((o) => PRIVATE_NOTES.includes(o.private_note)), 'her own private note');
    await page.locator('#my-data-done').waitFor();

    const csv = await download(page, 'Lejupielādēt CSV (Excel)');
    assert.match(csv.name, /\.csv$/);
    assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte order mark for Excel');
    const sheet = csv.bytes.toString('utf8').slice(1);
    const [header] = sheet.split('\r\n');
    assert.ok(header.split(';').includes('Pašrefleksija'), header);
    assert.ok(header.includes('A1 vērtējums'), header);
    for (const o of mine) assert.ok(sheet.includes(o.id), `a row for ${o.id}`);
    for (const note of PRIVATE_NOTES) assert.ok(!sheet.includes(note), `private note leaked: ${note}`);
    await shot(page, 'phone-teacher-my-data-lv', { fullPage: false });

    await context.setOffline(true);
    await page.getByRole('button', { name: 'Lejupielādēt JSON' }).click();
    await card.getByRole('alert').filter({ hasText: 'vajag internetu' }).waitFor();
    await context.setOffline(false);
    assert.deepEqual(problems.filter((p) => !p.includes('Failed to fetch') && !p.includes('ERR_INTERNET_DISCONNECTED')), []);
  } finally {
    await context.close();
  }
});
