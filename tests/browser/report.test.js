// Browser test of the HTML report: Debian's Chromium, headless, driven by
// playwright-core. It renders the seed report, reads it as a reader would
// (structure, marks beside the numbers, fonts), prints it to A4 PDF and takes
// screenshots into $OUT (build/browser by default; not committed).
//
//   JIPYO=build/jipyo OUT=build/browser node tests/browser/report.test.js
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '..', '..');
const JIPYO = path.resolve(ROOT, process.env.JIPYO || 'build/jipyo');
const OUT = path.resolve(ROOT, process.env.OUT || 'build/browser');
const SEED = path.join(ROOT, 'data', 'seoul-econ-2022');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// RFC 4180 rows of a CSV file (quoted fields may hold commas and line breaks).
function readCsv(file) {
	const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
	const rows = [];
	let row = [], field = '', quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
			else if (ch === '"') quoted = false;
			else field += ch;
		} else if (ch === '"') quoted = true;
		else if (ch === ',') { row.push(field); field = ''; }
		else if (ch === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
		else field += ch;
	}
	if (field || row.length) { row.push(field); rows.push(row); }
	const head = rows.shift();
	return rows.map((r) => Object.fromEntries(head.map((h, k) => [h, r[k] ?? ''])));
}

// A package folder rendered to HTML through the CLI, as a user does it.
function render(pkgDir, name) {
	const db = path.join(tmp, name + '.db');
	const html = path.join(OUT, name + '.html');
	execFileSync(JIPYO, ['import', pkgDir, '--db', db], { stdio: 'pipe' });
	execFileSync(JIPYO, ['report', '--db', db, '--format', 'html', '-o', html], { stdio: 'pipe' });
	return html;
}

let tmp, browser, page, seedHtml;

before(async () => {
	fs.mkdirSync(OUT, { recursive: true });
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jipyo-browser-'));
	seedHtml = render(SEED, 'seed');
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
	});
	page = await browser.newPage({ viewport: { width: 794, height: 1123 } });
	await page.goto('file://' + seedHtml);
	await page.evaluate(() => document.fonts.ready);
});

