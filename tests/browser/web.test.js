// Browser test of `jipyo serve`: Debian's Chromium, headless, driven by
// playwright-core. A person logs in, reads the dashboard, a division page, a
// program page and the findings, with the keyboard where it matters;
// screenshots go to $OUT (build/browser by default; not committed).
//
//   JIPYO=build/jipyo OUT=build/browser node tests/browser/web.test.js
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '..', '..');
const JIPYO = path.resolve(ROOT, process.env.JIPYO || 'build/jipyo');
const OUT = path.resolve(ROOT, process.env.OUT || 'build/browser');
const SEED = path.join(ROOT, 'data', 'seoul-econ-2022');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const PW = 'editor-pass-123';

let tmp, server, base, browser, page;

function serve(db) {
	return new Promise((resolve, reject) => {
		const proc = spawn(JIPYO, ['serve', '--db', db, '--listen', '127.0.0.1:0'], {
			env: { ...process.env, JIPYO_ADMIN_PASSWORD: 'admin-pass-123' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		const timer = setTimeout(() => reject(new Error('server did not start')), 20000);
		proc.stderr.resume();
		proc.stdout.on('data', (d) => {
			out += d;
			const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\//);
			if (m) { clearTimeout(timer); resolve({ proc, base: m[1] }); }
		});
	});
}

async function shot(name) {
	await page.screenshot({ path: path.join(OUT, 'web-' + name + '.png'), fullPage: true });
}

// The text a person reads (no markup, no attribute values).
async function visibleText() {
	return page.evaluate(() => document.body.innerText);
}

before(async () => {
	fs.mkdirSync(OUT, { recursive: true });
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jipyo-web-browser-'));
	const db = path.join(tmp, 'seed.db');
	execFileSync(JIPYO, ['import', SEED, '--db', db], { stdio: 'pipe' });
	execFileSync(JIPYO, ['user', 'add', 'kim', '--role', 'editor', '--unit', 'jobs-policy-div', '--db', db],
		{ env: { ...process.env, JIPYO_PASSWORD: PW }, stdio: 'pipe' });
	server = await serve(db);
	base = server.base;
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
	});
	page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});

after(async () => {
	if (browser) await browser.close();
	if (server) {
		const done = new Promise((r) => server.proc.on('exit', r));
		server.proc.kill('SIGTERM');
		await done;
	}
	if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('log in with the keyboard alone', async () => {
	await page.goto(base + '/');
	assert.match(page.url(), /\/login$/);
	await shot('login');
	// every input has a label
	for (const id of ['name', 'password'])
		assert.equal(await page.locator(`label[for="${id}"]`).count(), 1, id);
	await page.keyboard.press('Tab'); // the skip link
	await page.keyboard.press('Tab'); // brand
	await page.focus('#name');
	await page.keyboard.type('kim');
	await page.keyboard.press('Tab');
	await page.keyboard.type('wrong-password');
	await page.keyboard.press('Enter');
	await page.waitForLoadState();
	assert.match(await page.locator('[role=alert]').innerText(), /맞지 않습니다/);
	await page.fill('#name', 'kim');
	await page.fill('#password', PW);
	await page.keyboard.press('Enter');
	await page.waitForURL(base + '/');
	const cookies = await page.context().cookies();
	const c = cookies.find((k) => k.name === 'jipyo_session');
	assert.ok(c.httpOnly);
	assert.equal(c.sameSite, 'Strict');
});

test('dashboard: the execution-rate chart, head counts, findings by division, milestones', async () => {
	await page.goto(base + '/');
	assert.equal(await page.getAttribute('html', 'lang'), 'ko');
	const svg = page.locator('svg.chart').first();
	assert.equal(await svg.getAttribute('role'), 'img');
	assert.ok(await page.locator('svg.chart rect.bar').count() >= 10, 'a bar per division');
	assert.equal(await page.locator('svg.chart line.elapsed').count(), 1, 'the line at the year elapsed');
	const text = await visibleText();
	assert.match(text, /경과 6[0-9]\.\d%/);
	assert.match(text, /’22\.8\.29\./);
	assert.doesNotMatch(text, /\b\d{4}-\d{2}-\d{2}\b/, 'no ISO date a person reads');
	assert.match(text, /정원 대비 현원/);
	assert.match(text, /부서별 발견사항/);
	assert.equal(await page.evaluate(() => document.scripts.length), 0, 'no JavaScript');
	await shot('dashboard');
	// a chosen date through the form, without JavaScript
	await page.fill('#as_of', '2022-12-31');
	await page.click('form.inline button');
	await page.waitForURL(/as_of=2022-12-31/);
	assert.match(await visibleText(), /기한이 지난 일정/);
	await shot('dashboard-2022-12-31');
	// English
	await page.goto(base + '/?lang=en');
	assert.equal(await page.getAttribute('html', 'lang'), 'en');
	assert.match(await visibleText(), /execution rate by division/i);
	await shot('dashboard-en');
	await page.goto(base + '/?lang=ko');
});

test('a division page: its figures, programs and findings', async () => {
	await page.goto(base + '/');
	await page.click('table a[href="/divisions/jobs-policy-div"]');
	await page.waitForURL(/\/divisions\/jobs-policy-div$/);
	const text = await visibleText();
	assert.match(text, /일자리정책과/);
	assert.match(text, /담당 사업/);
	assert.ok(await page.locator('ul.programs a').count() > 0);
	assert.doesNotMatch(text, /\bjobs-policy-div\b/);
	await shot('division');
});

test('a program page: fields, texts, tables as printed, the timeline', async () => {
	await page.goto(base + '/divisions/jobs-policy-div');
	await page.click('ul.programs a >> nth=0');
	await page.waitForURL(/\/programs\//);
	assert.ok(await page.locator('svg.timeline rect.ms').count() > 0, 'a milestone timeline');
	// the fund programme prints its tables: drawn as the report draws them
	await page.goto(base + '/programs/a2-p5');
	assert.ok(await page.locator('.report table').count() > 0, 'its tables');
	const text = await visibleText();
	assert.doesNotMatch(text, /\b\d{4}-\d{2}-\d{2}\b/);
	await shot('program');
});

test('the findings page: table terms, links to the program and the division', async () => {
	await page.goto(base + '/findings');
	const rows = page.locator('table.findings tbody tr');
	assert.ok(await rows.count() > 10);
	const text = await visibleText();
	assert.doesNotMatch(text, /[a-z]+\{[a-z_]+=/, 'no rule coordinates');
	assert.doesNotMatch(text, /\b\d{4}-\d{2}-\d{2}\b/);
	await shot('findings');
	await page.selectOption('#unit', 'econ-policy-div');
	await page.selectOption('#severity', 'error');
	await page.click('form.inline button');
	await page.waitForURL(/unit=econ-policy-div/);
	const n = await rows.count();
	assert.ok(n > 0);
	for (let i = 0; i < n; i++)
		assert.match(await rows.nth(i).innerText(), /경제정책과/);
	await shot('findings-filtered');
	// a finding links to the program page where it is marked
	const link = page.locator('table.findings a[href^="/programs/"]').first();
	const href = await link.getAttribute('href');
	await link.click();
	await page.waitForURL(base + href);
	const id = href.split('#')[1];
	assert.equal(await page.locator('#' + id).count(), 1, 'the finding is on the page it links to');
	await shot('finding-on-program');
});

test('print: navigation and forms are not printed', async () => {
	await page.goto(base + '/');
	await page.emulateMedia({ media: 'print' });
	assert.equal(await page.locator('header.top').evaluate((e) => getComputedStyle(e).display), 'none');
	await page.pdf({ path: path.join(OUT, 'web-dashboard.pdf'), format: 'A4' });
	await page.emulateMedia({ media: 'screen' });
});

test('logout with the form ends the session', async () => {
	await page.goto(base + '/');
	await page.click('header form button');
	await page.waitForURL(/\/login$/);
	await page.goto(base + '/findings');
	assert.match(page.url(), /\/login$/);
});
