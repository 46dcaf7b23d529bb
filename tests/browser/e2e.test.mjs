// End-to-end test of the search page in Debian's headless Chromium, driven
// by playwright-core. run.sh starts `oim-search serve` on a free loopback
// port and passes its address in OIM_URL; this file only browses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const BASE = process.env.OIM_URL ?? 'http://127.0.0.1:7700';
const HERE = dirname(fileURLToPath(import.meta.url));
const LESOTHO = '003_30687b3d87caff90';
const XSS = '900_xss_script_title';

let profile;
let context;
let page;
const dialogs = [];
const problems = [];

before(async () => {
  // a fresh profile each run: no cache, cookies or storage from before
  profile = mkdtempSync(join(tmpdir(), 'oim-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
    viewport: { width: 1280, height: 900 },
    locale: 'fr-FR',
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(10_000);
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // CSP violations and script errors show up here
    if (message.type() === 'error') {
      problems.push(`console: ${message.text()}`);
    }
  });
});

after(async () => {
  await context?.close();
  if (profile) {
    rmSync(profile, { recursive: true, force: true });
  }
});

const searchBox = () => page.getByLabel('Rechercher des projets et des actualités');
const headline = () => page.locator('h1#titre');
const facetCount = (facet, value) =>
  page.locator(`#facette-${facet} li:has(input[value="${value}"]) .count`);

async function searchFor(words) {
  await searchBox().fill(words);
  await Promise.all([page.waitForURL((url) => url.pathname === '/'), searchBox().press('Enter')]);
  await page.waitForLoadState('domcontentloaded');
}

test('the page is French, labelled, and starts with a skip link', async () => {
  // the empty page puts the cursor in the search box, and only that page
  await page.goto(BASE + '/');
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q', 'autofocus on the empty page');
  await page.goto(BASE + '/?q=diaspora');
  assert.notEqual(await page.evaluate(() => document.activeElement.id), 'q', 'no autofocus on results');
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => document.activeElement.textContent);
  assert.equal(first, 'Aller au contenu');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement.id);
  assert.equal(focused, 'q', 'the search box comes right after the skip link and the site name');
});

test('diaspora Lesotho finds the Lesotho project first, highlighted', async () => {
  await searchFor('diaspora Lesotho');
  assert.match(page.url(), /[?&]q=diaspora\+Lesotho/);
  const first = page.locator('li.hit').first();
  assert.match(await first.locator('h2 a').getAttribute('href'), new RegExp(`^/documents/${LESOTHO}\\?`));
  const marks = await first.locator('mark').allTextContents();
  assert.ok(
    marks.some((m) => m.toLowerCase() === 'diaspora'),
    `diaspora is inside a <mark>: ${JSON.stringify(marks)}`,
  );
  assert.match(await first.locator('.meta').textContent(), /Afrique · Développement communautaire et économique/);
});

test('ticking a region filters the hits; the region counts stay (disjunctive)', async () => {
  await searchFor('migrations');
  assert.match(await headline().textContent(), /^6 résultats pour «\smigrations\s»/);
  assert.equal(await facetCount('region', 'Asie et Océanie').textContent(), '5');
  assert.equal(await facetCount('region', 'Afrique').textContent(), '1');
  const projectsBefore = await facetCount('kind', 'project').textContent();

  const asia = page.getByLabel(/^Asie et Océanie/);
  await Promise.all([page.waitForURL(/region=Asie/), asia.check()]);
  assert.match(await headline().textContent(), /^5 résultats pour «\smigrations\s»/);
  assert.ok(await page.getByLabel(/^Asie et Océanie/).isChecked());
  assert.equal(await facetCount('region', 'Afrique').textContent(), '1', 'Afrique keeps its count');
  const projectsAfter = await facetCount('kind', 'project').textContent();
  assert.notEqual(projectsAfter, projectsBefore, 'other facets count the filtered hits');
  const regions = await page.locator('li.hit .meta').allTextContents();
  assert.ok(regions.every((m) => m.includes('Asie et Océanie')), regions.join('\n'));
  // the ticked box keeps the focus across the reload
  assert.equal(await page.evaluate(() => document.activeElement.value), 'Asie et Océanie');
});