after(async () => {
	if (browser) await browser.close();
	if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('document: Korean, UTF-8, no script', async () => {
	assert.equal(await page.getAttribute('html', 'lang'), 'ko');
	assert.equal(await page.evaluate(() => document.characterSet), 'UTF-8');
	assert.equal(await page.evaluate(() => document.scripts.length), 0);
	assert.match(await page.title(), /주요업무보고/);
});

test('sections Ⅰ–Ⅳ in the order of the report, each from a new page', async () => {
	const tops = await page.$$eval('section.top > h2', (hs) =>
		hs.map((h) => ({
			num: h.querySelector('.num')?.textContent ?? '',
			title: h.querySelector('.title').textContent,
			brk: getComputedStyle(h.parentElement).breakBefore,
		})));
	assert.deepEqual(tops.map((t) => t.num), ['Ⅰ.', 'Ⅱ.', 'Ⅲ.', 'Ⅳ.']);
	assert.deepEqual(tops.map((t) => t.title), ['일반현황', '現 경제상황', '정책비전 및 목표', '주요 업무보고']);
	for (const t of tops) assert.equal(t.brk, 'page', `${t.num} starts a page`);
	// the cover comes first and holds the meeting
	const first = await page.$eval('body > section', (s) => s.className);
	assert.match(first, /cover/);
	assert.match(await page.textContent('.cover'), /제314회 시의회 임시회/);
});

test('every program of Ⅳ starts a page, in the order of nodes.csv', async () => {
	const nodes = readCsv(path.join(SEED, 'nodes.csv'));
	const programs = nodes.filter((n) => n.kind === 'program');
	const shown = await page.$$eval('section.k-program', (ss) =>
		ss.map((s) => ({ id: s.id, brk: getComputedStyle(s).breakBefore })));
	assert.equal(shown.length, programs.length);
	assert.ok(shown.length >= 20, `${shown.length} programs`);
	for (const s of shown) assert.equal(s.brk, 'page', s.id);
	// areas in order, each with its programs in seq order
	const areas = nodes.filter((n) => n.kind === 'area').sort((a, b) => a.seq - b.seq);
	const expected = areas.flatMap((a) => programs.filter((p) => p.parent === a.id)
		.sort((x, y) => x.seq - y.seq).map((p) => 'n-' + p.id));
	assert.deepEqual(shown.map((s) => s.id), expected);
	// a program shows its fields, narrative markers and summary box
	const p1 = await page.$('section#n-a1-p1');
	assert.ok(await p1.$('.summary'));
	assert.ok((await p1.$$('p.field')).length >= 3);
	assert.ok((await p1.$$eval('p.t .mk', (m) => m.map((x) => x.textContent))).includes('□'));
});

async function findingOf(cell) {
	const href = await cell.$eval('sup.fn a', (a) => a.getAttribute('href'));
	return page.$eval(href, (li) => ({ rule: li.dataset.rule, cls: li.className, back: li.querySelector('a.back')?.getAttribute('href') }));
}

test('the budget table: its total cells carry their findings', async () => {
	const row = await page.$('figure[data-table="budget"] tbody tr:has(th:text-is("계"))'); // the 계 row, labelled as printed
	assert.ok(row, 'total row of the budget table');
	assert.match(await row.getAttribute('class'), /total/);
	const cells = await row.$$('td');
	const text = await Promise.all(cells.map((c) => c.evaluate((e) => e.firstChild.textContent)));
	const at = (printed) => cells[text.indexOf(printed)];
	// 원인행위액 and 지출액 totals fail beyond rounding: errors
	for (const printed of ['484,788', '443,084']) {
		const c = at(printed);
		assert.ok(c, printed);
		assert.match(await c.getAttribute('class'), /\berr\b/);
		assert.match(await c.getAttribute('title'), /예산 표의 계 행/);
		const f = await findingOf(c);
		assert.equal(f.rule, 'p1-budget-col-sum');
		assert.equal(f.cls, 'err');
		assert.ok(f.back, 'the finding links back to a mark');
	}
	// 예산현액 total is off by one within rounding: a warning
	const w = at('706,246');
	assert.match(await w.getAttribute('class'), /\bwarn\b/);
	assert.equal((await findingOf(w)).rule, 'p1-budget-col-sum');
	// numbers are right-aligned, row labels left
	assert.equal(await w.evaluate((e) => getComputedStyle(e).textAlign), 'right');
	assert.equal(await row.$eval('th', (e) => getComputedStyle(e).textAlign), 'left');
	// 80,4 printed with a decimal comma
	const comma = await page.$('figure[data-table="budget"] td:has-text("80,4")');
	assert.equal((await findingOf(comma)).rule, 'printed-form');
});

test('marks elsewhere: the suspect cell, a wrong weekday, a figure in a text', async () => {
	const suspect = await page.$$('figure[data-table="p3-fund-table"] td.err');
	assert.ok(suspect.length >= 3);
	const rules = [];
	for (const c of suspect) rules.push((await findingOf(c)).rule);
	assert.ok(rules.includes('p3-fund-sector-sum') && rules.includes('p3-fund-year-sum'));
	// dates are marked where they are printed: a schedule line, or the text printing it
	const whens = await page.$$('.when.err, p.t mark.err, li mark.err');
	assert.ok(whens.length, 'milestone dates marked');
	const whenRules = [];
	for (const w of whens)
		for (const n of ((await w.getAttribute('data-findings')) || '').split(' ').filter(Boolean))
			whenRules.push(await page.$eval('#f' + n, (li) => li.dataset.rule));
	assert.ok(whenRules.includes('date-form'), whenRules.join(' '));
	const inText = await page.$$('p.t mark, p.field mark');
	assert.ok(inText.length >= 3, `${inText.length} marks inside narrative`);
});

test('every finding is listed once and every mark links to one', async () => {
	const items = await page.$$eval('section.findings li', (ls) => ls.map((l) => l.id));
	// as many as `check --json` reports (it exits 1: the seed has errors)
	const check = spawnSync(JIPYO, ['check', SEED, '--json'], { encoding: 'utf8' });
	assert.equal(check.status, 1);
	// the last line states the exit code and the counts; the others are findings
	const findings = check.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((f) => f.rule);
	assert.equal(items.length, findings.length);
	assert.deepEqual(items, items.map((_, k) => 'f' + (k + 1)));
	// errors first
	const classes = await page.$$eval('section.findings li', (ls) => ls.map((l) => l.className));
	assert.equal(classes.indexOf('warn'), findings.filter((f) => f.severity === 'error').length);
	const broken = await page.evaluate(() => {
		const bad = [];
		for (const a of document.querySelectorAll('a[href^="#"]'))
			if (!document.getElementById(a.getAttribute('href').slice(1))) bad.push(a.getAttribute('href'));
		return bad;
	});
	assert.deepEqual(broken, []);
	// each finding on a figure, a date or a field is marked where it is printed
	// (a rule that matched nothing has no place) and links back to it
	const unmarked = await page.$$eval('section.findings li', (ls) => ls
		.filter((l) => l.dataset.kind !== 'unused-rule' && !l.querySelector('a.back'))
		.map((l) => l.id + ' ' + l.dataset.rule));
	assert.deepEqual(unmarked, []);
	const marked = await page.$$eval('[data-findings]', (ms) => new Set(ms.flatMap((m) => m.dataset.findings.split(' '))).size);
	assert.equal(marked, findings.filter((f) => f.kind !== 'unused-rule').length);
});

test('Hangul is drawn with the Nanum fonts', async () => {
	assert.ok(await page.evaluate(() => document.fonts.check('12pt NanumGothic', '가')));
	assert.ok(await page.evaluate(() => document.fonts.check('12pt NanumMyeongjo', '가')));
	assert.match(await page.$eval('body', (e) => getComputedStyle(e).fontFamily), /NanumMyeongjo/);
	assert.match(await page.$eval('table', (e) => getComputedStyle(e).fontFamily), /NanumGothic/);
	// what the renderer really used, per node (the platform font, not the CSS wish)
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('DOM.enable');
	await cdp.send('CSS.enable');
	const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
	// glyphs drawn per font family in an element's own text
	const used = async (selector) => {
		const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
		assert.ok(nodeId, selector);
		const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
		return Object.fromEntries(fonts.map((f) => [f.familyName, f.glyphCount]));
	};
	const share = (u, family) =>
		(u[family] || 0) / Object.values(u).reduce((a, b) => a + b, 0);
	assert.deepEqual(await used('section#n-general > h2 .title'), { NanumGothic: 4 }); // 일반현황
	// a symbol Nanum lacks (the one-dot leader ․) may come from another font
	assert.ok(share(await used('section#n-a1-p1 .summary'), 'NanumGothic') > 0.95);
	assert.equal(share(await used('section#n-a1-p1 p.t.d2'), 'NanumMyeongjo'), 1);
});

// A character no installed font has is drawn as the primary font's empty
// box (.notdef), the same for every such character: each distinct character
// of the report is drawn on a canvas in the body's and the tables' font
// lists and compared with an unassigned code point's drawing.
test('every character of the report is drawn by an installed font', async () => {
	const missing = await page.evaluate(() => {
		const lists = [getComputedStyle(document.body).fontFamily,
			getComputedStyle(document.querySelector('table')).fontFamily];
		const chars = [...new Set([...document.body.innerText].filter((c) => !/\s/.test(c)))];
		const c = document.createElement('canvas');
		c.width = c.height = 64;
		const g = c.getContext('2d', { willReadFrequently: true });
		const draw = (ch, f) => {
			g.clearRect(0, 0, 64, 64);
			g.font = '40px ' + f;
			g.fillText(ch, 8, 48);
			return g.getImageData(0, 0, 64, 64).data.join('');
		};
		const out = [];
		for (const f of lists) {
			const box = draw('\u0378', f);
			// the detector itself: a private-use character is a box
			if (draw('\u{F0001}', f) !== box) out.push('no box for U+F0001 in ' + f);
			for (const ch of chars)
				if (draw(ch, f) === box) out.push(`${ch} U+${ch.codePointAt(0).toString(16).toUpperCase()} in ${f}`);
		}
		return out;
	});
	assert.deepEqual(missing, [], 'characters drawn by no font');
	// the corner brackets the seed prints, present and drawn
	assert.ok(await page.evaluate(() => document.body.innerText.includes('｢')), 'the report prints ｢');
});

test('accessibility: the report passes axe-core (WCAG 2.1 A and AA)', async () => {
	const p = await browser.newPage({ viewport: { width: 794, height: 1123 } });
	await p.goto('file://' + seedHtml);
	await p.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
	const found = await p.evaluate(async () => {
		const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
		return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}×: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
	});
	await p.close();
	assert.deepEqual(found, []);
});

test('the font lists fall back to what Korean Windows has', async () => {
	const body = await page.$eval('body', (e) => getComputedStyle(e).fontFamily);
	const table = await page.$eval('table', (e) => getComputedStyle(e).fontFamily);
	assert.match(body, /바탕.*Batang/);
	assert.match(table, /맑은 고딕.*Malgun Gothic/);
});

test('prints on A4 pages', async () => {
	await page.emulateMedia({ media: 'print' });
	const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
	fs.writeFileSync(path.join(OUT, 'seed.pdf'), pdf);
	const text = pdf.toString('latin1');
	const pages = (text.match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
	assert.ok(pages > 10 && pages < 400, `${pages} pages`);
	const box = text.match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/);
	assert.ok(box, 'a media box');
	assert.ok(Math.abs(box[1] - 595.3) < 2 && Math.abs(box[2] - 841.9) < 2, `A4: ${box[1]} x ${box[2]}`);
	// at least one page per program, area and section
	const breaks = await page.$$eval('.brk', (b) => b.length);
	assert.ok(pages >= breaks + 1, `${pages} pages for ${breaks} page breaks`);
	console.log(`# pdf: ${pages} pages, ${breaks} forced breaks`);
});

test('screenshots of the cover, Ⅰ, a program and the findings', async () => {
	await page.emulateMedia({ media: 'print' });
	const shots = [
		['cover', 'section.cover'],
		['general', 'section#n-general'],
		['program', 'section#n-a1-p1'],
		['fund', 'figure[data-table="p3-fund-table"]'],
		['vision', 'section#n-vision'],
		['findings', 'section.findings'],
	];
	for (const [name, sel] of shots) {
		const el = await page.$(sel);
		assert.ok(el, sel);
		const file = path.join(OUT, name + '.png');
		await el.screenshot({ path: file });
		assert.ok(fs.statSync(file).size > 5000, file);
	}
	await page.emulateMedia({ media: 'screen' });
});

test('text from the data is escaped, never markup', async () => {
	const pkg = path.join(tmp, 'xss');
	fs.cpSync(SEED, pkg, { recursive: true });
	const texts = path.join(pkg, 'texts.csv');
	const evil = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> & "따옴표"';
	fs.appendFileSync(texts, `general,status,900,1,<b>,"${evil.replace(/"/g, '""')}",000_c617418e5a5c9fdf.txt:30\n`);
	const html = render(pkg, 'escaped');
	const p = await browser.newPage();
	await p.goto('file://' + html);
	assert.equal(await p.evaluate(() => window.__pwned), undefined);
	assert.equal(await p.evaluate(() => document.scripts.length + document.images.length), 0);
	const shown = await p.$$eval('p.t', (ps) => ps.map((e) => e.textContent));
	assert.ok(shown.includes('<b>' + evil), 'the text is shown as written');
	await p.close();
});
