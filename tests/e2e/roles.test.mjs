// Every demo account on the demo's school year, on its own device (teachers and heads on
// a phone, the others on a tablet): the screen shows what that role may see of the
// seeded year and nothing it may not (no one else's private note; no atzinums where the
// role has no right to it). Each screen passes axe-core (WCAG 2.2 A and AA) with no
// serious or critical violation at 1024×768 and at 390×844, and is saved as a
// screenshot per role and viewport, in Latvian and in English.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, shot, VIEWPORTS } from './browser.mjs';
import { signIn, useServerAndBrowser } from './flows.mjs';
import { axeProblems } from './axe.mjs';

const PRIVATE_NOTES = ['Pajautāt par 7.b grupu darbu', 'Atnest atbalsta kartīšu paraugus', 'Runāt par laika plānošanu'];
const OPINIONS = ['Ieteicams dalīties pieredzē ar kolēģiem', 'jāpilnveido atgriezeniskā saite skolēniem stundas gaitā',
  'iesaku turpināt darbu pie skolēnu pašvadības'];

const env = useServerAndBrowser({ year: true });

// The screen as it is, checked and saved at both sizes, then in English.
async function checkEverywhere(page, name, ready) {
  for (const kind of ['tablet', 'phone']) {
    await page.setViewportSize(VIEWPORTS[kind].viewport);
    await ready();
    assert.deepEqual(await axeProblems(page), [], `${name} at ${kind} passes axe`);
    await shot(page, `role-${name}-${kind}-lv`);
  }
  await page.click('.lang-switch button[lang=en]');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await ready();
  assert.deepEqual(await axeProblems(page), [], `${name} in English passes axe`);
  await shot(page, `role-${name}-phone-en`);
  await page.click('.lang-switch button[lang=lv]');
  await page.waitForFunction(() => document.documentElement.lang === 'lv');
}

async function nothingHidden(page, { opinions = false } = {}) {
  const text = await page.textContent('body');
  for (const note of PRIVATE_NOTES) assert.ok(!text.includes(note), `no one else's private note: ${note}`);
  if (!opinions) for (const o of OPINIONS) assert.ok(!text.includes(o), `no atzinums: ${o}`);
}

