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
	execFileSync(JIPYO, ['user', 'add', 'lee', '--role', 'editor', '--unit', 'econ-policy-div', '--db', db],
		{ env: { ...process.env, JIPYO_PASSWORD: PW }, stdio: 'pipe' });
	const csv = path.join(tmp, 'l22.csv');
	fs.writeFileSync(csv, execFileSync('python3', [path.join(ROOT, 'scripts', 'ledger_seed.py'), SEED]));
	execFileSync(JIPYO, ['ledger', 'import', csv, '--db', db], { stdio: 'pipe' });
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

test('the budget execution page: from the menu, a target and a grouping chosen in the form', async () => {
	await page.goto(base + '/');
	await page.click('header.top a[href="/ledger"]');
	await page.waitForURL(/\/ledger$/);
	assert.equal(await page.locator('h1').innerText(), '예산 집행 모니터링');
	// the office's curve drawn up to the as-of month, the target dashed over the year
	const chart = page.locator('figure.chart svg');
	assert.ok(await chart.locator('.actual').count() === 1 && await chart.locator('.target').count() === 1);
	const box = await chart.boundingBox();
	assert.ok(box.width > 300 && box.height > 150, JSON.stringify(box));
	const text = await visibleText();
	assert.match(text, /’22\.8\.29\./);
	assert.doesNotMatch(text, /\b\d{4}-\d{2}-\d{2}\b|h1:60/);
	await shot('ledger');
	await page.selectOption('#target', 'linear');
	await page.selectOption('#by', 'program');
	await page.click('form.inline button');
	await page.waitForURL(/target=linear/);
	assert.match(await visibleText(), /목표: 직선/);
	assert.match(await page.locator('table.data thead th').first().innerText(), /사업/);
	await shot('ledger-program');
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

test('an editor corrects a figure: the finding goes, another division\'s is refused, the history has it', async () => {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const p = await ctx.newPage();
	const text = () => p.evaluate(() => document.body.innerText);
	await p.goto(base + '/login');
	await p.fill('#name', 'lee');
	await p.fill('#password', PW);
	await p.keyboard.press('Enter');
	await p.waitForURL(base + '/');
	// the division's head-count finding: stated 35, the parts sum to 34
	await p.goto(base + '/findings?unit=econ-policy-div&severity=error');
	const row = p.locator('table.findings tbody tr', { hasText: '정원' }).filter({ hasText: '35 / 34' });
	assert.equal(await row.count(), 1);
	const href = await row.locator('a[href^="/programs/"]').getAttribute('href');
	await p.goto(base + href);
	const id = href.split('#')[1];
	const form = p.locator('#' + id + ' form.edit');
	assert.equal(await form.count(), 1, 'the figure\'s form is beside its finding');
	assert.equal(await form.locator('input[name=value]').inputValue(), '35');
	assert.equal(await form.locator('input[name=csrf]').count(), 1, 'the form carries the CSRF token');
	await form.locator('input[name=value]').fill('34');
	await p.screenshot({ path: path.join(OUT, 'web-edit-form.png'), fullPage: false });
	await form.locator('button').click();
	await p.waitForURL(/\?saved=\d+#edit$/);
	assert.match(await p.locator('p.saved').innerText(), /저장했습니다/);
	assert.equal(await p.locator('table.findings tbody tr', { hasText: '35 / 34' }).count(), 0, 'the finding is gone from the page');
	await p.screenshot({ path: path.join(OUT, 'web-edit-saved.png'), fullPage: true });
	await p.goto(base + '/findings?unit=econ-policy-div&severity=error');
	assert.equal(await p.locator('table.findings tbody tr', { hasText: '35 / 34' }).count(), 0, 'and from the findings page');
	// another division's figure, typed into the form: refused
	await p.goto(base + href.split('#')[0]);
	await p.fill('#fref', 'authorized{unit=jobs-policy-div,job_class=total} @2022-08-29 [staffing]');
	await p.fill('#fval', '1');
	await Promise.all([p.waitForURL(/\/edit$/), p.locator('#fval').press('Enter')]);
	assert.match(await text(), /403/);
	assert.match(await text(), /다른 부서/);
	await p.screenshot({ path: path.join(OUT, 'web-edit-refused.png'), fullPage: false });
	// the history: who, when, 35 → 34
	await p.goto(base + href.split('#')[0] + '?saved=1');
	await p.click('p.saved a');
	await p.waitForURL(/\/history$/);
	const first = p.locator('table.history tbody tr').first();
	assert.match(await first.innerText(), /lee/);
	assert.match(await first.innerText(), /35 → 34/);
	assert.doesNotMatch(await text(), /\b\d{4}-\d{2}-\d{2}\b/, 'dates as people read them');
	await p.screenshot({ path: path.join(OUT, 'web-history.png'), fullPage: false });
	await ctx.close();
});

// axe-core (dev only) on every kind of page, as the logged-in editor sees
// it: WCAG 2.1 A and AA (labels, names, contrast, structure, language).
const AXE = require.resolve('axe-core/axe.min.js');
async function axeViolations(url) {
	const ctx = await browser.newContext({ bypassCSP: true, storageState: await page.context().storageState() });
	const p = await ctx.newPage();
	await p.goto(url);
	await p.addScriptTag({ path: AXE });
	const found = await p.evaluate(async () => {
		const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
		return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}×: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
	});
	await ctx.close();
	return found;
}

test('accessibility: every kind of page passes axe-core (WCAG 2.1 A and AA)', async () => {
	// the checker finds what it should: a page without a language, an image without a text
	assert.ok((await axeViolations('data:text/html,<title>t</title><img src=x><input>')).length >= 2);
	for (const url of ['/', '/findings', '/divisions/jobs-policy-div', '/programs/a1-p1', '/history', '/login?lang=en', '/?lang=en',
		'/ledger', '/ledger?lang=en&by=program&target=prior'])
		assert.deepEqual(await axeViolations(base + url), [], url);
});

test('every program of the seed: its page, in the report\'s words, accessible', async () => {
	const nodes = (await (await page.request.get(base + '/api/nodes?per_page=1000')).json()).items;
	const programs = nodes.filter((n) => n.kind === 'program');
	assert.ok(programs.length >= 25, `${programs.length} programs`);
	for (const n of programs) {
		const r = await page.goto(base + '/programs/' + n.id);
		assert.equal(r.status(), 200, n.id);
		assert.ok((await page.title()).includes(n.title_ko.trim().slice(0, 10)), n.id);
		assert.ok((await visibleText()).includes(n.title_ko.trim().slice(0, 10)), n.id);
		const text = await visibleText();
		assert.doesNotMatch(text, /\b\d{4}-\d{2}-\d{2}\b|[a-z_]+=[a-z]|\ba\d-p\d/, n.id);
		assert.deepEqual(await axeViolations(base + '/programs/' + n.id), [], n.id);
	}
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
