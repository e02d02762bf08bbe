// The twice-yearly analysis on the demo year: the municipal specialist (Latvian, tablet)
// reads this semester's figures for both schools, opens the sheets behind a figure,
// compares with last spring and downloads the CSVs; a school's management sees only its
// own school; a teacher has no analysis. English on a phone, checked by axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { openPage, shot } from './browser.mjs';
import { useServerAndBrowser, signIn } from './flows.mjs';
import { axeProblems } from './axe.mjs';

const env = useServerAndBrowser({ year: true });

async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  return { name: file.suggestedFilename(), text: fs.readFileSync(await file.path(), 'utf8') };
}

const rowsOf = (page, table) => page.$$eval(`${table} tbody tr`, (trs) => trs.map((tr) =>
  [...tr.querySelectorAll('th, td')].map((c) => c.textContent.trim())));

test('tablet: the specialist analyses the semester, drills down and downloads the CSV', async () => {
  const { context, page, problems } = await openPage(env.browser, 'tablet');
  try {
    await signIn(page, env.server.url, 'specialist');
    await page.click('#open-analysis');
    await page.waitForURL('**/analysis');
    await page.locator('#analysis-counts').waitFor();
    const total = Number((await page.textContent('#counts-title')).match(/Vērojumi: (\d+)/)[1]);
    assert.ok(total > 0);
    // Every figure adds up to the total.
    for (const table of ['#by-kind table', '#by-school table', '#by-stage table']) {
      const sum = (await rowsOf(page, table)).reduce((n, r) => n + Number(r[1]), 0);
      assert.equal(sum, total, table);
    }
    const schools = (await rowsOf(page, '#by-school table')).map((r) => r[0]);
    assert.deepEqual(schools, ['Lubānas vidusskola', 'Madonas pilsētas vidusskola']);

    // All observations: a row per rated criterion; its count opens the sheets behind it.
    const ratings = await rowsOf(page, '#ratings-table');
    assert.ok(ratings.length >= 10);
    const a1 = ratings.find((r) => r[0] === 'A1');
    const a1Count = Number(a1[7]);
    await page.click('#ratings-table tr:has(th:text-is("A1")) button');
    await page.locator('#analysis-behind').waitFor();
    assert.match(await page.textContent('#behind-title'), new RegExp(`Visi vērojumi · A1 .*\\(${a1Count}\\)`));
    assert.equal(await page.locator('#analysis-behind li a').count(), a1Count);
    const behind = await download(page, '#csv-behind');
    assert.equal(behind.text.charCodeAt(0), 0xfeff, 'a BOM for Excel');
    assert.equal(behind.text.trim().split('\r\n').length, a1Count + 1);
    assert.match(behind.text, /Vērojuma ID;Datums;Iestāde;Vērojamais pedagogs;/);

    // One school's spread, and a sheet behind it opens.
    await page.selectOption('#ratings-group', { label: 'Lubānas vidusskola' });
    await page.locator('#ratings-title').waitFor();
    assert.match(await page.textContent('#analysis-ratings svg title'), /Lubānas vidusskola/);
    await page.click('#by-school tr:has(th:text-is("Lubānas vidusskola")) button');
    const first = page.locator('#analysis-behind li a').first();
    assert.match(await first.textContent(), /Lubānas vidusskola/);
    await shot(page, 'tablet-analysis-lv');
    assert.deepEqual(await axeProblems(page), []);

    // Change from last spring: the demo year has sheets from then.
    const change = await rowsOf(page, '#change-table');
    assert.ok(change.some((r) => /\(\d+\)/.test(r[1]) && !r[1].startsWith('–') && r[3] !== '–'), JSON.stringify(change));

    const ratingsCsv = await download(page, '#csv-ratings');
    assert.equal(ratingsCsv.name, 'analize-vertejumi.csv');
    assert.match(ratingsCsv.text, /Grupa;Kritērijs;1;2;3;4;N\/V;Vidējais;Skaits/);
    assert.match(ratingsCsv.text, /Visi vērojumi;A1;/);
    const counts = await download(page, '#csv-counts');
    assert.match(counts.text, /Pēc skolas;Lubānas vidusskola;\d+/);
    const records = await download(page, '#csv-records');
    assert.equal(records.text.trim().split('\r\n').length, total + 1);
    await download(page, '#csv-change');
    const steps = await download(page, '#csv-steps');
    assert.match(steps.text, /Saskaņoti;\d+/);

    // Last spring on its own.
    const spring = await page.$$eval('#analysis-period option', (os) => os.map((o) => o.textContent));
    const springName = spring.find((n) => /2025\/2026\. m\. g\., 2\. semestris/.test(n));
    await page.selectOption('#analysis-period', { label: springName });
    await page.waitForFunction((t) => !document.querySelector('#counts-title')?.textContent.includes(`Vērojumi: ${t}`), total);
    assert.match(await page.textContent('#counts-title'), /Vērojumi: 3/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('management sees its own school only; a teacher has no analysis', async () => {
  const head = await openPage(env.browser, 'tablet');
  try {
    await signIn(head.page, env.server.url, 'head');
    await head.page.click('#open-analysis');
    await head.page.locator('#analysis-counts').waitFor();
    const schools = (await rowsOf(head.page, '#by-school table')).map((r) => r[0]);
    assert.deepEqual(schools, ['Madonas pilsētas vidusskola']);
    const records = await download(head.page, '#csv-records');
    assert.doesNotMatch(records.text, /Lubānas/);
    assert.deepEqual(head.problems, []);
  } finally {
    await head.context.close();
  }
  const teacher = await openPage(env.browser, 'phone');
  try {
    await signIn(teacher.page, env.server.url, 'teacher');
    await teacher.page.goto(env.server.url + '/analysis');
    await teacher.page.locator('main .card').first().waitFor();
    assert.match(await teacher.page.textContent('main'), /Analīze pieejama skolas vadībai/);
    assert.equal(await teacher.page.locator('#analysis-counts').count(), 0);
  } finally {
    await teacher.context.close();
  }
});

test('phone, English: the analysis reads and passes axe', async () => {
  const { context, page, problems } = await openPage(env.browser, 'phone');
  try {
    await signIn(page, env.server.url, 'specialist');
    await page.click('.lang-switch button:has-text("EN")');
    await page.click('#open-analysis');
    await page.locator('#analysis-ratings').waitFor();
    assert.match(await page.textContent('#ratings-title'), /How the ratings spread per criterion/);
    assert.match(await page.textContent('#analysis-period'), /semester 1/);
    assert.deepEqual(await axeProblems(page), []);
    await shot(page, 'phone-analysis-en');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
