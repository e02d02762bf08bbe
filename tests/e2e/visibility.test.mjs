// Who sees a shared observation, in each person's own browser: one observation of each
// of the seven types about the demo teacher, and every demo account signed in on a
// device of its own (another school's teacher and the admin included). Each reads the
// observation where it shows all of it, the printed sheet, and finds exactly what the
// confidentiality rules give them: nothing, that it happened, the sheet, or the sheet
// with its atzinums. The private note reaches nobody; a peer observation the teacher
// chose to show to management reaches the head.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from './browser.mjs';
import { useServerAndBrowser, signIn, startSheet, fillWholeSheet, syncNow, apiAt } from './flows.mjs';

const env = useServerAndBrowser();
const api = (path, body, token) => apiAt(env.server.url)(path, body, token);

const KINDS = ['peer', 'open_lesson', 'mentor', 'edtech_mentor', 'consultant', 'specialist', 'quality_grade'];
const EVALUATIVE = new Set(['consultant', 'specialist', 'quality_grade']);

// What each account may read of an observation of `kind` about the demo teacher
// (school 1): none, summary (that it happened), sheet (its text), opinion (and the atzinums).
function expected(account, kind) {
  const evaluative = EVALUATIVE.has(kind);
  switch (account) {
    // Everything written about her; the collegial types have no atzinums to read.
    case 'teacher': return evaluative ? 'opinion' : 'sheet';
    case 'mentor': return 'sheet';
    case 'consultant': case 'edtech': return evaluative ? 'sheet' : 'summary';
    case 'head': case 'specialist': return evaluative ? 'opinion' : 'summary';
    default: return 'none'; // the admin, and the other school's teacher
  }
}



// The observer shares a peer observation from her tablet; the same sheet as each of the
// other types comes from another of her devices, each with words that say its type.
async function observationOfEveryKind() {
  const tablet = await openPage(env.browser, 'tablet');
  try {
    const { page } = tablet;
    await signIn(page, env.server.url, 'observer');
    const url = await startSheet(page, { teacher: 'Anna Bērziņa' });
    await fillWholeSheet(page);
    await page.fill('#private-note', 'PRIVĀTI-peer');
    await page.click('#share');
    await page.locator('#workflow').waitFor();
    await syncNow(page);
    const first = url.split('/').pop();
    const { token } = await api('/api/login', { username: 'observer', password: 'demo' });
    const { records } = await api('/api/sync', { device: 'observer-laptop-01', since: 0, push: [] }, token);
    const made = records.find((r) => r.id === first);
    const base = Object.fromEntries(Object.entries(made.fields).map(([path, heads]) => [path, heads[0].value]));
    const ids = { peer: first };
    const push = KINDS.slice(1).map((kind, n) => {
      const id = `0190f3a1-2b3c-7abc-8def-${(n + 1).toString(16).padStart(12, '0')}`;
      ids[kind] = id;
      const words = (label) => JSON.stringify(`${label}-${kind}`);
      const set = { ...base, kind: JSON.stringify(kind), 'evidence.A1': words('FAKTI'), private_note: words('PRIVĀTI') };
      if (EVALUATIVE.has(kind)) set.opinion = words('ATZINUMS');
      return { record: id, seq: n + 1, at: Date.now(), base: {}, set };
    });
    const pushed = await api('/api/sync', { device: 'observer-laptop-01', since: 1e15, push }, token);
    assert.equal(pushed.acked.length, push.length, JSON.stringify(pushed.rejected));
    // The peer one has the words of its type too, typed on the tablet.
    await page.click('[data-tab=A]');
    await page.fill('#evidence-A1', 'FAKTI-peer');
    await syncNow(page);
    assert.deepEqual(tablet.problems, []);
    return ids;
  } finally {
    await tablet.context.close();
  }
}

// What `account`'s device shows of the observation `id`: its place in the list, and
// the printed sheet.
async function whatTheySee(page, id) {
  const listed = await page.locator(`#shared-list .draft[data-id="${id}"]`).count();
  await page.goto(`${env.server.url}/sheet/${id}/print`);
  await page.locator('#printed-sheet, .card h1').first().waitFor();
  const text = (await page.locator('#printed-sheet').count()) ? await page.textContent('#printed-sheet') : '';
  await page.goto(`${env.server.url}/`);
  // The admin's screen has accounts, no observations.
  await page.locator('#shared-list, #no-shared, #accounts-card').first().waitFor();
  return { listed: listed > 0, text };
}

function readAs(seen, kind) {
  if (!seen.listed && !seen.text) return 'none';
  assert.ok(!seen.text.includes('PRIVĀTI'), `${kind}: the private note never leaves its author`);
  if (seen.text.includes(`ATZINUMS-${kind}`)) return 'opinion';
  if (seen.text.includes(`FAKTI-${kind}`)) return 'sheet';
  assert.match(seen.text, /Anna Bērziņa/, `${kind}: the summary says whose lesson it was`);
  return 'summary';
}

test('every account reads each type of observation as the confidentiality rules say, on its own device', async () => {
  const ids = await observationOfEveryKind();
  // The teacher last: what she does then changes what the head sees, checked after.
  const accounts = ['mentor', 'consultant', 'edtech', 'head', 'specialist', 'admin', 'teacher2', 'teacher'];
  const onPhone = new Set(['teacher', 'head', 'teacher2']);
  const seen = {};
  const wanted = {};
  for (const account of accounts) {
    const device = await openPage(env.browser, onPhone.has(account) ? 'phone' : 'tablet');
    try {
      await signIn(device.page, env.server.url, account);
      await device.page.locator('#shared-list, #no-shared, #accounts-card').first().waitFor();
      seen[account] = {};
      wanted[account] = {};
      for (const kind of KINDS) {
        seen[account][kind] = readAs(await whatTheySee(device.page, ids[kind]), kind);
        wanted[account][kind] = expected(account, kind);
      }
      if (account === 'teacher') {
        // She shows the peer observation to the school's management.
        await device.page.goto(`${env.server.url}/sheet/${ids.peer}`);
        await device.page.click('#acknowledge');
        await device.page.check('#show-to-management');
        await syncNow(device.page);
      }
      assert.deepEqual(device.problems, [], account);
    } finally {
      await device.context.close();
    }
  }
  assert.deepEqual(seen, wanted);

  // The head, on a new device, now reads the peer observation the teacher showed her.
  const head = await openPage(env.browser, 'phone');
  try {
    await signIn(head.page, env.server.url, 'head');
    await head.page.locator('#shared-list').waitFor();
    assert.equal(readAs(await whatTheySee(head.page, ids.peer), 'peer'), 'sheet');
    assert.equal(readAs(await whatTheySee(head.page, ids.open_lesson), 'open_lesson'), 'summary');
  } finally {
    await head.context.close();
  }
});