test('the back button restores the previous search', async () => {
  await page.goBack();
  await page.waitForURL((url) => !url.search.includes('region'));
  assert.match(await headline().textContent(), /^6 résultats/);
  assert.equal(await searchBox().inputValue(), 'migrations');
  assert.ok(await searchBox().isEnabled());
  await page.goForward();
  await page.waitForURL(/region=Asie/);
  assert.match(await headline().textContent(), /^5 résultats/);
});

test('a document page shows all metadata and the full text, and links back', async () => {
  const first = page.locator('li.hit h2 a').first();
  const title = await first.textContent();
  await Promise.all([page.waitForURL(/\/documents\//), first.click()]);
  assert.equal(await page.locator('h1').textContent(), title);
  const labels = await page.locator('dl.fields dt').allTextContents();
  for (const label of ['Type de page', 'Région', 'Pays bénéficiaires', 'Identifiant']) {
    assert.ok(labels.includes(label), `${label} in ${labels}`);
  }
  assert.ok((await page.locator('.text p').count()) >= 1);
  await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.getByText('← Retour aux résultats').click()]);
  assert.match(page.url(), /q=migrations/);
  assert.match(page.url(), /region=Asie/);
});

test('a filter typed in the search box shows as a ticked box and a chip', async () => {
  await page.goto(BASE + '/');
  await searchFor('migrations région:afrique');
  assert.match(await headline().textContent(), /^1 résultat pour «\smigrations\s»/);
  assert.equal(await searchBox().inputValue(), 'migrations', 'the words stay in the box');
  assert.ok(await page.getByLabel(/^Afrique/).isChecked(), 'the typed region is ticked');
  const chip = page.getByRole('link', { name: 'Retirer le filtre Région : Afrique' });
  assert.ok(await chip.isVisible());
  // unticking it works like for a clicked filter; the URL of the typed
  // search may hold the filter as `r%C3%A9gion` (no `region`), so wait for
  // one without `gion` at all, else the wait could end before the reload
  await Promise.all([page.waitForURL((url) => !url.search.includes('gion')), page.getByLabel(/^Afrique/).uncheck()]);
  assert.match(await headline().textContent(), /^6 résultats pour «\smigrations\s»/);
});

test('an unknown filter value is dropped with a French notice and the suggestion as a link', async () => {
  await page.goto(`${BASE}/?q=diaspora&region=Afriqe`);
  const notice = page.locator('.notice.dropped');
  assert.equal(
    await notice.textContent(),
    'Filtre retiré : Région «\u00a0Afriqe\u00a0» ne correspond à aucune valeur de l’index. Vouliez-vous dire Afrique\u00a0?',
  );
  assert.match(await headline().textContent(), /^1 résultat pour «\sdiaspora\s»/, 'the results without the bad filter');
  await Promise.all([page.waitForURL(/region=Afrique/), notice.getByRole('link', { name: 'Afrique' }).click()]);
  assert.ok(await page.getByLabel(/^Afrique/).isChecked());
  assert.equal(await page.locator('.notice.dropped').count(), 0);
});

test('arrow keys on the sort menu do not reload the page; the Trier button does', async () => {
  await page.goto(`${BASE}/?q=migrations`);
  assert.equal(await page.locator('#order').count(), 0, 'no order menu under relevance');
  const before = page.url();
  await page.locator('#sort').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  // a navigation would have started by now
  await page.waitForTimeout(700);
  assert.equal(page.url(), before, 'arrow keys only move the selection');
  assert.equal(await page.locator('#sort').inputValue(), 'year');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'sort', 'the focus stays on the menu');
  await page.keyboard.press('Tab');
  const next = await page.evaluate(() => document.activeElement.id);
  assert.equal(next, 'match');
  await page.keyboard.press('Tab');
  await Promise.all([page.waitForURL(/sort=year/), page.keyboard.press('Enter')]);
  assert.ok(await page.locator('#order').isVisible(), 'the order menu appears with a sort by year');
  assert.equal(await page.locator('#order option:checked').textContent(), 'Plus récents d’abord');
});