async function as(username, kind, body) {
  const { context, page, problems } = await openPage(env.browser, kind);
  try {
    await signIn(page, env.server.url, username);
    await page.locator('[data-home]').waitFor();
    await body(page);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
}

test('observer (tablet): what came back, her observations by state with filters, each control labelled', () =>
  as('observer', 'tablet', async (page) => {
    await page.locator('#by-state').waitFor();
    for (const id of ['mine-search', 'mine-stage', 'mine-kind', 'mine-year']) {
      assert.ok(await page.locator(`label[for=${id}]`).count(), `${id} has a label`);
    }
    // The filter: a stage empties the other piles and keeps its own.
    const closed = await page.textContent('details[data-pile=closed] .badge');
    await page.selectOption('#mine-stage', 'closed');
    await page.waitForFunction(() => document.querySelector('details[data-pile=waiting] .badge')?.textContent === '0');
    assert.equal(await page.textContent('details[data-pile=closed] .badge'), closed);
    await page.selectOption('#mine-stage', '');
    await page.fill('#mine-search', 'berzina');
    await page.waitForFunction(() => [...document.querySelectorAll('#by-state details li strong')]
      .every((s) => s.textContent.includes('Bērziņa')));
    await page.fill('#mine-search', '');
    await checkEverywhere(page, 'observer', () => page.locator('#by-state').waitFor());
  }));

test('teacher (phone): her feedback, steps, progress and her mentoring pair — atzinums hers to read', () =>
  as('teacher', 'phone', async (page) => {
    await page.locator('#my-progress').waitFor();
    const pair = page.locator('.pair');
    await pair.waitFor();
    assert.match(await pair.textContent(), /Jānis Ozols/);
    assert.match(await pair.textContent(), /Sākums: \d{4}\. gada 1\. septembris/);
    assert.equal(await pair.locator('.goals li').count(), 3);
    await page.selectOption('#feedback-kind', 'mentor');
    await page.waitForFunction(() => [...document.querySelectorAll('#shared-list li')]
      .every((li) => li.textContent.includes('Mentora vērošana')));
    await page.selectOption('#feedback-kind', '');
    await nothingHidden(page, { opinions: true });
    await checkEverywhere(page, 'teacher', () => page.locator('#my-progress').waitFor());
  }));

test('mentor (tablet): the pair with its start and goals, the mentee\'s page with observations both ways, and no atzinums', () =>
  as('mentor', 'tablet', async (page) => {
    const row = page.locator('#pairs .pair-row');
    await row.waitFor();
    assert.match(await row.textContent(), /Anna Bērziņa/);
    assert.match(await row.textContent(), /Sākums: \d{4}\. gada 1\. septembris/);
    assert.equal(await row.locator('.goals li').count(), 3);
    assert.match(await row.textContent(), /Jūs vērojāt: [1-9]\d* · vēroja jūs: [1-9]/);
    await nothingHidden(page);
    await checkEverywhere(page, 'mentor', () => page.locator('#pairs .pair-row').waitFor());

    await row.locator('a').first().click();
    await page.waitForURL(/\/people\/\d+$/);
    await page.locator('#timeline li').first().waitFor();
    const directions = await page.locator('#timeline li').allTextContents();
    assert.ok(directions.some((t) => t.includes('Jūs vērojāt; stundu vadīja Anna Bērziņa')), directions.join('\n'));
    assert.ok(directions.some((t) => t.includes('Anna Bērziņa vēroja jūsu stundu')), directions.join('\n'));
    assert.match(await page.textContent('.pair'), /Pāra mērķi/);
    await page.locator('#person-progress tr[data-criterion]').first().waitFor();
    await nothingHidden(page);
    await checkEverywhere(page, 'mentor-mentee', () => page.locator('#timeline').waitFor());
  }));

test('consultant (tablet): caseload, a teacher\'s strengths and areas with the evidence linked, waiting feedback, atzinums drafts', () =>
  as('consultant', 'tablet', async (page) => {
    await page.locator('#cases li').first().waitFor();
    await page.locator('#waiting-ack').waitFor();
    await page.locator('#opinion-drafts').waitFor();
    await checkEverywhere(page, 'consultant', () => page.locator('#cases').waitFor());

    await page.locator('#cases li[data-teacher] a', { hasText: 'Anna Bērziņa' }).click();
    await page.locator('#criteria-summary tr[data-criterion]').first().waitFor();
    const rows = page.locator('#criteria-summary tr[data-criterion]');
    assert.ok(await rows.count() >= 5, 'per-criterion figures');
    assert.match(await rows.first().textContent(), /[1-4]\.\d/);
    const withEvidence = page.locator('#criteria-summary details.evidence').first();
    await withEvidence.locator('summary').click();
    const link = withEvidence.locator('a').first();
    assert.match(await link.getAttribute('href'), /^\/sheet\/[0-9a-f-]+$/);
    await nothingHidden(page, { opinions: true });
    await checkEverywhere(page, 'consultant-teacher', () => page.locator('#criteria-summary').waitFor());
    await link.click();
    await page.locator('#workflow').waitFor();
  }));

test('ed-tech mentor (tablet): the observer\'s screen and the teachers she follows, D3 first', () =>
  as('edtech', 'tablet', async (page) => {
    await page.locator('#by-state').waitFor();
    const lead = page.locator('#cases li .lead[data-criterion=D3]').first();
    await lead.waitFor();
    assert.match(await lead.textContent(), /^D3: (vidēji \d\.\d|vēl nav)/);
    await page.locator('#cases li a', { hasText: 'Anna Bērziņa' }).click();
    await page.locator('#criteria-summary tr[data-criterion]').first().waitFor();
    assert.equal(await page.getAttribute('#criteria-summary tr[data-criterion] >> nth=0', 'data-criterion'), 'D3');
    await nothingHidden(page);
    await checkEverywhere(page, 'edtech-teacher', () => page.locator('#criteria-summary').waitFor());
  }));

for (const [username, school] of [['head', 'Madonas pilsētas vidusskola'], ['head2', 'Lubānas vidusskola']]) {
  test(`${username} (phone): the school's semester, opinions and steps due`, () =>
    as(username, 'phone', async (page) => {
      await page.locator('#semester').waitFor();
      assert.match(await page.textContent('[data-home]'), new RegExp(school));
      await nothingHidden(page, { opinions: true });
      await checkEverywhere(page, username, () => page.locator('#semester').waitFor());
    }));
}

test('specialist (tablet): both schools this semester, by school, type and stage', () =>
  as('specialist', 'tablet', async (page) => {
    await page.locator('#by-school-table tbody tr').first().waitFor();
    const schools = await page.locator('#by-school-table tbody th').allTextContents();
    assert.deepEqual(schools, ['Lubānas vidusskola', 'Madonas pilsētas vidusskola']);
    await page.locator('#semester').waitFor();
    await nothingHidden(page, { opinions: true });
    await checkEverywhere(page, 'specialist', () => page.locator('#by-school').waitFor());
  }));

test('admin (tablet): the accounts with their roles and schools, and no observations', () =>
  as('admin', 'tablet', async (page) => {
    await page.locator('#accounts li').first().waitFor();
    assert.equal(await page.locator('#accounts li').count(), 11);
    await page.fill('#people-search', 'lubanas');
    await page.waitForFunction(() => document.querySelectorAll('#accounts li').length === 3);
    await page.fill('#people-search', '');
    assert.equal(await page.locator('#semester, #by-state, #shared-list').count(), 0);
    await nothingHidden(page);
    await checkEverywhere(page, 'admin', () => page.locator('#accounts').waitFor());
  }));

for (const [username, kind, ready] of [['teacher2', 'phone', '#my-progress'], ['teacher3', 'phone', '#my-progress'],
  ['observer2', 'tablet', '#by-state']]) {
  test(`${username} (${kind}): a screen of her own with the year in it`, () =>
    as(username, kind, async (page) => {
      await page.locator(`${ready}`).waitFor();
      const rows = page.locator('#shared-list li, #by-state details li');
      await rows.first().waitFor({ state: 'attached' });
      await nothingHidden(page, { opinions: username !== 'observer2' });
      await checkEverywhere(page, username, () => page.locator(ready).waitFor());
    }));
}

test('keyboard only: the skip link, the filters and a sheet, each focus visible', () =>
  as('observer', 'tablet', async (page) => {
    await page.locator('#by-state').waitFor();
    await page.goto(env.server.url + '/observer');
    await page.locator('#by-state').waitFor();
    const seen = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(() => {
        const el = document.activeElement;
        const s = getComputedStyle(el);
        return { tag: el.tagName, id: el.id, outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow };
      });
      // Past the last control the focus leaves the page.
      if (focus.tag === 'BODY') break;
      seen.push(focus);
      assert.ok((focus.outline !== 'none' && focus.width > 0) || focus.shadow !== 'none',
        `focus on ${focus.tag}#${focus.id} is visible`);
    }
    assert.equal(seen[0].tag, 'A', 'the skip link comes first');
    assert.ok(seen.some((f) => f.id === 'mine-search'), 'the search is reached by Tab');
    assert.ok(seen.some((f) => f.tag === 'SELECT'), 'a filter choice is reached by Tab');
    // A sheet opens from the keyboard.
    await page.focus('#by-state details[open] li a');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/sheet\/[0-9a-f-]+$/);
  }));
