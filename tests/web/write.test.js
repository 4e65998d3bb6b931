// Writes over HTTP: every write endpoint for every role (the role matrix),
// bad input that writes nothing (the revision and the history unchanged),
// findings that an edit fixes and a status people give, concurrent writers,
// and a server killed with SIGKILL after 100 acknowledged writes that loses
// none of them. Every API answer is checked against docs/openapi.yaml.
//
//   JIPYO=build/jipyo node --test tests/web/write.test.js
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const lib = require('./lib');

const ROOT = path.resolve(__dirname, '..', '..');
const JIPYO = path.resolve(ROOT, process.env.JIPYO || 'build/jipyo');
const SEED = path.join(ROOT, 'data', 'seoul-econ-2022');
const ADMIN_PW = 'admin-pass-123';
const PW = 'user-pass-123';
const { isError } = lib;

let tmp, db, server, pub;
const S = {}; // sessions by role
const req = (method, url, opts = {}) => lib.req(opts.base || server.base, method, url, opts);

// econ-policy-div's figure, milestone and text; jobs-policy-div is another division
const fact = { measure: 'authorized', coords: { unit: 'econ-policy-div', job_class: 'total' }, period: '2022-08-29', kind: 'actual', table: 'staffing' };
const factRef = 'authorized{unit=econ-policy-div,job_class=total} @2022-08-29 [staffing]';
const MILESTONE = '/api/milestones/a5-p2/1';
const TEXT = '/api/texts/a5-p2/summary/1';

async function login(name, password) {
	const r = await req('POST', '/api/session', { body: { name, password } });
	assert.equal(r.status, 201, r.text);
	return { cookie: r.headers.get('set-cookie').split(';')[0], csrf: r.json.csrf, name };
}

// The revision (ETag) and the number of history entries: what a refused
// write must leave as it was.
async function state() {
	const r = await req('GET', '/api/history?per_page=1', { cookie: S.admin.cookie });
	const rep = await req('GET', '/api/report', { cookie: S.admin.cookie });
	return { etag: rep.headers.get('etag'), entries: r.json.total, last: r.json.items[0] };
}

function sqlite(sql) {
	return execFileSync('sqlite3', [db, sql], { encoding: 'utf8' }).trim();
}

before(async () => {
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jipyo-write-'));
	db = path.join(tmp, 'seed.db');
	execFileSync(JIPYO, ['import', SEED, '--db', db], { stdio: 'pipe' });
	server = await lib.serve(JIPYO, db, [], { JIPYO_ADMIN_PASSWORD: ADMIN_PW });
	const add = (name, role, unit) => execFileSync(JIPYO,
		['user', 'add', name, '--role', role, ...(unit ? ['--unit', unit] : []), '--db', db],
		{ env: { ...process.env, JIPYO_PASSWORD: PW }, stdio: 'pipe' });
	add('planner1', 'planner');
	add('editor-econ', 'editor', 'econ-policy-div');
	add('editor-jobs', 'editor', 'jobs-policy-div');
	add('viewer1', 'viewer');
	S.admin = await login('admin', ADMIN_PW);
	S.planner = await login('planner1', PW);
	S.own = await login('editor-econ', PW);
	S.other = await login('editor-jobs', PW);
	S.viewer = await login('viewer1', PW);
	pub = await lib.serve(JIPYO, db, ['--public'], {});
});

