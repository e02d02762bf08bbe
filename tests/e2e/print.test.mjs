// An observation on paper: the observer picks which live notes go in, the teacher rates
// herself, and the sheet is printed to A4 through Chromium in Latvian and in English.
// The PDF's first page is turned into an image (poppler's pdftoppm) and checked: A4,
// ink where the sheet is, nothing cut off at the edges; its text says what the sheet says
// and nothing of the private note or the notes left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openPage, shot, OUT } from './browser.mjs';
import { useServerAndBrowser, signIn, startSheet, fillWholeSheet, syncNow } from './flows.mjs';

const env = useServerAndBrowser();


async function addNote(page, text) {
  await page.fill('#note-text', text);
  await page.press('#note-text', 'Enter');
  await page.locator('#notes li', { hasText: text }).waitFor();
}

// The first page of a PDF as a greyscale image: { width, height, ink(x0, y0, x1, y1) }.
function firstPage(pdfPath) {
  const base = pdfPath.replace(/\.pdf$/, '');
  execFileSync('pdftoppm', ['-f', '1', '-l', '1', '-r', '60', '-gray', '-singlefile', pdfPath, base]);
  execFileSync('pdftoppm', ['-f', '1', '-l', '1', '-r', '60', '-png', '-singlefile', pdfPath, base]);
  const pgm = readFileSync(`${base}.pgm`);
  // P5 header: "P5\n<w> <h>\n<max>\n", then one byte a pixel.
  const header = pgm.subarray(0, 40).toString('latin1').match(/^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/);
  const [, w, h] = header.map(Number);
  const pixels = pgm.subarray(header[0].length);
  return {
    width: w,
    height: h,
    // The share of dark pixels in a box given as fractions of the page.
    ink(x0, y0, x1, y1) {
      let dark = 0, all = 0;
      for (let y = Math.floor(y0 * h); y < Math.floor(y1 * h); y++) {
        for (let x = Math.floor(x0 * w); x < Math.floor(x1 * w); x++) {
          all++;
          if (pixels[y * w + x] < 160) dark++;
        }
      }
      return dark / all;
    },
  };
}

function pdfText(pdfPath) {
  return execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString('utf8');
}

async function printToPdf(page, name) {
  await page.emulateMedia({ media: 'print' });
  const file = path.join(OUT, `${name}.pdf`);
  writeFileSync(file, await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true }));
  await page.emulateMedia({ media: 'screen' });
  return file;
}

test('an observation prints on A4 in Latvian and English, with what the reader may see', async () => {
  const tablet = await openPage(env.browser, 'tablet');
  const phone = await openPage(env.browser, 'phone');
  try {
    const { page } = tablet;
    await signIn(page, env.server.url, 'observer');
    const url = await startSheet(page, { teacher: 'Anna Bērziņa' });
    const id = url.split('/').pop();
    await fillWholeSheet(page);
    await addNote(page, 'Skolēni paši pārbauda atbildes pāros');
    await addNote(page, 'Jānis nokavē — nerakstīt lapā');
    await page.locator('#notes li', { hasText: 'pārbauda atbildes' }).getByLabel('Iekļaut izdrukā').check();
    await page.fill('#private-note', 'Privāti: runāt ar direktori');
    await page.click('#share');
    await page.locator('#workflow').waitFor();
    await syncNow(page);

    // The teacher reads it and rates herself on two criteria.
    const t = phone.page;
    await signIn(t, env.server.url, 'teacher');
    await t.locator(`#shared-list .draft[data-id="${id}"] a`).click();
    await t.click('#acknowledge');
    await t.locator('#self-rating').waitFor();
    assert.match(await t.textContent('[data-self-rating=A1]'), /Vērotāja vērtējums: 1/);
    await t.click('[data-self-rating=A1] .rate >> nth=2');
    await t.click('[data-self-rating=B1] .rate >> nth=3');
    assert.equal(await t.getAttribute('[data-self-rating=A1] .rate >> nth=2', 'aria-pressed'), 'true');
    await t.fill('#reflection', 'Nākamreiz vairāk laika pašvērtēšanai.');
    await t.locator('#self-rating').screenshot({ path: path.join(OUT, 'phone-teacher-self-rating.png') });
    await syncNow(t);

    // The observer prints from the sheet.
    await syncNow(page);
    await page.goto(`${env.server.url}/sheet/${id}`);
    await page.click('#print-link');
    await page.waitForURL(`**/sheet/${id}/print`);
    await page.locator('#printed-sheet').waitFor();
    await page.waitForFunction(() => document.querySelector('#printed-reflection'));
    await shot(page, 'tablet-print-preview-lv');
    const screenText = await page.textContent('#printed-sheet');
    assert.match(screenText, /Stundas vērošanas lapa/);
    assert.match(screenText, /Pašvērtējums/, 'the teacher\'s own ratings have their column');

    const lv = await printToPdf(page, 'observation-lv');
    const image = firstPage(lv);
    // A4 is 210 × 297 mm.
    assert.ok(Math.abs(image.height / image.width - 297 / 210) < 0.01, `A4 page, got ${image.width}×${image.height}`);
    const whole = image.ink(0, 0, 1, 1);
    assert.ok(whole > 0.01 && whole < 0.35, `the page carries the sheet, not a blank or a black page (${whole})`);
    assert.ok(image.ink(0.05, 0.03, 0.95, 0.2) > 0.005, 'the heading and the context are at the top');
    assert.equal(image.ink(0, 0, 0.03, 1), 0, 'nothing runs into the left edge');
    assert.equal(image.ink(0.97, 0, 1, 1), 0, 'nothing is cut off at the right edge');
    assert.equal(await page.locator('.app-bar').isVisible(), true, 'the app bar is back on screen after printing');

    const text = pdfText(lv);
    for (const expected of ['Stundas vērošanas lapa', 'Savstarpējā vērošana', 'Anna Bērziņa', '7.b', 'Matemātika',
      'Skolēni risina lineārus vienādojumus', 'Atgriezeniskā saite stundas gaitā', 'Fakti par A1',
      'Skaidri formulēts SR', 'Pašvērtēšana pēc kritērijiem', 'Skolēni paši pārbauda atbildes pāros',
      'Nākamreiz vairāk laika pašvērtēšanai', 'iepazinās ar vērojumu', 'Vēsture', 'Skala']) {
      assert.ok(text.includes(expected), `the PDF says "${expected}"`);
    }
    for (const hidden of ['Jānis nokavē', 'runāt ar direktori', 'Drukāt vai saglabāt', 'Iziet']) {
      assert.ok(!text.includes(hidden), `the PDF leaves out "${hidden}"`);
    }

    // The same in English.
    await page.click('.lang-switch button[lang=en]');
    await page.locator('#printed-sheet h1', { hasText: 'Lesson observation sheet' }).waitFor();
    const en = pdfText(await printToPdf(page, 'observation-en'));
    for (const expected of ['Lesson observation sheet', 'Peer observation', 'Ratings by criterion', 'History', 'acknowledged the observation']) {
      assert.ok(en.includes(expected), `the English PDF says "${expected}"`);
    }
    assert.deepEqual(tablet.problems, []);
    assert.deepEqual(phone.problems, []);
  } finally {
    await tablet.context.close();
    await phone.context.close();
  }
});