test('the document page marks the words searched for in the full text', async () => {
  await page.goto(`${BASE}/?q=diaspora`);
  await Promise.all([page.waitForURL(/\/documents\//), page.locator('li.hit h2 a').first().click()]);
  assert.match(page.url(), /[?&]q=diaspora/);
  const marks = await page.locator('.text mark').allTextContents();
  assert.ok(marks.length >= 2, `every occurrence is marked: ${JSON.stringify(marks)}`);
  assert.ok(marks.every((m) => m.toLowerCase().startsWith('diaspora')), JSON.stringify(marks));
});

test('a long facet list can be filtered by typing', async () => {
  // tests/browser/pages/: one project with eighteen beneficiary countries
  await page.goto(`${BASE}/?q=coop%C3%A9ration+statistique`);
  const countries = page.locator('#facette-country li');
  assert.ok((await countries.count()) >= 18, 'its countries, and those of other matches');
  const box = page.getByLabel('Filtrer la liste');
  assert.ok(await box.isVisible(), 'the script shows the filter box');
  await box.fill('eq');
  const shown = () => page.locator('#facette-country li:visible label').allTextContents();
  assert.deepEqual((await shown()).map((l) => l.replace(/\s*\d+$/, '')), ['Équateur'], 'accents ignored');
  await box.press('Enter');
  await page.waitForTimeout(500);
  assert.equal(await box.inputValue(), 'eq', 'Enter in the box does not submit the search');
  await box.fill('');
  assert.equal((await shown()).length, 8, 'the folded part closes again');
});

test('a word no page has is left out, said so, and can be required', async () => {
  // start from a page with no filter ticked by the previous searches
  await page.goto(BASE + '/');
  await searchFor('diaspra zzzqqq');
  assert.match(await page.locator('.notice.correction').textContent(), /diaspra.*→.*diaspora/);
  assert.ok(await page.getByText('Aucun document ne contient «\u00a0zzzqqq\u00a0» : la recherche s’est faite sans.').isVisible());
  await Promise.all([page.waitForURL(/match=all/), page.getByText('Exiger tous les mots').click()]);
  assert.match(await headline().textContent(), /^Aucun résultat pour «\sdiaspra zzzqqq\s»/);
  assert.ok(await page.getByText('Aucun document ne contient : zzzqqq').isVisible());
});

test('the XSS page renders as text and runs nothing', async () => {
  // the region filter of the previous searches is still ticked: clear it
  await page.goto(BASE + '/');
  await searchFor('alert');
  const hit = page.locator('li.hit').filter({ has: page.locator(`a[href^="/documents/${XSS}"]`) });
  assert.match(await hit.locator('h2').textContent(), /<script>alert\(1\)<\/script>/);
  await Promise.all([page.waitForURL(/\/documents\//), hit.locator('h2 a').click()]);
  assert.match(await page.locator('h1').textContent(), /^Page piège <script>alert\(1\)<\/script>/);
  assert.match(await page.locator('.text').textContent(), /<img src=x onerror=alert\(2\)>/);
  assert.equal(await page.locator('script').count(), 1, 'only the page script');
  assert.equal(await page.locator('img').count(), 0);
  assert.deepEqual(dialogs, [], 'no dialog fired');
});

/** RFC 4180 records (quoted fields, doubled quotes, CRLF line ends). */
function parseCsv(text, separator = ',') {
  const records = [];
  let record = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === separator) {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  return records;
}

/** The entries of a zip archive by name, read from its central directory. */
function unzip(bytes) {
  const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'a zip archive');
  const count = bytes.readUInt16LE(eocd + 10);
  let at = bytes.readUInt32LE(eocd + 16);
  const entries = {};
  for (let n = 0; n < count; n++) {
    const method = bytes.readUInt16LE(at + 10);
    const size = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    const dataStart = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(dataStart, dataStart + size);
    entries[name] = (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

async function download(link) {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

test('the summary line, the timeline chart and the downloads of every match', async () => {
  await page.goto(`${BASE}/?q=migrations`);
  const total = Number((await headline().textContent()).match(/^(\d+) résultats/)[1]);
  assert.equal(total, 6);
  const summary = await page.locator('.report .summary').textContent();
  assert.match(summary, /^\d+ projets? avec budget · [\d\u202f,]+\u00a0(M\u00a0)?USD au total · \d{4}–\d{4}$/);
  const chart = page.locator('figure.timeline svg');
  assert.ok(await chart.isVisible(), 'the chart is drawn');
  const bars = await chart.locator('rect.bar').count();
  assert.ok(bars >= 2, 'one bar per year with results');
  // one budget point per year with results; lines join consecutive years
  // only (2019, 2021 and 2024 here: a year without results is a gap, not 0)
  assert.equal(await chart.locator('circle').count(), bars, 'one budget point per bar');
  const box = await chart.boundingBox();
  assert.ok(box.width > 200 && box.height > 60, `chart size ${box.width}x${box.height}`);

  const csvLink = page.getByRole('link', { name: 'Télécharger (CSV)' });
  const xlsxLink = page.getByRole('link', { name: 'Télécharger (Excel)' });
  assert.equal(await csvLink.getAttribute('href'), '/api/export?q=migrations&format=csv');
  assert.equal(await xlsxLink.getAttribute('href'), '/api/export?q=migrations&format=xlsx');

  const csv = await download(csvLink);
  assert.equal(csv.name, 'oim-recherche.csv');
  const text = csv.bytes.toString('utf8');
  assert.ok(!text.includes('\ufffd') && !text.includes('Ã'), 'UTF-8 intact');
  const records = parseCsv(text);
  assert.equal(records[0].join(','), 'id,kind,title,project_id,prima_id,region,region_inferred,project_type,status,coverage,countries,start_year,end_year,budget_usd,file');
  assert.equal(records.length - 1, total, 'one row per match, not per page');
  assert.ok(records.some((r) => r[5] === 'Asie et Océanie'), 'accents intact');

  const xlsx = await download(xlsxLink);
  assert.equal(xlsx.name, 'oim-recherche.xlsx');
  const parts = unzip(xlsx.bytes);
  const sheet = parts['xl/worksheets/sheet1.xml'];
  assert.equal((sheet.match(/<row /g) ?? []).length, total + 1, 'header plus one row per match');
  assert.ok(sheet.includes('Asie et Océanie'), 'accents intact in the workbook');
  assert.ok(sheet.includes('<pane ySplit="1"'), 'header row frozen');

  // the links carry the ticked filters
  await page.goto(`${BASE}/?q=migrations&region=Asie+et+Oc%C3%A9anie`);
  const filtered = await download(page.getByRole('link', { name: 'Télécharger (CSV)' }));
  const rows = parseCsv(filtered.bytes.toString('utf8')).slice(1);
  assert.equal(rows.length, 5);
  assert.ok(rows.every((r) => r[5] === 'Asie et Océanie'), 'only the ticked region');
});


test('the 390 px layout: one column, no sideways scrolling, filters folded', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${BASE}/?q=migrations+region:%22Asie+et+Oc%C3%A9anie%22&sort=year`);
  await page.locator('li.hit').first().waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no horizontal scroll: ${width}px`);
  assert.equal(await page.locator('details#filtres').getAttribute('open'), null, 'filters start folded');
  const hit = await page.locator('li.hit').first().boundingBox();
  assert.ok(hit.x >= 0 && hit.x + hit.width <= 390, `hit inside the screen: ${JSON.stringify(hit)}`);
  for (const control of ['#q', '#sort', '#order', '#match']) {
    const box = await page.locator(control).boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, `${control} inside the screen: ${JSON.stringify(box)}`);
  }
  await page.screenshot({ path: join(HERE, 'screenshot-390.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('screenshot of the results page', async () => {
  // a typed filter (ticked, with its chip), a dropped value with its
  // suggestion, the summary line and the chart
  await page.goto(`${BASE}/?q=migrations+region:%22Asie+et+Oc%C3%A9anie%22&kind=project&region=Afriqe`);
  await page.locator('li.hit').first().waitFor();
  assert.ok(await page.getByLabel(/^Asie et Océanie/).isChecked());
  assert.equal(await page.locator('.notice.dropped').count(), 1);
  await page.screenshot({ path: join(HERE, 'screenshot.png'), fullPage: true });
  assert.deepEqual(dialogs, []);
});

test('nothing failed in the page: no script error, no CSP violation', async () => {
  assert.deepEqual(problems, []);
});
