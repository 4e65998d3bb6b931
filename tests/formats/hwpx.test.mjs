// hwpx.test.mjs - the report as HWPX, read back by an independent reader
// (@ssabrojs/hwpxjs, a test-only dev dependency): every paragraph and every
// table cell of the Markdown report must be in it, in order, with or without
// --clean; the package must be laid out as KS X 6101 wants it (mimetype the
// first entry, stored). Run: JIPYO=build/jipyo OUT=build/formats node
// tests/formats/hwpx.test.mjs
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { HwpxReader } from '@ssabrojs/hwpxjs';

const JIPYO = process.env.JIPYO || 'build/jipyo';
const OUT = process.env.OUT || 'build/formats';
const SEED = 'data/seoul-econ-2022';

// The reader's own parser turns a text that looks like a number ("35") into
// a number, which its text extraction then drops, and trims the text of
// every run ("총 " + "35" reads "총35"). Its walk over sections, paragraphs,
// runs and cells is kept; only the XML is parsed keeping text as text.
class Reader extends HwpxReader {
	parseXml(xml) {
		return new XMLParser({
			ignoreAttributes: false,
			attributeNamePrefix: '@',
			removeNSPrefix: true,
			trimValues: false,
			parseTagValue: false,
		}).parse(xml);
	}
}

const arr = (x) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
const unmark = (s) => s.replace(/\s?[†‡]\d+(?:,\d+)*/g, '').trim();

