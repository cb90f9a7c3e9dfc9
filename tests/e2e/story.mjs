// story.mjs — the browser story of issue 12, walked in Debian's chromium through
// playwright-core: each step does what a user of that role does and asserts what they
// see. Every HTML document the browser receives is saved to $OUT/pages for the Nu
// checker (run.sh); axe-core runs on every page a step names (serious and critical
// violations fail); with BEKAL_E2E_SCREENS=1 those pages are screenshotted to $OUT/screens.
// Steps for areas not built yet are added as those areas land.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import http from 'node:http';

const BASE = process.env.BASE;
const OUT = process.env.OUT;
const AXE = fs.readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
// axe-core reaches each audited page as a script from a loopback URL the browser may
// cache (a <script src>), not as 500 KB of text sent through the DevTools pipe and
// compiled afresh each time (addScriptTag({content})): that cost about twice the CPU
// per audit, some 10 s of the story's. The same axe runs on the same pages.
const axeServer = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'max-age=3600' });
  res.end(AXE);
});
await new Promise((ok) => axeServer.listen(0, '127.0.0.1', ok));
const AXE_URL = `http://127.0.0.1:${axeServer.address().port}/axe.min.js`;
const PASSWORD = 'bekal123';
// Full-page screenshots of the pages axe checks cost the suite seconds it does not need:
// BEKAL_E2E_SCREENS=1 keeps them (the saved HTML of every page is always there).
const SCREENS = process.env.BEKAL_E2E_SCREENS === '1';
let saved = 0;
const failures = [];

const browser = await chromium.launch({ executablePath: process.env.CHROME, args: ['--no-sandbox'] });

