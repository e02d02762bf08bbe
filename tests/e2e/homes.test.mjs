// The role homes on the demo's school year (the server's --demo with its observations):
// each person lands on a screen with their own things in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, shot } from './browser.mjs';
import { signIn, useServerAndBrowser } from './flows.mjs';

const env = useServerAndBrowser({ year: true });

// The observer's first: the teacher's reading one of them below changes her piles.
test('tablet: the observer sees what came back and her observations by state, and follows up a step in one tap', async () => {
  const { context, page, problems } = await openPage(env.browser, 'tablet');
  try {
    await signIn(page, env.server.url, 'observer');
    await page.locator('#by-state').waitFor();
    // The first visit: everything the teachers did with her observations is new.
    const back = Number(await page.textContent('#came-back-count'));
    assert.ok(back >= 5, `what came back: ${back}`);
    const what = await page.locator('#came-back li').evaluateAll((items) => items.map((li) => li.dataset.what));
    assert.ok(what.includes('acknowledged') && what.includes('reflected'), what.join());
    for (const pile of ['waiting', 'read', 'step_open', 'closed', 'withdrawn']) {
      const n = Number(await page.textContent(`details[data-pile=${pile}] .badge`));
      assert.ok(n >= 1, `a ${pile} observation`);
    }
    assert.match(await page.textContent('#by-state'), /melnrakst/);
    await shot(page, 'tablet-observer-home-lv', { fullPage: false });

    // A follow-up of an agreed step, from the screen in one tap.
    const step = page.locator('details[data-pile=step_open] .follow-step >> nth=0');
    const first = await page.locator('details[data-pile=step_open] li >> nth=0').getAttribute('data-record');
    await step.locator('button').click();
    await page.waitForURL(/\/sheet\/[0-9a-f-]+$/);
    assert.notEqual(page.url().split('/').pop(), first);
    await page.locator('#follows').waitFor();
    assert.equal(await page.getAttribute('#follows a', 'href'), `/sheet/${first}`);

    // Looked at once: the next visit counts from then.
    await page.goto(env.server.url + '/observer');
    await page.locator('#by-state').waitFor();
    assert.equal(await page.textContent('#came-back-count'), '0');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('phone: the teacher sees what is new, her next steps by date and her progress, in Latvian and English', async () => {
  const { context, page, problems } = await openPage(env.browser, 'phone');
  try {
    await signIn(page, env.server.url, 'teacher');
    await page.locator('#my-progress').waitFor();
    const count = Number(await page.textContent('#new-count'));
    assert.ok(count >= 1, 'something new to read');
    assert.equal(await page.locator('#new-feedback li').count(), count);
    assert.equal(await page.textContent('#nav-new-count'), String(count), 'the app bar says it too');
    assert.match(await page.getAttribute('#nav-feedback', 'aria-label'), new RegExp(`: ${count} jaun`));
    // Her steps, soonest first, the overdue ones said so.
    const states = await page.locator('#my-steps li').evaluateAll((items) => items.map((li) => li.dataset.due));
    assert.ok(states.length >= 3, `her open steps: ${states}`);
    assert.equal(states[0], 'overdue');
    assert.match(await page.textContent('#my-steps li >> nth=0'), /nokavēts/);
    // Progress per criterion: a line and the numbers behind it, said in words too.
    const a1 = page.locator('#my-progress tr[data-criterion=A1]');
    assert.match(await a1.locator('svg').getAttribute('aria-label'), /^A1: vērtējumi [1-4](, [1-4])+ \(\d+ vērojum/);
    assert.match(await a1.textContent(), /\d\.\d/);
    // Everything about her lessons, none of it a draft or someone else's.
    const all = await page.locator('#shared-list li').count();
    assert.ok(all >= count);
    await shot(page, 'phone-teacher-home-lv');

    // She reads the newest one: one fewer is new.
    await page.locator('#new-feedback li a >> nth=0').click();
    await page.click('#acknowledge');
    await page.locator('#acknowledged').waitFor();
    await page.goBack();
    await page.locator('#my-progress').waitFor();
    await page.waitForFunction((n) => Number(document.querySelector('#new-count')?.textContent) === n, count - 1);

    await page.click('.lang-switch button[lang=en]');
    await page.locator('#my-steps h2', { hasText: 'My next steps' }).waitFor();
    assert.match(await page.locator('#my-progress svg >> nth=0').getAttribute('aria-label'), /ratings? [1-4]/);
    await shot(page, 'phone-teacher-home-en');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('phone: the head sees her school\'s semester by type and stage, the opinions for management and steps coming due — and no words of a peer observation', async () => {
  const { context, page, problems } = await openPage(env.browser, 'phone');
  try {
    await signIn(page, env.server.url, 'head');
    await page.locator('#semester').waitFor();
    assert.match(await page.textContent('#semester h2'), /^\d\. semestris, \d{4}\/\d{4}\. mācību gads$/);
    const total = (kind) => page.textContent(`#semester tr[data-kind=${kind}] .total`).then(Number);
    assert.ok(await total('peer') >= 1, 'peer observations counted');
    assert.ok(await total('consultant') >= 1, 'consultant observations counted');
    // Opinions only of the types that have one, and she reads them.
    const opinions = await page.locator('#opinions li').count();
    assert.ok(opinions >= 1);
    assert.match(await page.textContent('#opinions'), /Pedagog|Stunda/);
    // Steps coming due: a peer observation's step shows its date, not its words.
    const steps = await page.locator('#steps-due li').allTextContents();
    assert.ok(steps.length >= 1, 'steps coming due');
    assert.ok(steps.some((s) => s.includes('saturu redz pedagogs')), steps.join('\n'));
    // The school's evaluative observations' steps she reads in full.
    assert.ok(steps.some((s) => !s.includes('saturu redz pedagogs')), 'an evaluative step with its words');
    await shot(page, 'phone-head-home-lv');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('tablet: the other school\'s head sees only her own school', async () => {
  const { context, page, problems } = await openPage(env.browser, 'tablet');
  try {
    await signIn(page, env.server.url, 'head2');
    await page.locator('#semester').waitFor();
    const text = await page.textContent('main');
    assert.match(text, /Rūta Siliņa/);
    for (const other of ['Anna Bērziņa', 'Kristīne Lāce']) assert.ok(!text.includes(other), `${other} is at the other school`);
    await shot(page, 'tablet-head2-home-en');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('tablet: the consultant finds a teacher of her caseload typing the name without diacritics, in Latvian order', async () => {
  const { context, page, problems } = await openPage(env.browser, 'tablet');
  try {
    await signIn(page, env.server.url, 'consultant');
    await page.locator('#cases').waitFor();
    const names = await page.locator('#cases li strong').allTextContents();
    assert.ok(names.includes('Anna Bērziņa') && names.includes('Kristīne Lāce'), names.join());
    const sorted = [...names].sort((a, b) => a.localeCompare(b, 'lv'));
    assert.deepEqual(names, sorted, 'Latvian alphabetical order');
    assert.match(await page.textContent('#cases li >> nth=0'), /Pēdējais vērojums \d{4}\. gada/);
    await page.fill('#case-search', 'berzina');
    await page.waitForFunction(() => document.querySelectorAll('#cases li').length === 1);
    assert.equal(await page.textContent('#cases li strong'), 'Anna Bērziņa');
    await page.fill('#case-search', 'nav tāda');
    await page.locator('[data-empty=cases]').waitFor();
    await shot(page, 'tablet-consultant-home-lv', { fullPage: false });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