function jipyo(...args) {
	return execFileSync(JIPYO, args, { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
}

// A backslash-escaped ASCII punctuation character as itself (CommonMark): the report
// escapes what Markdown would read as markup in the data.
const unescape = (s) => s.replace(/\\([!-/:-@[-`{-~])/g, '$1');

// The Markdown report as paragraphs and tables, in the HWPX's words.
function markdown(md) {
	const paras = [], tables = [];
	let rows = null;
	for (const line of md.split('\n')) {
		if (line.startsWith('|')) {
			if (/^\|[-:| ]+\|$/.test(line)) continue;
			const cells = line.slice(1, -1).split(/(?<!\\)\|/).map((c) => unmark(unescape(c)));
			if (!rows) tables.push((rows = []));
			rows.push(cells);
			continue;
		}
		rows = null;
		if (!line.trim()) continue;
		let m;
		let t = line;
		if ((m = /^#+ (.*)$/.exec(t))) t = m[1];
		else if ((m = /^> (.*)$/.exec(t))) t = m[1];
		else if ((m = /^\*([^*].*)\*$/.exec(t))) t = m[1];
		else if ((m = /^\*\*(.*)\*\*$/.exec(t))) t = m[1];
		else if ((m = /^\s*- (.*)$/.exec(t))) {
			t = m[1];
			if ((m = /^\*\*(.*?)\*\*: (.*)$/.exec(t))) t = `ㅇ ${m[1]}: ${m[2]}`;
			else if ((m = /^\*\*(.*)\*\*$/.exec(t))) t = m[1];
		} else if (/^\d+\. /.test(t)) t = t.replace(/\*\*|`/g, '');
		paras.push(unmark(unescape(t)));
	}
	return { paras: paras.filter(Boolean), tables };
}

async function hwpx(path) {
	const r = new Reader();
	await r.loadFromArrayBuffer(readFileSync(path));
	const paras = (await r.extractText({ joinParagraphs: '\u0000' })).split('\u0000').map(unmark).filter(Boolean);
	const sec = r.parseXml(r.getTextFile('Contents/section0.xml')).sec;
	const tables = [];
	for (const p of arr(sec.p))
		for (const run of arr(p.run))
			for (const tbl of arr(run.tbl)) {
				const rows = arr(tbl.tr).map((tr) => arr(tr.tc).map((tc) => unmark(r.extractTextFromNode(tc.subList))));
				assert.equal(Number(tbl['@rowCnt']), rows.length, 'rowCnt');
				for (const row of rows) assert.equal(Number(tbl['@colCnt']), row.length, 'colCnt');
				tables.push(rows);
			}
	return { paras, tables, reader: r };
}

// KS X 6101: the first entry is `mimetype`, stored, holding the media type.
function zipLayout(path) {
	const b = readFileSync(path);
	assert.equal(b.readUInt32LE(0), 0x04034b50, 'a ZIP local header first');
	assert.equal(b.readUInt16LE(8), 0, 'mimetype stored, not deflated');
	const n = b.readUInt16LE(26), extra = b.readUInt16LE(28);
	assert.equal(b.toString('latin1', 30, 30 + n), 'mimetype');
	const size = b.readUInt32LE(18);
	assert.equal(b.toString('latin1', 30 + n + extra, 30 + n + extra + size), 'application/hwp+zip');
}

function compare(name, want, got) {
	for (let i = 0; i < Math.max(want.paras.length, got.paras.length); i++)
		assert.equal(got.paras[i], want.paras[i], `${name}: paragraph ${i + 1} differs`);
	assert.equal(got.tables.length, want.tables.length, `${name}: number of tables`);
	want.tables.forEach((t, k) => {
		const g = got.tables[k];
		assert.equal(g.length, t.length, `${name}: rows of table ${k + 1} (${t[0].join(' | ')})`);
		// a schedule's status: the Markdown prints its id, HWPX its Korean name as the HTML does
		const schedule = t[0][0] === '시기 when';
		t.forEach((row, r) =>
			row.forEach((cell, c) => {
				if (schedule && c === 2 && r > 0) assert.ok(g[r][c], `${name}: status of table ${k + 1} row ${r}`);
				else assert.equal(g[r][c], cell, `${name}: table ${k + 1} (${t[0][0]}…) row ${r} column ${c}`);
			}),
		);
	});
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const seedDb = join(OUT, 'seed.db');
jipyo('import', SEED, '--db', seedDb);
// the same with a budget execution ledger (scripts/ledger_seed.py): the
// report ends with its monitoring and execution tables, as the Markdown one
const ledgerDb = join(OUT, 'seed-ledger.db');
const ledgerCsv = join(OUT, 'ledger-2022.csv');
jipyo('import', SEED, '--db', ledgerDb);
writeFileSync(ledgerCsv, execFileSync('python3', ['scripts/ledger_seed.py', SEED]));
jipyo('ledger', 'import', ledgerCsv, '--db', ledgerDb);
let failed = 0;
for (const [name, db, clean] of [['marked', seedDb, false], ['clean', seedDb, true], ['ledger', ledgerDb, false]]) {
	const flags = clean ? ['--clean'] : [];
	const file = join(OUT, `report-${name}.hwpx`);
	try {
		jipyo('report', '--db', db, '--format', 'hwpx', ...flags, '-o', file);
		zipLayout(file);
		const want = markdown(jipyo('report', '--db', db, ...flags));
		const got = await hwpx(file);
		// its six printed tables and the figures no text prints
		assert.ok(want.tables.length >= 6 && want.paras.length > 200, 'the seed report is read whole');
		compare(name, want, got);
		const ledger = got.paras.some((p) => /^집행 모니터링 \(’22\.8\.29\. 기준, 목표: /.test(p));
		assert.equal(ledger, name === 'ledger', 'the budget execution part where the database has a ledger, only there');
		if (name === 'ledger') {
			assert.ok(got.paras.includes('예산 집행현황 (’22.8.29. 기준, 부서별)'), 'the execution table by division');
			assert.ok(got.tables.some((t) => t[0][0] === '부서' && t.at(-1)[0] === '계'), 'its 계 row');
		}
		const raw = got.reader.getTextFile('Contents/section0.xml');
		const marks = (raw.match(/[†‡]\d/g) || []).length;
		if (clean) {
			assert.equal(marks, 0, 'a clean copy has no mark');
			assert.ok(!got.paras.some((p) => p.startsWith('검증 결과')), 'a clean copy lists no findings');
			assert.ok(got.paras.some((p) => /^자료 Data: seoul-econ-2022 · rev [0-9a-f]{12}/.test(p)), 'the revision on the cover');
		} else {
			assert.ok(marks > 0, 'findings are marked');
			// a page break before each top-level section, area and program
			assert.ok((raw.match(/pageBreak="1"/g) || []).length >= 10, 'page breaks');
		}
		console.log(`ok - ${name}: ${got.paras.length} paragraphs and ${got.tables.length} tables as the report has them`);
	} catch (e) {
		failed++;
		console.log(`not ok - ${name}: ${e.message}`);
	}
}
process.exit(failed ? 1 : 0);