/* A fresh context per role; every document response is kept for the HTML checker. */
async function asUser(name, viewport = { width: 1366, height: 768 }) {
  const ctx = await browser.newContext({ viewport, bypassCSP: true, locale: 'id-ID' });
  const page = await ctx.newPage();
  page.on('response', async (resp) => {
    const req = resp.request();
    if (req.resourceType() !== 'document' || !(resp.headers()['content-type'] || '').startsWith('text/html')) return;
    try {
      const body = await resp.text();
      const slug = new URL(resp.url()).pathname.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'root';
      fs.writeFileSync(path.join(OUT, 'pages', `${String(++saved).padStart(3, '0')}-${name}-${slug}.html`), body);
    } catch { /* redirects have no body */ }
  });
  page.on('pageerror', (e) => failures.push(`${name}: script error ${e.message}`));
  if (name) {
    await page.goto(`${BASE}/`);
    assert.match(page.url(), /\/login/, 'an anonymous visitor is sent to the login page');
    await page.getByLabel('Nama pengguna').fill(name);
    await page.getByLabel('Kata sandi').fill(PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForURL(`${BASE}/`);
  }
  return { ctx, page };
}

/* axe-core on the current page; serious and critical violations are failures. */
async function audit(page, label) {
  await page.addScriptTag({ url: AXE_URL });
  const res = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  for (const v of res.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical'))
    failures.push(`${label}: axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
  if (SCREENS) await page.screenshot({ path: path.join(OUT, 'screens', `${label}.png`), fullPage: true });
}

/* Follows an entry of the header menu the way a user does: on a phone the menu is
 * unfolded first; its group (a <details>) is opened by its summary when the link is
 * inside a closed one. */
async function menu(page, name) {
  const nav = page.getByRole('navigation', { name: /^(Menu utama|Main menu)$/ });
  const link = nav.getByRole('link', { name, exact: true, includeHidden: true });
  const group = await link.evaluate((a) => {
    const d = a.closest('details');
    return d && !d.open ? d.querySelector('summary').textContent : null;
  });
  // on a phone the menu is folded behind its "Menu" switch
  if (!(await nav.locator('ul.groups').isVisible())) await nav.locator('label.menu-label').click();
  if (group) await nav.locator('summary').filter({ hasText: new RegExp(`^${group}$`) }).click();
  await nav.getByRole('link', { name, exact: true }).click();
}

async function step(title, fn) {
  const t0 = Date.now();
  try {
    await fn();
    console.log(`ok   ${title} (${Date.now() - t0} ms)`);
  } catch (e) {
    failures.push(`${title}: ${e.message}`);
    console.log(`FAIL ${title}\n     ${e.stack}`);
  }
}

/* Pictures for the user's guide (docs/img, made by scripts/shots.sh), only when
 * BEKAL_SHOTS names a folder: the visible part of the page at 1000x700 (a phone keeps
 * its size); shotPdf draws a PDF's first page. Nothing at all in a normal run. */
const SHOTS = process.env.BEKAL_SHOTS;
async function shot(page, name) {
  if (!SHOTS) return;
  const vp = page.viewportSize();
  if (vp.width > 1000) await page.setViewportSize({ width: 1000, height: 700 });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  if (vp.width > 1000) await page.setViewportSize(vp);
}
function shotPdf(file, name) {
  if (SHOTS) execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', file, path.join(SHOTS, name)]);
}

let staf;
await step('1. staf logs in and sees the home page', async () => {
  staf = await asUser('staf');
  await assert.doesNotReject(staf.page.getByRole('navigation', { name: 'Menu utama' }).waitFor());
  assert.equal(await staf.page.getByRole('heading', { level: 1 }).count(), 1);
  await audit(staf.page, '01-home');
  await shot(staf.page, '01-beranda');
});

await step('1b. a wrong password is refused with a message', async () => {
  const { ctx, page } = await asUser(null);
  await page.goto(`${BASE}/login`);
  await page.getByLabel('Nama pengguna').fill('staf');
  await page.getByLabel('Kata sandi').fill('salah');
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').innerText(), /salah/i);
  await audit(page, '01b-login-error');
  await ctx.close();
});

await step('2. staf registers an inmate; errors show next to their fields', async () => {
  const { page } = staf;
  await menu(page, 'Register WBP');
  await page.getByRole('link', { name: 'Tambah WBP' }).click();
  await page.getByRole('button', { name: 'Simpan' }).click();
  await page.getByRole('alert').waitFor();
  const regno = page.getByLabel('Nomor registrasi *');
  assert.equal(await regno.getAttribute('aria-invalid'), 'true', 'the empty required field is marked invalid');
  const msgId = await regno.getAttribute('aria-describedby');
  assert.ok(msgId && (await page.locator(`#${msgId}`).innerText()).length > 0, 'its message is next to it');
  await audit(page, '02-wbp-form-errors');
  await regno.fill('E2E/001/2026');
  await page.getByLabel('Nama *').fill('Budi <Uji> Peramban');
  await page.getByLabel('Jenis kelamin *').selectOption({ index: 1 });
  await page.getByLabel('Kategori tindak pidana *').selectOption({ index: 1 });
  await page.getByLabel('Lama pidana (tahun)').fill('2');
  await page.getByLabel('Tanggal mulai ditahan *').fill('2025-05-09');
  await shot(page, '02-wbp-tambah');
  await page.getByRole('button', { name: 'Simpan' }).click();
  await page.getByText('Data tersimpan.').waitFor();
  await page.getByRole('heading', { name: /Budi <Uji> Peramban/ }).waitFor();
  await audit(page, '02-wbp-show');
  await shot(page, '02-wbp-profil');
});

await step('2b. the register is searchable, sortable and paged', async () => {
  const { page } = staf;
  await page.goto(`${BASE}/wbp`);
  await page.getByLabel('Cari nama / no. registrasi').fill('Peramban');
  await page.getByRole('button', { name: 'Terapkan' }).click();
  await page.waitForURL(/q=Peramban/);
  assert.equal(await page.locator('main table tbody tr').count(), 1, 'the search finds exactly the new inmate');
  await page.goto(`${BASE}/wbp`);
  assert.ok(await page.getByRole('navigation', { name: 'Halaman' }).count(), 'a long list is paged');
  await audit(page, '02b-wbp-list');
});

await step('3. staf screens asimilasi eligibility', async () => {
  const { page } = staf;
  await menu(page, 'Penyaringan asimilasi');
  await page.getByRole('button', { name: 'Saring' }).waitFor();
  assert.ok((await page.locator('main table tbody tr').count()) > 0, 'the screening lists inmates');
  await audit(page, '03-eligibility');
  await shot(page, '03-penyaringan');
});

await step('3b. the instructor\'s screen fits a phone', async () => {
  const { ctx, page } = await asUser('instruktur', { width: 375, height: 667 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no sideways scrolling on a phone (overflow ${overflow}px)`);
  await audit(page, '03b-instruktur-phone');
  await ctx.close();
});

await step('4a. the ended 2021 phase is closed; an admin reopens it with a reason', async () => {
  const { ctx, page } = await asUser('admin');
  await menu(page, 'Penempatan');
  await page.getByRole('link', { name: /Perjanjian Kerja Sama tentang Pelatihan/ }).click();
  await page.getByRole('link', { name: 'Usulan penempatan', exact: true }).click();
  await page.getByText(/Tahap ini sudah ditutup/).first().waitFor();
  assert.equal(await page.getByRole('button', { name: /Konfirmasi dan simpan penempatan/ }).count(), 0,
    'a closed phase offers no confirmation');
  await audit(page, '04a-closed');
  await page.getByLabel('Alasan membuka kembali tahap').fill('Asesmen susulan dua calon tahun 2021');
  await page.getByRole('button', { name: 'Buka kembali tahap' }).click();
  await page.getByText(/dibuka kembali oleh admin/).waitFor();
  await ctx.close();
});

await step('4. assess and place phase 1', async () => {
  const { page } = staf;
  await menu(page, 'Penempatan');
  await page.getByRole('link', { name: /Perjanjian Kerja Sama tentang Pelatihan/ }).click();
  await page.getByRole('heading', { name: /Calon peserta: Tahap 1/ }).waitFor();
  assert.ok((await page.locator('main table tbody tr').count()) >= 40, 'the candidate list holds the 2021 cohort');
  await audit(page, '04-candidates');
  // the fast page: the first trade's interest has the focus; the keyboard does the rest
  await page.getByRole('link', { name: 'Asesmen cepat' }).click();
  await page.getByRole('heading', { name: /Asesmen awal: Tahap 1/ }).waitFor();
  const who = (await page.locator('h2#wbp').innerText()).split(' — ')[0];
  // autofocus is applied by the browser after the page is shown, not when it is parsed:
  // wait for it (a busy machine may take a moment)
  const focused = await page.waitForFunction(
    () => { const n = document.activeElement && document.activeElement.getAttribute('name'); return n && /^interest_rank_/.test(n) ? n : null; },
    null, { timeout: 5000 }).then((h) => h.jsonValue()).catch(() => page.evaluate(
      () => document.activeElement && document.activeElement.getAttribute('name')));
  assert.match(focused || '', /^interest_rank_/, 'the first field has the focus');
  await audit(page, '04-assess');
  // an assessment is dated within the phase (it ended in June 2021)
  await page.getByLabel('Tanggal asesmen').fill('2021-04-20');
  await page.locator(`[name="${focused}"]`).focus();
  await page.keyboard.press('1'); // the focused select: first choice
  await page.keyboard.press('Tab');
  await page.keyboard.type('93'); // aptitude
  await page.getByLabel('Layak fisik Las listrik').selectOption('1');
  await page.getByLabel('Urutan minat Menjahit').selectOption('2');
  await page.getByLabel('Nilai bakat Menjahit').fill('71');
  await page.getByLabel('Layak fisik Menjahit').selectOption('1');
  await page.getByLabel('Pengalaman kerja sebelumnya').fill('Tukang las pagar');
  await shot(page, '04-asesmen');
  await page.getByLabel('Pengalaman kerja sebelumnya').press('Enter'); // save and next
  await page.getByText(`Asesmen ${who} tersimpan.`).waitFor();
  assert.notEqual((await page.locator('h2#wbp').innerText()).split(' — ')[0], who, 'the next inmate is open');
  // the proposal, before anyone confirms it
  await page.getByRole('link', { name: 'Usulan penempatan', exact: true }).click();
  await page.getByRole('heading', { name: /Usulan penempatan: Tahap 1/ }).waitFor();
  assert.ok(await page.getByText(who).count(), 'the new candidate is in the proposal');
  await audit(page, '04-proposal');
  await shot(page, '04-usulan-penempatan');
  await page.getByRole('button', { name: /Konfirmasi dan simpan penempatan/ }).click();
  // the review (issue 22): who goes where, before anything is written
  await page.getByRole('heading', { name: /Tinjau penempatan/ }).waitFor();
  assert.ok(await page.locator('table.review').getByText(who).count(), 'the review names the new candidate');
  await audit(page, '04-placement-review');
  await shot(page, '04-tinjau-penempatan');
  await page.getByRole('button', { name: 'Ya, simpan penempatan' }).click();
  await page.getByText(/Penempatan disimpan:/).waitFor();
  await page.getByText('Penempatan yang tersimpan sudah sama dengan usulan ini.').waitFor();
  await audit(page, '04-placed');
});

// ---- steps 5-8: running a training (issue 6), on the demo's sewing programme that
// ended before the dataset's "today" with its last session and last unit open.
const SEWING = 'Menjahit lanjutan angkatan 1 (contoh)';
let certNumber = null;
let certHolder = null;
let certCode = null; // the verification code of its QR link (issue 21)

/* No sideways scrolling: the document is not wider than the window. */
async function noSidewaysScroll(page, label) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${label}: no sideways scrolling on a phone (overflow ${overflow}px)`);
}

await step('5. the instructor takes attendance on a phone, from the inbox ("Semua hadir"), and the inbox count goes down', async () => {
  const { ctx, page } = await asUser('instruktur', { width: 375, height: 667 }); // at the inbox
  const row = () => page.locator('tr#tugas-attendance_today');
  const waiting = Number(await row().getAttribute('data-count'));
  assert.ok(waiting > 0, 'the inbox shows a session waiting for its attendance');
  await audit(page, '05-inbox-phone');
  await menu(page, 'Program pelatihan');
  await page.getByRole('link', { name: SEWING }).click();
  await page.getByRole('link', { name: 'Jadwal, kehadiran dan peserta' }).click();
  await page.waitForURL(/\/programs\/\d+\/training$/);
  await page.getByRole('heading', { name: 'Sesi' }).waitFor();
  await noSidewaysScroll(page, 'training page');
  await audit(page, '05-training-phone');
  // the last session is the one nobody has entered yet: "0 / N"; the inbox leads to it
  const open = page.locator('#sesi ~ .scroll tbody tr', { hasText: /\b0 \/ \d+/ }).first();
  const href = await open.getByRole('link').first().getAttribute('href');
  await menu(page, 'Beranda');
  await row().getByRole('link').click();
  assert.equal(new URL(page.url()).pathname, href, 'the inbox links straight to the session waiting');
  await page.getByRole('button', { name: 'Simpan kehadiran' }).waitFor();
  await noSidewaysScroll(page, 'attendance grid');
  const cards = page.locator('fieldset.att');
  const n = await cards.count();
  assert.ok(n >= 3, `one card per participant (${n})`);
  for (let i = 0; i < n; i++) {
    const choice = cards.nth(i).getByLabel(i === 1 ? 'Sakit' : 'Hadir', { exact: true });
    const box = await choice.boundingBox();
    assert.ok(box, 'the choice is visible');
    const label = await cards.nth(i).locator('.att-opts label').first().boundingBox();
    assert.ok(label.height >= 44 && label.width >= 44, `touch targets are at least 44px (${label.width}x${label.height})`);
  }
  // the one exception is chosen; "Semua hadir" records everyone else present
  await cards.nth(1).getByLabel('Sakit', { exact: true }).check();
  await cards.nth(1).getByLabel('Catatan').fill('Demam, ke poliklinik');
  await audit(page, '05-attendance-phone');
  await shot(page, '05-kehadiran-ponsel');
  await page.getByRole('button', { name: 'Semua hadir' }).click();
  await page.getByText('Kehadiran tersimpan.').waitFor();
  assert.match(await page.getByRole('status').innerText(), new RegExp(`${n} baru`));
  assert.ok(await cards.nth(1).getByLabel('Sakit', { exact: true }).isChecked(), 'the exception is kept');
  assert.ok(await cards.nth(0).getByLabel('Hadir', { exact: true }).isChecked(), 'the others are present');
  await noSidewaysScroll(page, 'attendance saved');
  await menu(page, 'Beranda');
  assert.equal(Number(await row().getAttribute('data-count')), waiting - 1, 'one session fewer waits');
  await ctx.close();
});

await step('6. the instructor records the last unit\'s results', async () => {
  const { ctx, page } = await asUser('instruktur', { width: 375, height: 667 });
  await menu(page, 'Program pelatihan');
  await page.getByRole('link', { name: SEWING }).click();
  await page.getByRole('link', { name: 'Hasil uji unit kompetensi' }).first().click();
  const unit = page.getByLabel('Unit kompetensi');
  const options = await unit.locator('option').allTextContents();
  await unit.selectOption({ label: options[options.length - 1] });
  await page.getByRole('button', { name: 'Pilih' }).click();
  const cards = page.locator('fieldset.att');
  const n = await cards.count();
  for (let i = 0; i < n; i++) await cards.nth(i).getByLabel('Kompeten', { exact: true }).check();
  await cards.nth(0).getByLabel(/^Bukti/).fill('Praktik menyelesaikan dan mengemas kemeja');
  await audit(page, '06-results-phone');
  await shot(page, '06-hasil-uji-ponsel');
  await page.getByRole('button', { name: 'Simpan hasil' }).click();
  await page.getByText(`${n} hasil tersimpan.`).waitFor();
  await noSidewaysScroll(page, 'results');
  await ctx.close();
});

await step('7. staf decides completion and prints a certificate', async () => {
  const { page } = staf;
  await menu(page, 'Program pelatihan');
  await page.getByRole('link', { name: SEWING }).click();
  await page.getByRole('link', { name: 'Jadwal, kehadiran dan peserta' }).click();
  await page.getByRole('button', { name: 'Tetapkan kelulusan' }).click();
  // the review (issue 22): each participant's outcome and reason, nothing changed yet
  await page.getByRole('heading', { name: 'Tinjau penetapan kelulusan' }).waitFor();
  assert.match(await page.locator('table.review').innerText(), /Lulus/i, 'the review names who passes');
  await audit(page, '07-completion-review');
  await shot(page, '07-tinjau-kelulusan');
  await page.getByRole('button', { name: 'Ya, tetapkan kelulusan' }).click();
  await page.getByText(/Kelulusan ditetapkan: [1-9]\d* lulus/).waitFor();
  await audit(page, '07-completion');
  await page.getByRole('button', { name: 'Terbitkan sertifikat peserta yang lulus' }).click();
  await page.getByRole('heading', { name: 'Tinjau penerbitan sertifikat' }).waitFor();
  assert.match(await page.locator('table.review').innerText(), /\d{4}\/PLT\/JAHIT/, 'the review shows the numbers');
  await audit(page, '07-certificates-review');
  await page.getByRole('button', { name: 'Ya, terbitkan sertifikat' }).click();
  await page.getByText(/[1-9]\d* sertifikat diterbitkan, 0 gagal/).waitFor();
  await menu(page, 'Sertifikat');
  const first = page.locator('main table tbody tr').first();
  certHolder = (await first.locator('td').nth(1).innerText()).trim();
  await first.getByRole('link').click();
  await page.getByRole('link', { name: 'Cetak (PDF)' }).waitFor();
  certNumber = (await page.locator('dl.kv dd').first().innerText()).trim();
  assert.match(certNumber, /^\d{4}\/PLT\/JAHIT\/LPKTP\/[IVX]+\/\d{4}$/);
  const vlink = await page.locator('a[href*="/verify?kode="]').first().getAttribute('href');
  certCode = vlink.split('kode=')[1];
  assert.match(certCode, /^[0-9a-f]{32}$/);
  await audit(page, '07-certificate');
  await shot(page, '07-sertifikat');
  const href = await page.getByRole('link', { name: 'Cetak (PDF)' }).getAttribute('href');
  const pdf = await page.request.get(`${BASE}${href}`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  const body = await pdf.body();
  assert.equal(body.subarray(0, 5).toString(), '%PDF-');
  fs.writeFileSync(path.join(OUT, 'screens', '07-certificate.pdf'), body);
  shotPdf(path.join(OUT, 'screens', '07-certificate.pdf'), '07-sertifikat-pdf');
});

await step('8. anyone verifies the certificate on the public page', async () => {
  assert.ok(certNumber, 'a certificate was printed in step 7');
  const { ctx, page } = await asUser(null, { width: 375, height: 667 });
  await page.goto(`${BASE}/verify`);
  // the number alone says only that it is valid, never whose it is
  await page.getByLabel('Nomor sertifikat').fill(certNumber);
  await page.getByRole('button', { name: 'Periksa' }).nth(1).click();
  await page.getByText(/terdaftar: sertifikatnya SAH dan BERLAKU/).waitFor();
  assert.ok(!(await page.locator('main').innerText()).includes(certHolder), 'no name for a bare number');
  // the code of the QR link shows the holder
  await page.getByLabel('Kode verifikasi').fill(certCode);
  await page.getByRole('button', { name: 'Periksa' }).first().click();
  await page.getByText('Sertifikat ini SAH dan BERLAKU.').waitFor();
  const text = await page.locator('main').innerText();
  assert.ok(text.includes(certHolder), 'the holder\'s name is shown');
  assert.ok(!/Lapas|pidana|registrasi/i.test(text), 'nothing about the prison, the sentence or the register');
  await noSidewaysScroll(page, 'verification page');
  await audit(page, '08-verify');
  await shot(page, '08-verifikasi-ponsel');
  await page.goto(`${BASE}/verify/0000/TIDAK/ADA`);
  await page.getByRole('alert').waitFor();
  await ctx.close();
});
// ---- end of steps 5-8

// ---- steps 9-11: production and sales (issue 7), release and follow-up (issue 9), the
// monthly report (issue 10); then the same pages in English.
// the story's today: the server's clock (BEKAL_NOW, set by run.sh from BEKAL_TEST_TODAY)
const TODAY_MS = Date.parse(`${process.env.BEKAL_TEST_TODAY || '2026-12-07'}T05:00:00Z`);
const isoDay = (offset = 0) => new Date(TODAY_MS + offset * 86400000).toISOString().slice(0, 10);
const PRODUCT = 'Rak sepatu (uji peramban)';

/* The open <details> form under a section heading: its summary is clicked open first. */
async function openAdd(page, summary) {
  const details = page.locator('details', { has: page.locator('summary', { hasText: summary }) });
  await details.locator('summary').click();
  return details;
}

await step('9. staf records a production run with its workers, sells it and settles the sale', async () => {
  const { page } = staf;
  await menu(page, 'Produksi dan penjualan');
  await page.goto(`${BASE}/productions/new`);
  await page.getByLabel('Unit produksi *').selectOption({ label: 'Bengkel las' });
  await page.getByLabel('Tanggal produksi *').fill(isoDay(-2));
  await page.getByLabel('Produk *').fill(PRODUCT);
  await page.getByLabel('Banyaknya *').fill('5');
  await page.getByLabel('Satuan', { exact: true }).fill('buah');
  await page.getByRole('button', { name: 'Simpan' }).click();
  await page.getByText('Data tersimpan.').waitFor();
  await page.getByRole('heading', { level: 1, name: `Produksi: ${PRODUCT}` }).waitFor();
  // two workers, 3 and 2 pieces
  const names = [];
  for (const [i, pieces] of [[1, '3'], [2, '2']]) {
    const form = await openAdd(page, 'Tambah Pekerja');
    const who = form.getByLabel('WBP *');
    await who.selectOption({ index: i });
    names.push((await who.locator('option:checked').innerText()).trim());
    await form.getByLabel('Kepingan dikerjakan').fill(pieces);
    await form.getByRole('button', { name: 'Simpan' }).click();
    await page.getByText('Data tersimpan.').waitFor();
  }
  const workers = page.locator('#workers + table tbody tr');
  assert.equal(await workers.count(), 2, 'both workers are listed');
  await audit(page, '09-production');
  await shot(page, '09-produksi');
  // the sale of this run: one item, 2,5 units at Rp 120.000 = Rp 300.000
  await page.getByRole('link', { name: 'Catat penjualan hasil produksi ini' }).click();
  await page.getByLabel('Tanggal penjualan *').fill(isoDay(-1));
  await page.getByLabel('Pembeli').fill('Toko Mebel Sejahtera');
  await page.getByLabel('Status pembayaran').selectOption('lunas');
  await page.getByRole('button', { name: 'Simpan' }).click();
  await page.getByText('Data tersimpan.').waitFor();
  const item = await openAdd(page, 'Tambah Barang');
  await item.getByLabel('Barang *').fill(PRODUCT);
  await item.getByLabel('Banyaknya *').fill('2,5');
  await item.getByLabel('Satuan', { exact: true }).fill('buah');
  await item.getByLabel('Harga satuan (Rp) *').fill('Rp 120.000');
  await item.getByRole('button', { name: 'Simpan' }).click();
  await page.getByText('Data tersimpan.').waitFor();
  assert.match(await page.locator('#items + table').innerText(), /2,5 buah[\s\S]*Rp 300\.000/, 'the item and its amount');
  await audit(page, '09-sale');
  await page.getByRole('button', { name: /Bagi hasil dan kreditkan premi dari total Rp 300\.000/ }).click();
  // the review (issue 22): the split and each worker's premi, before the ledger changes
  await page.getByRole('heading', { name: 'Tinjau pembagian hasil' }).waitFor();
  const review = await page.locator('table.review').innerText();
  for (const n of names) assert.ok(review.includes(n.split(' (')[0]), `the review names ${n}`);
  assert.match(await page.locator('dl.review').innerText(), /PNBP[\s\S]*Rp/, 'the review shows the PNBP');
  await audit(page, '09-settle-review');
  await shot(page, '09-tinjau-pembagian-premi');
  await page.getByRole('button', { name: 'Ya, bagi hasil dan kreditkan premi' }).click();
  await page.getByText('Data tersimpan.').waitFor();
  const split = await page.locator('#pembagian ~ table').first().innerText();
  assert.match(split, /Rp 300\.000/, 'the revenue is split');
  const shares = page.locator('h3:has-text("Premi per pekerja") + table tbody tr');
  assert.equal(await shares.count(), 2, 'each worker gets a premi share');
  const text = await shares.allInnerTexts();
  for (const n of names) assert.ok(text.some((t) => t.includes(n.split(' (')[0])), `${n} has a share`);
  await audit(page, '09-sale-settled');
  const receipt = await page.request.get(`${BASE}${await page.getByRole('link', { name: 'Cetak kuitansi (PDF)' }).getAttribute('href')}`);
  assert.equal(receipt.headers()['content-type'], 'application/pdf');
});

let released = null;
await step('9b. staf records a session outside the walls: departure, a return and a late return', async () => {
  const { page } = staf;
  await menu(page, 'Keluar-masuk');
  await page.goto(`${BASE}/movements?date=${isoDay(-3)}`);
  const dep = page.locator('form[action$="/depart"]').first();
  await dep.getByLabel('Petugas pengawal *').fill('Rudi Hartono, Yohanes Ake');
  await dep.getByLabel('Jam berangkat (kosong: sekarang)').fill('07:30');
  await dep.getByRole('button').click();
  await page.locator('form[action$="/return"]').first().waitFor();
  for (const time of ['12:00', '16:30']) { // back in time, then back late
    const ret = page.locator('form[action$="/return"]').first();
    await ret.locator('input[name=time]').fill(time);
    await ret.getByRole('button').click();
    await page.waitForLoadState();
  }
  const rows = await page.locator('section.movement tbody tr.late').count();
  assert.ok(rows >= 2, 'the late return and those still out are flagged');
  assert.match(await page.locator('main').innerText(), /Terlambat/);
  await audit(page, '07b-movements');
});

await step('10. staf releases a graduate and records a follow-up', async () => {
  assert.ok(certHolder, 'a graduate got a certificate in step 7');
  const { page } = staf;
  await menu(page, 'Pembebasan');
  await page.getByRole('heading', { level: 1, name: 'WBP akan bebas' }).waitFor();
  await audit(page, '10-releases-due');
  // the graduate of step 7, from the register
  await page.goto(`${BASE}/wbp?q=${encodeURIComponent(certHolder)}`);
  await page.locator('main table tbody tr').first().getByRole('link').click();
  const wbpId = new URL(page.url()).pathname.split('/').pop();
  // release readiness: one item of the checklist done, the count goes up
  const rd = page.locator('form[action$="/readiness"]');
  await rd.getByLabel('Butir').selectOption('rekening');
  await rd.getByLabel('Keadaan').selectOption('selesai');
  await rd.getByRole('button', { name: 'Simpan kesiapan' }).click();
  assert.match(await page.locator('#kesiapan').innerText(), /1\/8/);
  await page.goto(`${BASE}/releases/new?wbp_id=${wbpId}`);
  await page.getByLabel('Jenis pembebasan *').selectOption('pembebasan_bersyarat');
  await page.getByLabel('Tanggal bebas *').fill(isoDay(-1));
  await page.getByLabel('Kabupaten/kota tujuan *').fill('Kabupaten Ketapang');
  await page.getByRole('button', { name: 'Simpan' }).click();
  // parole before 2/3 of the sentence (issue 20): refused until confirmed with a
  // reason; the form then offers the confirmation, without JavaScript
  const confirm = page.getByLabel(/Konfirmasi jenis pembebasan/);
  await confirm.waitFor();
  assert.match(await page.locator('.error[role=alert]').innerText(), /2\/3 masa pidana/);
  await audit(page, '10-release-confirm');
  await confirm.check();
  await page.getByLabel('Catatan', { exact: true }).fill('Keputusan pembebasan bersyarat dari Ditjenpas diterima lebih awal');
  await page.getByRole('button', { name: 'Simpan' }).click();
  // the review (issue 22): who, the enrolments ended and the premi paid out
  await page.getByRole('heading', { name: 'Tinjau pembebasan' }).waitFor();
  assert.ok((await page.locator('dl.review').innerText()).includes(certHolder), 'the review names the graduate');
  await audit(page, '10-release-review');
  await shot(page, '10-tinjau-pembebasan');
  await page.getByRole('button', { name: 'Ya, catat pembebasan' }).click();
  await page.getByText('Data tersimpan.').waitFor();
  const facts = await page.locator('dl.kv').first().innerText();
  assert.ok(facts.includes(certHolder), 'the release names the graduate');
  assert.match(facts, /Pembebasan bersyarat/);
  released = page.url().split('?')[0];
  const form = await openAdd(page, 'Tambah Tindak lanjut');
  await form.getByLabel('Tanggal kontak *').fill(isoDay(0));
  await form.getByLabel('Cara').selectOption('telepon');
  await form.getByLabel('Keadaan *').selectOption('bekerja_sesuai_pelatihan');
  await form.getByLabel('Tempat kerja/usaha').fill('Konveksi Bunda Ketapang');
  await form.getByRole('button', { name: 'Simpan' }).click();
  await page.getByText('Data tersimpan.').waitFor();
  const rows = await page.locator('#followups + table tbody').innerText();
  assert.match(rows, /Konveksi Bunda Ketapang/, 'the follow-up is listed');
  await audit(page, '10-release-followup');
  await shot(page, '10-tindak-lanjut');
  await page.goto(`${BASE}/wbp/${wbpId}`);
  assert.match(await page.locator('dl.kv').first().innerText(), /Bebas/, 'the inmate is no longer inside');
});

await step('10b. a release recorded for the wrong inmate is corrected by a reversing entry', async () => {
  const { page } = staf;
  // the inmate registered in step 2, released by mistake
  await page.goto(`${BASE}/wbp?q=Peramban`);
  const wrongName = 'Peramban';
  await page.locator('main table tbody tr').first().getByRole('link').first().click();
  const wrongId = new URL(page.url()).pathname.split('/').pop();
  await page.goto(`${BASE}/releases/new?wbp_id=${wrongId}`);
  await page.getByLabel('Jenis pembebasan *').selectOption('bebas_murni');
  await page.getByLabel('Tanggal bebas *').fill(isoDay(0));
  await page.getByLabel('Kabupaten/kota tujuan *').fill('Kabupaten Ketapang');
  await page.getByRole('button', { name: 'Simpan' }).click();
  const kind = page.getByLabel(/Konfirmasi jenis pembebasan/);
  if (await page.getByRole('heading', { name: 'Tinjau pembebasan' }).count() === 0) {
    // bebas murni before the expiry needs the kind's confirmation and a reason first
    await kind.check();
    await page.getByLabel('Catatan', { exact: true }).fill('Dicatat oleh petugas');
    await page.getByRole('button', { name: 'Simpan' }).click();
  }
  await page.getByRole('heading', { name: 'Tinjau pembebasan' }).waitFor();
  await page.getByRole('button', { name: 'Ya, catat pembebasan' }).click();
  await page.getByText('Data tersimpan.').waitFor();
  // the mistake: corrected on the release's page, reviewed, then confirmed
  await page.getByLabel('Alasan pembatalan').fill('Salah orang: WBP ini tidak bebas hari ini');
  await page.getByRole('button', { name: 'Tinjau pembatalan' }).click();
  await page.getByRole('heading', { name: 'Tinjau pembatalan pembebasan' }).waitFor();
  assert.ok((await page.locator('main').innerText()).includes(wrongName), 'the review names the inmate');
  await audit(page, '10b-release-reversal-review');
  await page.getByRole('button', { name: 'Ya, batalkan pembebasan' }).click();
  await page.getByText('Pembebasan ini sudah dibatalkan dengan entri pembalik (lihat log audit).').waitFor();
  await page.goto(`${BASE}/wbp/${wrongId}`);
  assert.match(await page.locator('dl.kv').first().innerText(), /Di dalam Lapas/, 'the inmate is in custody again');
  await audit(page, '10b-release-reversed');
});

await step('10c. staf ends an asimilasi: the usulan step is reviewed before it is recorded', async () => {
  const { page } = staf;
  await page.goto(`${BASE}/usulan?state=aktif`);
  await page.locator('main table tbody tr').first().getByRole('link').first().click();
  const url = page.url();
  await page.locator('input[name=end_date]').first().fill(isoDay(0));
  await page.getByRole('button', { name: 'Ubah ke: Selesai' }).click();
  await page.getByRole('heading', { name: 'Tinjau langkah usulan' }).waitFor();
  const facts = await page.locator('dl.review').innerText();
  assert.match(facts, /Selesai/, 'the review names the stage it moves to');
  assert.ok(facts.includes(isoDay(0)), 'the review shows the date typed');
  await audit(page, '10c-usulan-step-review');
  await page.goto(url);
  assert.doesNotMatch(await page.locator('li[aria-current=step]').innerText(), /Selesai/, 'nothing changed before the confirmation');
  await page.locator('input[name=end_date]').first().fill(isoDay(0));
  await page.getByRole('button', { name: 'Ubah ke: Selesai' }).click();
  await page.getByRole('button', { name: 'Ya, simpan langkah ini' }).click();
  await page.waitForURL(/saved=1/);
  assert.match(await page.locator('li[aria-current=step]').innerText(), /Selesai/, 'the step is recorded');
});

await step('11. staf downloads the monthly report (PDF) and its figures match the pages', async () => {
  const { page } = staf;
  await page.goto(`${BASE}/`);
  const card = page.locator('.card', { hasText: 'Ketapang' }).first();
  const inside = (await card.locator('b').innerText()).trim();
  await menu(page, 'Laporan');
  await page.goto(`${BASE}/reports/monthly`);
  await page.getByRole('heading', { level: 1, name: 'Laporan bulanan' }).waitFor();
  await audit(page, '11-monthly-report');
  await shot(page, '11-laporan-bulanan');
  assert.equal(await page.getByLabel('Format').inputValue(), 'pdf');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Unduh' }).click()]);
  const file = path.join(OUT, 'screens', '11-monthly-report.pdf');
  await download.saveAs(file);
  shotPdf(file, '11-laporan-bulanan-pdf');
  const body = fs.readFileSync(file);
  assert.equal(body.subarray(0, 5).toString(), '%PDF-', 'the download is a PDF');
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  assert.match(text, /Laporan Bulanan Program Pelatihan Kerja WBP/);
  // table 2: inmates inside per site, the same number as the home page shows
  const line = text.split('\n').find((l) => /^\s*LPKTP\s+\d+/.test(l));
  assert.ok(line, 'the report has a row for the site');
  assert.equal(line.trim().split(/\s+/)[1], inside, `inmates inside: report ${line.trim()} vs home page ${inside}`);
});

/* In print: no menu, forms or buttons, and the main tables as wide as the page. */
async function printsCleanly(page, label) {
  await page.emulateMedia({ media: 'print' });
  try {
    const r = await page.evaluate(() => {
      const shown = (sel) => [...document.querySelectorAll(sel)].filter((e) => e.getClientRects().length > 0).length;
      const main = document.querySelector('main').getBoundingClientRect().width;
      const widths = [...document.querySelectorAll('main table')].filter((t) => t.getClientRects().length)
        .map((t) => t.getBoundingClientRect().width / main);
      return { chrome: shown('header, nav, footer, form, button, .button, details'), widths };
    });
    assert.equal(r.chrome, 0, `${label}: menu, forms and buttons are hidden in print`);
    assert.ok(r.widths.every((w) => w > 0.98), `${label}: tables take the full width (${r.widths})`);
    await page.pdf({ path: path.join(OUT, 'screens', `${label}.print.pdf`), format: 'A4' });
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
}

await step('11b. lists, certificates and reports print cleanly', async () => {
  const { page } = staf;
  await page.goto(`${BASE}/wbp`);
  await printsCleanly(page, '11b-wbp-list');
  await page.goto(`${BASE}/certificates`);
  await printsCleanly(page, '11b-certificates');
  await page.locator('main table tbody tr').first().getByRole('link').first().click();
  await page.getByRole('link', { name: 'Cetak (PDF)' }).waitFor();
  await printsCleanly(page, '11b-certificate');
  await page.emulateMedia({ media: 'print' });
  const kv = await page.locator('dl.kv').first().isVisible();
  await page.emulateMedia({ media: 'screen' });
  assert.ok(kv, 'the certificate\'s details print');
  await page.goto(`${BASE}/reports`);
  const first = page.locator('main form').first();
  await first.getByRole('button').click();
  await page.locator('main table').first().waitFor();
  await printsCleanly(page, '11b-report');
});

await step('11c. the same pages in English, through the language switch', async () => {
  const { page } = staf;
  await page.goto(`${BASE}/eligibility`);
  await page.getByRole('button', { name: 'English' }).click();
  await page.waitForURL(/\/eligibility/);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.getByRole('heading', { level: 1, name: 'Asimilasi screening' }).waitFor();
  const nav = page.getByRole('navigation', { name: 'Main menu' });
  await nav.locator('summary').filter({ hasText: /^Register$/ }).waitFor();
  await nav.locator('summary').filter({ hasText: /^Training$/ }).click();
  await nav.getByRole('link', { name: 'Agreements' }).waitFor();
  await nav.locator('summary').filter({ hasText: /^Training$/ }).click();
  await page.getByRole('button', { name: 'Screen' }).waitFor();
  assert.ok(await page.getByRole('columnheader', { name: 'Requirements not met' }).count());
  await audit(page, '11c-eligibility-en');
  await menu(page, 'Inmate register');
  await page.locator('main table tbody tr').first().getByRole('link').click();
  await page.getByRole('heading', { name: /^Asimilasi requirements on / }).waitFor();
  await page.getByRole('heading', { name: 'Change history' }).waitFor();
  await audit(page, '11c-wbp-en');
  if (released) {
    await page.goto(released);
    await page.getByRole('heading', { name: 'Follow-up after release' }).waitFor();
  }
  await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
  await page.getByRole('navigation', { name: 'Menu utama' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'id');
});
// ---- end of steps 9-11

await step('13. every role starts at its inbox; at 360 px the menu folds and no page of it scrolls sideways', async () => {
  const walked = new Set(); // each menu page once (as the first role that has it), to keep the story short
  for (const role of ['admin', 'staf', 'wali', 'instruktur', 'kalapas', 'kanwil', 'bapas']) {
    const { ctx, page } = await asUser(role, { width: 360, height: 740 }); // logged in, at /
    await page.getByRole('heading', { level: 2, name: 'Kotak tugas' }).waitFor();
    assert.ok(await page.locator('table.inbox tbody tr').count() > 0, `${role}: the inbox lists its items`);
    await noSidewaysScroll(page, `${role} /`);
    const nav = page.getByRole('navigation', { name: 'Menu utama' });
    assert.equal(await nav.locator('ul.groups').isVisible(), false, `${role}: the menu is folded on a phone`);
    await nav.locator('label.menu-label').click();
    assert.ok(await nav.locator('ul.groups').isVisible(), `${role}: the Menu switch opens it`);
    if (role === 'staf') await audit(page, '13-inbox-phone-staf');
    const links = await nav.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const href of links.filter((x) => !walked.has(x))) {
      walked.add(href);
      const resp = await page.goto(`${BASE}${href}`);
      assert.equal(resp.status(), 200, `${role} ${href}`);
      await noSidewaysScroll(page, `${role} ${href}`);
    }
    await ctx.close();
  }
});

await step('12. staf logs out', async () => {
  const { page, ctx } = staf;
  await page.getByRole('button', { name: 'Keluar' }).click();
  await page.waitForURL(/\/login/);
  await page.goto(`${BASE}/wbp`);
  assert.match(page.url(), /\/login/, 'after logout the register needs a login again');
  await ctx.close();
});

await browser.close();
axeServer.close();
if (failures.length) {
  console.error(`\n${failures.length} problem(s):\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log(`browser story passed; ${saved} pages saved for the HTML checker`);