after(async () => {
	if (server) assert.equal(await lib.stop(server), 0);
	if (pub) await lib.stop(pub);
	if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

// One write of each kind, as `who` (a session, or null for the public
// server), with the ETag given; returns the answer.
async function write(kind, who, etag) {
	const base = who ? server.base : pub.base;
	const o = { base, ...(who || {}), headers: etag ? { 'If-Match': etag } : {} };
	if (kind === 'fact')
		return req('PUT', '/api/facts', { ...o, body: { key: fact, value: '34', reason: '부분의 합' } });
	if (kind === 'milestone')
		return req('PUT', MILESTONE, { ...o, body: { status: 'in_progress', status_as_of: '2022-08-29' } });
	if (kind === 'text')
		return req('PUT', TEXT, { ...o, body: { text: '청년 일자리 사업 요약 (수정)' } });
	if (kind === 'status') {
		const f = (await req('GET', '/api/findings?per_page=1000&unit=econ-policy-div', { cookie: S.admin.cookie })).json.items
			.find((x) => !x.target.startsWith('authorized'));
		return req('PUT', '/api/findings/status', { ...o, body: { rule: f.rule, target: f.target, status: 'acknowledged', reason: '원문대로 인쇄됨' } });
	}
	// the program page's form
	const form = new URLSearchParams({ csrf: who ? who.csrf : '', revision: (etag || '').replace(/"/g, ''),
		ref: 'milestone:a5-p2/1.status', value: 'in_progress', back: 'a5-p2' });
	return req('POST', '/edit', { base, cookie: who && who.cookie, body: form.toString(), type: 'application/x-www-form-urlencoded' });
}

const KINDS = ['fact', 'milestone', 'text', 'status', 'form'];
const ROLES = { admin: 'ok', planner: 'ok', own: 'ok', other: 403, viewer: 403, public: 401 };

test('role matrix: every write for every role; refused ones leave the revision and the history', async () => {
	for (const [role, expect] of Object.entries(ROLES)) {
		for (const kind of KINDS) {
			const who = role === 'public' ? null : S[role];
			const was = await state();
			const r = await write(kind, who, was.etag);
			const now = await state();
			const label = role + ' × ' + kind;
			if (expect === 'ok') {
				assert.equal(r.status, kind === 'form' ? 303 : 200, label + ': ' + r.text);
				if (kind === 'form') assert.match(r.headers.get('location'), /^\/programs\/a5-p2\?saved=\d+#edit$/, label);
				else assert.equal(r.headers.get('etag'), now.etag, label + ': the answer\'s ETag is the new revision');
				assert.equal(Number(now.etag.replace(/"/g, '')), Number(was.etag.replace(/"/g, '')) + 1, label + ': one revision');
				assert.equal(now.entries, was.entries + 1, label + ': one history entry');
				assert.equal(now.last.by, who.name, label + ': the user\'s name in the history');
			} else {
				if (kind === 'form' && expect === 401) {
					assert.equal(r.status, 303, label);
					assert.equal(r.headers.get('location'), '/login', label);
				} else if (kind === 'form') {
					assert.equal(r.status, expect, label);
				} else {
					isError(r, expect, expect === 401 ? 'unauthorized' : 'forbidden');
				}
				assert.deepEqual(now, was, label + ': nothing written');
			}
		}
	}
});

test('a figure\'s edit: the finding goes, marked fixed, the history has it, reads show it', async () => {
	const before1 = (await req('GET', '/api/findings?per_page=1000&unit=econ-policy-div', { cookie: S.own.cookie })).json.items;
	assert.ok(!before1.some((f) => f.target === factRef), 'fixed by the role matrix already');
	const facts = (await req('GET', '/api/facts?measure=authorized&unit=econ-policy-div&member=total', { cookie: S.own.cookie })).json.items;
	assert.equal(facts[0].printed, '34');
	assert.equal(facts[0].source, '', 'an entered figure has no source');
	const h = await req('GET', '/api/history?ref=' + encodeURIComponent(factRef), { cookie: S.viewer.cookie });
	assert.equal(h.status, 200);
	assert.equal(h.json.items[h.json.items.length - 1].before.printed, '35');
	assert.ok(h.json.items.every((e) => e.after.printed === '34'));
	assert.equal(h.json.items[h.json.items.length - 1].by, 'admin');
	assert.ok(h.json.items.some((e) => e.by === 'editor-econ'));
	const fixed = sqlite("select status, by from finding_status where target = '" + factRef + "'");
	assert.equal(fixed, 'fixed|admin', 'the first edit marked it fixed');
	const page = await req('GET', '/history?ref=' + encodeURIComponent(factRef), { cookie: S.viewer.cookie });
	assert.equal(page.status, 200);
	assert.match(page.text, /35 → 34/);
	assert.match(page.text, /editor-econ/);
});

// `check` in another process, as JSON lines: with the model image (and the
// edits after it replayed) or, from a copy of the database without the
// image file, from the tables.
function checkJson(file) {
	const r = spawnSync(JIPYO, ['check', '--db', file, '--json'], { encoding: 'utf8' });
	assert.ok(r.status === 0 || r.status === 1, r.stderr);
	assert.equal(r.stderr, '', 'no note: the image is read, or there is none');
	return r.stdout;
}

test('a figure written over HTTP keeps the model image; check finds what the server found', async () => {
	let etag = (await state()).etag;
	// a milestone first: checked whole, with a new image
	const m = await req('PUT', MILESTONE, { ...S.admin, headers: { 'If-Match': etag }, body: { status: 'in_progress', status_as_of: '2022-08-30' } });
	assert.equal(m.status, 200, m.text);
	etag = m.headers.get('etag');
	const base = Number(etag.replace(/"/g, ''));
	assert.equal(sqlite('select count(*) from image'), '1', 'a milestone\'s edit writes a new image');
	// then figures: followed incrementally, the image kept with the edits after it
	let last;
	for (const value of ['36', '33', '34']) {
		last = await req('PUT', '/api/facts', { ...S.admin, headers: { 'If-Match': etag }, body: { key: fact, value } });
		assert.equal(last.status, 200, last.text);
		etag = last.headers.get('etag');
	}
	assert.equal(sqlite('select count(*) from image'), '1', 'the image\'s record is kept');
	assert.equal(sqlite('select max(revision) from image_base'), String(base), 'the image holds the milestone\'s revision');
	const withImage = checkJson(db);
	const copy = path.join(tmp, 'copy.db');
	fs.rmSync(copy, { force: true });
	sqlite(".backup '" + copy + "'");
	assert.ok(!fs.existsSync(copy + '-image'));
	assert.equal(withImage, checkJson(copy), 'the image and the edits replayed give what the tables give');
	const lines = withImage.trim().split('\n').map((l) => JSON.parse(l));
	const total = lines.pop();
	const fromCheck = lines.map((f) => [f.rule, f.where, f.severity, f.message].join(' | ')).sort();
	const api = (await req('GET', '/api/findings?per_page=1000', { cookie: S.viewer.cookie })).json.items;
	const fromServer = api.map((f) => [f.rule, f.target, f.severity, f.message].join(' | ')).sort();
	assert.deepEqual(fromServer, fromCheck, 'the server\'s findings after the writes are check\'s');
	assert.deepEqual([last.json.findings.errors, last.json.findings.warnings], [total.errors, total.warnings]);
	assert.equal(last.json.findings.items.length, lines.length);
	// a finding's status is not in the model: the image is kept across it too
	const f = api.find((x) => x.severity === 'warning');
	const st = await req('PUT', '/api/findings/status', { ...S.admin, headers: { 'If-Match': etag },
		body: { rule: f.rule, target: f.target, status: 'open', reason: '검토 중' } });
	assert.equal(st.status, 200, st.text);
	assert.equal(sqlite('select count(*) from image'), '1', 'a status write keeps the image\'s record');
	assert.equal(checkJson(db), withImage, 'the image with the status after it gives the same findings');
});

test('the edit form takes a figure as check and the report describe it', async () => {
	const was = await state();
	const post = (ref, value, etag) => req('POST', '/edit', { cookie: S.own.cookie, type: 'application/x-www-form-urlencoded',
		body: new URLSearchParams({ csrf: S.own.csrf, revision: etag.replace(/"/g, ''), ref, value, back: 'a1-p1' }).toString() });
	// a description no figure has: 400, nothing written
	const none = await post('인력현황 표: 정원 (없는과·합계) ’22.8.29.', '33', was.etag);
	assert.equal(none.status, 400, none.text);
	assert.match(none.text, /no figure is described so/);
	assert.deepEqual(await state(), was, 'an unknown description writes nothing');
	// the where check's table prints for the figure: written, then back
	const desc = '인력현황 표: 정원 (경제정책과·합계) ’22.8.29.';
	const r = await post(desc, '33', was.etag);
	assert.equal(r.status, 303, r.text);
	const url = '/api/facts?measure=authorized&unit=econ-policy-div&member=total';
	assert.equal((await req('GET', url, { cookie: S.viewer.cookie })).json.items[0].printed, '33');
	// the 위치 the findings page shows for it, copied as it is
	const shown = (await req('GET', '/api/findings?per_page=1000', { cookie: S.viewer.cookie })).json.items
		.find((x) => x.target.startsWith('authorized{unit=econ-policy-div,job_class=total}'));
	assert.ok(shown && shown.where, 'the findings list a 위치 for the figure');
	const byPage = await post(shown.where, '32', (await state()).etag);
	assert.equal(byPage.status, 303, byPage.text);
	assert.equal((await req('GET', url, { cookie: S.viewer.cookie })).json.items[0].printed, '32');
	const back = await post(desc, '34', (await state()).etag);
	assert.equal(back.status, 303, back.text);
	assert.equal((await req('GET', url, { cookie: S.viewer.cookie })).json.items[0].printed, '34');
});

test('acknowledged: the status, its reason and its history entry', async () => {
	const acked = (await req('GET', '/api/findings?per_page=1000&status=acknowledged', { cookie: S.viewer.cookie })).json.items;
	assert.equal(acked.length, 1);
	assert.equal(acked[0].status_reason, '원문대로 인쇄됨');
	const h = (await req('GET', '/api/history?per_page=1000', { cookie: S.viewer.cookie })).json.items;
	assert.ok(h.some((e) => e.resource === 'finding_status' && e.after.status === 'acknowledged' && e.by === 'editor-econ'));
	const was = await state();
	const f = acked[0];
	isError(await req('PUT', '/api/findings/status', { ...S.own, headers: { 'If-Match': was.etag }, body: { rule: f.rule, target: f.target, status: 'acknowledged' } }), 400, 'bad_request', 'reason');
	isError(await req('PUT', '/api/findings/status', { ...S.own, headers: { 'If-Match': was.etag }, body: { rule: f.rule, target: f.target, status: 'fixed' } }), 400, 'bad_request', 'status');
	isError(await req('PUT', '/api/findings/status', { ...S.own, headers: { 'If-Match': was.etag }, body: { rule: f.rule, target: 'nowhere', status: 'open' } }), 404, 'not_found', 'target');
	assert.deepEqual(await state(), was);
	// `jipyo log` says it in words: the figure or milestone, the rule's message, the status
	// in the locale's language: Korean, then English
	const log = execFileSync(JIPYO, ['log', '--db', db], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'ko_KR.UTF-8' } });
	const lines = log.split('\n').filter((l) => l.includes('지적 상태'));
	assert.ok(lines.some((l) => /: 확인함$/.test(l)), lines.join('\n'));
	for (const l of lines)
		assert.doesNotMatch(l, /[a-z_]+=[a-z]|@\d{4}|\[[a-z0-9-]+\]|[a-z]\d-p\d|#\d|\d{4}-\d\d-\d\d/, l);
	const logEn = execFileSync(JIPYO, ['log', '--db', db], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } });
	const linesEn = logEn.split('\n').filter((l) => l.includes('finding status'));
	assert.equal(linesEn.length, lines.length, logEn);
	assert.ok(linesEn.some((l) => /: acknowledged$/.test(l)), linesEn.join('\n'));
	assert.ok(linesEn.every((l) => !/지적 상태|확인함/.test(l)), linesEn.join('\n'));
	const open = await req('PUT', '/api/findings/status', { ...S.own, headers: { 'If-Match': was.etag }, body: { rule: f.rule, target: f.target, status: 'open' } });
	assert.equal(open.status, 200, open.text);
	assert.equal((await req('GET', '/api/findings?status=acknowledged', { cookie: S.viewer.cookie })).json.total, 0);
});

// A body larger than the server takes, sent whole: the answer is read even
// when the server closes the connection after it.
function sendBig(url, who, etag, body) {
	return new Promise((resolve, reject) => {
		const u = new URL(server.base + url);
		const r = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'PUT',
			headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body),
				Cookie: who.cookie, 'X-CSRF-Token': who.csrf, 'If-Match': etag }, timeout: 10000 }, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (d) => { text += d; });
			res.on('end', () => resolve({ status: res.statusCode, text, json: JSON.parse(text) }));
		});
		r.on('error', (e) => { if (!['EPIPE', 'ECONNRESET'].includes(e.code)) reject(e); });
		r.on('timeout', () => r.destroy(new Error('timeout')));
		r.end(body);
	});
}

test('bad input: each a 4xx in the error shape, nothing written', async () => {
	const was = await state();
	const w = { ...S.own, headers: { 'If-Match': was.etag } };
	const cases = [
		[() => sendBig('/api/facts', S.own, was.etag, JSON.stringify({ key: fact, value: 'x'.repeat(70 * 1024) })), 413, 'too_large', 'body'],
		[() => req('PUT', '/api/facts', { ...w, body: '{"key":', type: 'application/json' }), 400, 'malformed_json'],
		[() => req('PUT', '/api/facts', { ...w, body: 'value=3', type: 'text/plain' }), 415, 'unsupported_media_type'],
		[() => req('PUT', '/api/facts', { ...w, body: { key: fact, value: 34 } }), 400, 'bad_request', 'value'],
		[() => req('PUT', '/api/facts', { ...w, body: { key: fact, value: '34', colour: 'red' } }), 400, 'bad_request', 'colour'],
		[() => req('PUT', '/api/facts', { ...w, body: { key: { ...fact, period: '1999' }, value: '34' } }), 404, 'not_found', 'key'],
		[() => req('PUT', '/api/facts', { ...w, body: { key: fact, value: '43억원' } }), 422, 'invalid', 'value'],
		[() => req('PUT', '/api/facts', { ...w, body: { key: fact, value: '3x4' } }), 422, 'invalid', 'value'],
		[() => req('PUT', '/api/milestones/nope/1', { ...w, body: { status: 'done' } }), 404, 'not_found', 'key'],
		[() => req('PUT', MILESTONE, { ...w, body: { status: 'finished' } }), 422, 'invalid', 'value'],
		[() => req('PUT', MILESTONE, { ...w, body: { status_as_of: '2022-02-30' } }), 422, 'invalid', 'value'],
		[() => req('PUT', MILESTONE, { ...w, body: {} }), 400, 'bad_request', 'status'],
		[() => req('PUT', TEXT, { ...w, body: { text: ['a'] } }), 400, 'bad_request', 'text'],
		[() => req('PUT', '/api/facts', { ...S.own, headers: { 'If-Match': '"1"' }, body: { key: fact, value: '34' } }), 412, 'precondition_failed', 'If-Match'],
		[() => req('PUT', '/api/facts', { ...S.own, headers: { 'If-Match': 'yesterday' }, body: { key: fact, value: '34' } }), 412, 'precondition_failed', 'If-Match'],
		[() => req('PUT', '/api/facts', { ...S.own, body: { key: fact, value: '34' } }), 428, 'precondition_required', 'If-Match'],
		[() => req('PUT', '/api/facts', { cookie: S.own.cookie, headers: { 'If-Match': was.etag }, body: { key: fact, value: '34' } }), 403, 'csrf', 'csrf'],
		[() => req('PUT', TEXT, { ...S.other, headers: { 'If-Match': was.etag }, body: { text: 'x' } }), 403, 'forbidden', 'key'],
	];
	for (const [run, status, code, field] of cases) {
		isError(await run(), status, code, field);
		assert.deepEqual(await state(), was, code + ': nothing written');
	}
	// a form without its CSRF token
	const form = await req('POST', '/edit', { cookie: S.own.cookie, type: 'application/x-www-form-urlencoded',
		body: new URLSearchParams({ revision: was.etag.replace(/"/g, ''), ref: factRef, value: '33', back: 'a5-p2' }).toString() });
	assert.equal(form.status, 403);
	// another division's figure through the form: refused with a page
	const other = await req('POST', '/edit', { cookie: S.other.cookie, type: 'application/x-www-form-urlencoded',
		body: new URLSearchParams({ csrf: S.other.csrf, revision: was.etag.replace(/"/g, ''), ref: factRef, value: '33', back: 'a1-p1' }).toString() });
	assert.equal(other.status, 403);
	assert.match(other.text, /다른 부서/);
	assert.deepEqual(await state(), was, 'forms: nothing written');
});

test('concurrent writers: one of ten with the same ETag wins; another process is caught by the revision', async () => {
	const was = await state();
	const url = '/api/facts?measure=authorized&unit=econ-policy-div&member=total';
	assert.equal((await req('GET', url, { cookie: S.viewer.cookie })).json.items[0].printed, '34', 'read (and kept) before');
	const all = await Promise.all(Array.from({ length: 10 }, (_, i) =>
		req('PUT', '/api/facts', { ...S.own, headers: { 'If-Match': was.etag }, body: { key: fact, value: String(30 + i) } })));
	assert.equal(all.filter((r) => r.status === 200).length, 1, all.map((r) => r.status).join(' '));
	for (const r of all.filter((x) => x.status !== 200)) isError(r, 412, 'precondition_failed');
	const won = JSON.parse(all.find((r) => r.status === 200).text).after.printed;
	assert.equal((await req('GET', url, { cookie: S.viewer.cookie })).json.items[0].printed, won, 'a kept read shows the write');
	const mid = await state();
	assert.equal(mid.entries, was.entries + 1);
	// another process writes the store behind the server's back
	const set = spawnSync(JIPYO, ['set', '--db', db, factRef, '34', '--by', 'cli-user'], { encoding: 'utf8' });
	assert.ok(set.status === 0 || set.status === 1, set.stderr);
	isError(await req('PUT', '/api/facts', { ...S.own, headers: { 'If-Match': mid.etag }, body: { key: fact, value: '34' } }), 412, 'precondition_failed');
	const now = await state();
	assert.equal(now.entries, mid.entries + 1, 'only the other process\'s entry');
	assert.equal(now.last.by, 'cli-user');
	assert.notEqual(now.etag, mid.etag, 'the server reads the store\'s revision again');
	const r = await req('PUT', '/api/facts', { ...S.own, headers: { 'If-Match': now.etag }, body: { key: fact, value: '34' } });
	assert.equal(r.status, 200, r.text);
});

test('kill -9 after 100 acknowledged writes: all 100 there, the chain intact', async () => {
	let { etag, entries } = await state();
	for (let i = 0; i < 100; i++) {
		const r = await req('PUT', '/api/facts', { ...S.own, headers: { 'If-Match': etag }, body: { key: fact, value: String(i % 2 ? 34 : 35), reason: 'kill test ' + i } });
		assert.equal(r.status, 200, r.text);
		etag = r.headers.get('etag');
	}
	server.proc.kill('SIGKILL');
	await new Promise((res) => server.proc.on('exit', res));
	server = await lib.serve(JIPYO, db, [], {});
	const admin = await login('admin', ADMIN_PW);
	S.admin = admin;
	const h = (await req('GET', '/api/history?per_page=1000', { cookie: admin.cookie })).json;
	assert.equal(h.total, entries + 100);
	for (let i = 0; i < 100; i++) assert.equal(h.items[99 - i].reason, 'kill test ' + i);
	assert.equal((await req('GET', '/api/report', { cookie: admin.cookie })).headers.get('etag'), etag);
	const v = spawnSync(JIPYO, ['audit', 'verify', '--db', db], { encoding: 'utf8' });
	assert.equal(v.status, 0, v.stdout + v.stderr);
	assert.match(v.stdout + v.stderr, /chain intact/);
});
