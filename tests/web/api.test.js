// API tests of `jipyo serve`: the seed served on an ephemeral loopback port,
// every endpoint, the role matrix, refused writes and bad input. Bounded:
// a few hundred requests, each with a timeout; servers are stopped with
// SIGTERM and must exit 0.
//
//   JIPYO=build/jipyo node --test tests/web/api.test.js
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync, spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const lib = require('./lib');
const openapi = require('./openapi');

const ROOT = path.resolve(__dirname, '..', '..');
const JIPYO = path.resolve(ROOT, process.env.JIPYO || 'build/jipyo');
const SEED = path.join(ROOT, 'data', 'seoul-econ-2022');
const ADMIN_PW = 'admin-pass-123';
const PW = 'user-pass-123';

let tmp, db, server, base, pub;

const serve = (args) => lib.serve(JIPYO, db, args, { JIPYO_ADMIN_PASSWORD: ADMIN_PW });
const { stop, isError } = lib;
const req = (method, url, opts = {}) => lib.req(opts.raw || base, method, url, opts);

async function login(name, password, srv) {
	const r = await req('POST', '/api/session', { body: { name, password }, raw: srv });
	assert.equal(r.status, 201, r.text);
	const cookie = r.headers.get('set-cookie').split(';')[0];
	return { cookie, csrf: r.json.csrf };
}

const S = {}; // sessions by role

before(async () => {
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jipyo-web-'));
	db = path.join(tmp, 'seed.db');
	execFileSync(JIPYO, ['import', SEED, '--db', db], { stdio: 'pipe' });
	const add = (name, role, unit) => execFileSync(JIPYO,
		['user', 'add', name, '--role', role, ...(unit ? ['--unit', unit] : []), '--db', db],
		{ env: { ...process.env, JIPYO_PASSWORD: PW }, stdio: 'pipe' });
	// the first admin is made by serve; add the others after it exists
	server = await serve([]);
	base = server.base;
	add('planner1', 'planner');
	add('editor1', 'editor', 'jobs-policy-div');
	add('viewer1', 'viewer');
	add('gone', 'viewer');
	execFileSync(JIPYO, ['user', 'disable', 'gone', '--db', db], { stdio: 'pipe' });
	S.admin = await login('admin', ADMIN_PW);
	S.planner = await login('planner1', PW);
	S.editor = await login('editor1', PW);
	S.viewer = await login('viewer1', PW);
});

after(async () => {
	if (server) assert.equal(await stop(server), 0, 'SIGTERM ends the server with 0');
	if (pub) await stop(pub);
	if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
	assert.ok(openapi.checkedCount() > 100, 'API answers checked against openapi.yaml: ' + openapi.checkedCount());
});

test('openapi.yaml is served as written, and lists every API path tested', async () => {
	const r = await req('GET', '/api/openapi.yaml');
	assert.equal(r.status, 200);
	const doc = fs.readFileSync(path.join(ROOT, 'docs', 'openapi.yaml'), 'utf8');
	assert.equal(r.text, doc);
	assert.match(doc, /^openapi: 3\.1\.0$/m);
	for (const p of ['/api/session', '/api/units', '/api/units/{id}', '/api/nodes', '/api/nodes/{id}',
		'/api/measures', '/api/measures/{id}', '/api/dimensions', '/api/dimensions/{id}',
		'/api/facts', '/api/findings', '/api/report', '/api/users'])
		assert.ok(doc.includes('  ' + p + ':'), p);
	await openapi.validateDocument();
	const py = spawnSync('python3', ['-c', 'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); ' +
		'assert d["openapi"] == "3.1.0" and len(d["paths"]) >= 13', path.join(ROOT, 'docs', 'openapi.yaml')]);
	if (py.status !== null && !String(py.stderr).includes('ModuleNotFoundError'))
		assert.equal(py.status, 0, 'openapi.yaml parses as YAML: ' + py.stderr);
});

test('nobody logged in: API 401 in the error shape, pages go to the login', async () => {
	isError(await req('GET', '/api/units'), 401, 'unauthorized');
	const r = await req('GET', '/');
	assert.equal(r.status, 303);
	assert.equal(r.headers.get('location'), '/login');
	assert.equal((await req('GET', '/login')).status, 200);
	assert.equal((await req('GET', '/static/app.css')).status, 200);
	const s = await req('GET', '/api/session');
	assert.equal(s.status, 200);
	assert.equal(s.json.user, null);
});

test('login: wrong password, disabled user, unknown user refused; cookie HttpOnly SameSite=Strict', async () => {
	isError(await req('POST', '/api/session', { body: { name: 'viewer1', password: 'wrong-pass' } }), 401, 'bad_credentials');
	isError(await req('POST', '/api/session', { body: { name: 'gone', password: PW } }), 401, 'bad_credentials');
	isError(await req('POST', '/api/session', { body: { name: 'nobody', password: PW } }), 401, 'bad_credentials');
	isError(await req('POST', '/api/session', { body: { name: 'viewer1' } }), 400, 'bad_request', 'password');
	const r = await req('POST', '/api/session', { body: { name: 'viewer1', password: PW } });
	assert.equal(r.status, 201);
	const c = r.headers.get('set-cookie');
	assert.match(c, /jipyo_session=[0-9a-f]{64}/);
	assert.match(c, /HttpOnly/);
	assert.match(c, /SameSite=Strict/);
	assert.doesNotMatch(c, /Secure/);
	assert.equal(r.json.user.role, 'viewer');
	// behind a TLS proxy the cookie is Secure
	const t = await req('POST', '/api/session', { body: { name: 'viewer1', password: PW }, headers: { 'X-Forwarded-Proto': 'https' } });
	assert.match(t.headers.get('set-cookie'), /; Secure/);
	const me = await req('GET', '/api/session', { cookie: S.viewer.cookie });
	assert.equal(me.json.user.name, 'viewer1');
	assert.equal(me.json.csrf, S.viewer.csrf);
});

test('every read endpoint, for every role', async () => {
	for (const role of ['viewer', 'editor', 'planner', 'admin']) {
		const c = S[role].cookie;
		for (const url of ['/api/units', '/api/nodes', '/api/measures', '/api/dimensions', '/api/facts', '/api/findings']) {
			const r = await req('GET', url, { cookie: c });
			assert.equal(r.status, 200, role + ' ' + url + ' ' + r.text);
			assert.match(r.headers.get('content-type'), /application\/json/);
			assert.deepEqual(Object.keys(r.json).sort(), ['items', 'page', 'per_page', 'total']);
			assert.ok(r.json.total > 0 && r.json.items.length > 0, url);
		}
		for (const url of ['/api/units/jobs-policy-div', '/api/nodes/a1-p1', '/api/measures/authorized',
			'/api/dimensions/job_class', '/api/report'])
			assert.equal((await req('GET', url, { cookie: c })).status, 200, role + ' ' + url);
		for (const url of ['/', '/divisions/jobs-policy-div', '/programs/a1-p1', '/findings'])
			assert.equal((await req('GET', url, { cookie: c })).status, 200, role + ' ' + url);
	}
});

test('one unit, node, measure, dimension: the row with what belongs to it', async () => {
	const c = S.viewer.cookie;
	const u = (await req('GET', '/api/units/jobs-policy-div', { cookie: c })).json;
	assert.equal(u.name_ko, '일자리정책과');
	assert.ok(u.functions.length > 0);
	const n = (await req('GET', '/api/nodes/a1-p1', { cookie: c })).json;
	assert.equal(n.kind, 'program');
	assert.ok(n.fields.length > 0 && n.texts.length > 0 && n.milestones.length > 0);
	const d = (await req('GET', '/api/dimensions/job_class', { cookie: c })).json;
	assert.ok(d.members.some((m) => m.id === 'total'));
	const m = (await req('GET', '/api/measures/authorized', { cookie: c })).json;
	assert.equal(m.name_ko, '정원');
	const rep = (await req('GET', '/api/report', { cookie: c })).json;
	assert.equal(rep.as_of, '2022-08-29');
	assert.ok(rep.errors > 0);
	const md = await req('GET', '/api/report?format=md', { cookie: c });
	assert.match(md.headers.get('content-type'), /text\/markdown/);
	const html = await req('GET', '/api/report?format=html', { cookie: c });
	assert.match(html.text, /^<!DOCTYPE html>/);
	isError(await req('GET', '/api/report?format=pdf', { cookie: c }), 400, 'bad_request', 'format');
});

test('pagination', async () => {
	const c = S.viewer.cookie;
	const all = (await req('GET', '/api/units?per_page=1000', { cookie: c })).json;
	const p2 = (await req('GET', '/api/units?per_page=2&page=2', { cookie: c })).json;
	assert.equal(p2.page, 2);
	assert.equal(p2.per_page, 2);
	assert.equal(p2.total, all.total);
	assert.deepEqual(p2.items, all.items.slice(2, 4));
	const past = (await req('GET', '/api/units?page=999', { cookie: c })).json;
	assert.equal(past.items.length, 0);
	isError(await req('GET', '/api/units?page=0', { cookie: c }), 400, 'bad_request', 'page');
	isError(await req('GET', '/api/units?per_page=1001', { cookie: c }), 400, 'bad_request', 'per_page');
	isError(await req('GET', '/api/units?page=x', { cookie: c }), 400, 'bad_request', 'page');
});

test('facts: filters by measure, member, period, kind, unit, table', async () => {
	const c = S.viewer.cookie;
	const get = async (q) => (await req('GET', '/api/facts?per_page=1000&' + q, { cookie: c })).json.items;
	const a = await get('measure=authorized');
	assert.ok(a.length > 0 && a.every((f) => f.key.measure === 'authorized'));
	assert.ok(a.every((f) => f.period_ko === '’22.8.29.'), 'a label beside the ISO period');
	const t = await get('measure=authorized&member=total');
	assert.ok(t.length > 0 && t.every((f) => f.key.coords.job_class === 'total'));
	const u = await get('unit=jobs-policy-div');
	assert.ok(u.length > 0 && u.every((f) => f.owner === 'jobs-policy-div'));
	const p = await get('period=2022-08-29&kind=actual&table=budget');
	assert.ok(p.length > 0 && p.every((f) => f.key.period === '2022-08-29' && f.key.kind === 'actual' && f.key.table === 'budget'));
	assert.equal((await get('kind=nonsense')).length, 0);
	isError(await req('GET', '/api/facts?measure=nonsense', { cookie: c }), 400, 'bad_request', 'measure');
	isError(await req('GET', '/api/facts?unit=nonsense', { cookie: c }), 400, 'bad_request', 'unit');
});

test('findings: filters by unit and severity, in the table\'s terms', async () => {
	const c = S.viewer.cookie;
	const all = (await req('GET', '/api/findings?per_page=1000', { cookie: c })).json;
	const errs = (await req('GET', '/api/findings?per_page=1000&severity=error', { cookie: c })).json;
	assert.ok(errs.items.length > 0 && errs.items.every((f) => f.severity === 'error'));
	assert.ok(errs.total < all.total);
	const mine = (await req('GET', '/api/findings?per_page=1000&unit=econ-policy-div', { cookie: c })).json;
	assert.ok(mine.items.length > 0 && mine.items.every((f) => f.unit === 'econ-policy-div'));
	for (const f of all.items) {
		assert.ok(f.where.length > 0);
		assert.doesNotMatch(f.where, /\d{4}-\d{2}|[{}=@]/, 'labels, not ids: ' + f.where);
	}
	isError(await req('GET', '/api/findings?severity=fatal', { cookie: c }), 400, 'bad_request', 'severity');
});

test('ETag is the revision; If-None-Match answers 304', async () => {
	const c = S.viewer.cookie;
	const r = await req('GET', '/api/units', { cookie: c });
	const etag = r.headers.get('etag');
	assert.match(etag, /^"[0-9]+"$/);
	const again = await req('GET', '/api/units', { cookie: c, headers: { 'If-None-Match': etag } });
	assert.equal(again.status, 304);
	assert.equal(again.text, '');
	assert.equal((await req('GET', '/api/units', { cookie: c, headers: { 'If-None-Match': '"other"' } })).status, 200);
	assert.equal((await req('GET', '/api/findings', { cookie: c })).headers.get('etag'), etag);
});

test('unknown id, route, method and parameter: 4xx in the error shape', async () => {
	const c = S.viewer.cookie;
	for (const url of ['/api/units/nope', '/api/nodes/nope', '/api/measures/nope', '/api/dimensions/nope'])
		isError(await req('GET', url, { cookie: c }), 404, 'not_found', 'id');
	isError(await req('GET', '/api/nope', { cookie: c }), 404, 'not_found');
	isError(await req('GET', '/api/units/a/b', { cookie: c }), 404, 'not_found');
	const m = await req('DELETE', '/api/units', { cookie: c });
	isError(m, 405, 'method_not_allowed');
	assert.match(m.headers.get('allow'), /GET/);
	isError(await req('GET', '/api/units?sort=name', { cookie: c }), 400, 'bad_request', 'sort');
	isError(await req('GET', '/api/units?page=1&page=2', { cookie: c }), 400, 'bad_request', 'page');
	isError(await req('GET', '/api/units/%zz', { cookie: c }), 400, 'bad_request', 'uri');
	const page = await req('GET', '/nope', { cookie: c });
	assert.equal(page.status, 404);
	assert.match(page.headers.get('content-type'), /text\/html/);
	assert.equal((await req('GET', '/?as_of=yesterday', { cookie: c })).status, 400);
	// what the address says is escaped where a page repeats it
	const xss = await req('GET', '/nope%22%3E%3Cb%3Einjected', { cookie: c });
	assert.equal(xss.status, 404);
	assert.doesNotMatch(xss.text, /<b>injected/);
	assert.equal((await req('GET', '/divisions/nope', { cookie: c })).status, 404);
	assert.equal((await req('GET', '/programs/nope', { cookie: c })).status, 404);
});

// Users before and after a refused write: nothing written.
async function users() {
	return (await req('GET', '/api/users', { cookie: S.admin.cookie })).json.items.map((u) => u.name).sort();
}

test('role matrix: users (admin only) and CSRF on cookie writes', async () => {
	for (const role of ['viewer', 'editor', 'planner'])
		isError(await req('GET', '/api/users', { cookie: S[role].cookie }), 403, 'forbidden');
	const before = await users();
	const nu = { name: 'new1', role: 'viewer', password: PW };
	for (const role of ['viewer', 'editor', 'planner'])
		isError(await req('POST', '/api/users', { ...S[role], body: nu }), 403, 'forbidden');
	isError(await req('POST', '/api/users', { cookie: S.admin.cookie, body: nu }), 403, 'csrf', 'csrf');
	isError(await req('POST', '/api/users', { cookie: S.admin.cookie, csrf: S.viewer.csrf, body: nu }), 403, 'csrf');
	isError(await req('POST', '/api/users', { ...S.admin, body: { ...nu, role: 'god' } }), 400, 'bad_request', 'role');
	isError(await req('POST', '/api/users', { ...S.admin, body: { ...nu, role: 'editor' } }), 400, 'bad_request', 'unit');
	isError(await req('POST', '/api/users', { ...S.admin, body: { ...nu, password: 'short' } }), 400, 'bad_request', 'password');
	isError(await req('POST', '/api/users', { ...S.admin, body: '{"name":', type: 'application/json' }), 400, 'malformed_json');
	isError(await req('POST', '/api/users', { ...S.admin, body: 'name=x', type: 'text/plain' }), 415, 'unsupported_media_type');
	assert.deepEqual(await users(), before, 'nothing written by a refused request');
	const ok = await req('POST', '/api/users', { ...S.admin, body: nu });
	assert.equal(ok.status, 201, ok.text);
	isError(await req('POST', '/api/users', { ...S.admin, body: nu }), 409, 'conflict', 'name');
	assert.deepEqual(await users(), [...before, 'new1'].sort());
	await login('new1', PW);
});

const otherFact = { measure: 'authorized', coords: { unit: 'econ-policy-div', job_class: 'total' }, period: '2022-08-29', kind: 'actual', table: 'staffing' };
const ownFact = { ...otherFact, coords: { unit: 'jobs-policy-div', job_class: 'total' } };

test('role matrix: a figure\'s edit refused before the store (the writes themselves: write.test.js)', async () => {
	const body = (key) => ({ key, value: '1' });
	isError(await req('PUT', '/api/facts', { ...S.viewer, body: body(ownFact) }), 403, 'forbidden');
	isError(await req('PUT', '/api/facts', { ...S.editor, body: body(otherFact) }), 403, 'forbidden', 'key');
	isError(await req('PUT', '/api/facts', { cookie: S.editor.cookie, body: body(ownFact) }), 403, 'csrf');
	isError(await req('PUT', '/api/facts', { ...S.editor, body: body({ ...ownFact, kind: 'plan' }) }), 404, 'not_found', 'key');
	isError(await req('PUT', '/api/facts', { ...S.editor, body: { key: ownFact } }), 400, 'bad_request', 'value');
	isError(await req('PUT', '/api/facts', { ...S.editor, body: { key: ownFact, value: 12 } }), 400, 'bad_request', 'value');
	isError(await req('PUT', '/api/facts', { ...S.editor, body: '[1,', type: 'application/json' }), 400, 'malformed_json');
	isError(await req('PUT', '/api/facts', { ...S.editor, body: '{"a":1,"a":2}', type: 'application/json' }), 400, 'malformed_json');
	// allowed, but without If-Match: 428, nothing written
	isError(await req('PUT', '/api/facts', { ...S.editor, body: body(ownFact) }), 428, 'precondition_required', 'If-Match');
	isError(await req('PUT', '/api/facts', { ...S.planner, body: body(otherFact) }), 428, 'precondition_required', 'If-Match');
	const after = (await req('GET', '/api/facts?measure=authorized&unit=jobs-policy-div&member=total', { cookie: S.viewer.cookie })).json.items;
	assert.ok(after.every((f) => f.value !== '1'), 'nothing written');
});

// A request whose body the server may refuse before reading it all: the
// answer is read even when the server then closes the connection.
function sendBig(method, url, session, body) {
	return new Promise((resolve, reject) => {
		const u = new URL(base + url);
		const r = http.request({ host: u.hostname, port: u.port, path: u.pathname, method,
			headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body),
				Cookie: session.cookie, 'X-CSRF-Token': session.csrf }, timeout: 10000 }, (res) => {
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

test('an oversized body: 413 before it is read, nothing written', async () => {
	const big = JSON.stringify({ key: ownFact, value: 'x'.repeat(70 * 1024) });
	isError(await sendBig('PUT', '/api/facts', S.editor, big), 413, 'too_large', 'body');
	const before = await users();
	isError(await sendBig('POST', '/api/users', S.admin, big), 413, 'too_large');
	assert.deepEqual(await users(), before);
});

// A GET with the given headers over a connection of its own; the answer is
// read even when the server closes the connection after it.
function getWith(url, headers) {
	return new Promise((resolve, reject) => {
		const u = new URL(base + url);
		const r = http.get({ host: u.hostname, port: u.port, path: u.pathname, headers, timeout: 10000 }, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (d) => { text += d; });
			res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
		});
		r.on('error', (e) => { if (!['EPIPE', 'ECONNRESET'].includes(e.code)) reject(e); });
		r.on('timeout', () => r.destroy(new Error('timeout')));
	});
}

test('request headers over 16 KiB: 431, in the error shape or as a page', async () => {
	const c = S.viewer.cookie;
	const pad = (n) => ({ 'X-Pad': 'a'.repeat(n) });
	assert.equal((await req('GET', '/api/units', { cookie: c, headers: pad(15 * 1024) })).status, 200);
	isError(await req('GET', '/api/units', { cookie: c, headers: pad(17 * 1024) }), 431, 'header_too_large', 'header');
	const page = await req('GET', '/', { cookie: c, headers: pad(17 * 1024) });
	assert.equal(page.status, 431);
	assert.match(page.headers.get('content-type'), /text\/html/);
	assert.match(page.text, /16384/);
	// far over what the server reads of a request: 431 all the same (libmicrohttpd's own)
	const huge = await getWith('/', { Cookie: c, ...pad(64 * 1024) });
	assert.equal(huge.status, 431);
	assert.equal((await req('GET', '/api/units', { cookie: c })).status, 200, 'and the server goes on');
});

test('the access log is written in blocks, at least once a second', async () => {
	const url = '/api/units?per_page=7&page=' + (1000 + Math.floor(Math.random() * 1000));
	assert.equal((await req('GET', url, { cookie: S.viewer.cookie })).status, 200);
	const line = new RegExp('"GET ' + url.replace(/[?.]/g, '\\$&') + '" 200 \\d+ \\d+\\.\\d\\dms\\n');
	const t0 = Date.now();
	while (!line.test(server.log) && Date.now() - t0 < 5000)
		await new Promise((r) => setTimeout(r, 50));
	assert.match(server.log, line, 'the line of a request, on a running server');
	assert.ok(Date.now() - t0 < 2500, 'written within about a second: ' + (Date.now() - t0) + ' ms');
	assert.match(server.log, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ 127\.0\.0\.1 viewer1 "GET \/api\/units\?per_page=7/m);
});

test('pages: Korean with an English toggle, labels and dates as printed, no ISO dates in the text', async () => {
	const c = S.viewer.cookie;
	for (const url of ['/', '/divisions/jobs-policy-div', '/programs/a1-p1', '/findings', '/findings?unit=econ-policy-div&severity=error']) {
		const r = await req('GET', url, { cookie: c });
		assert.equal(r.status, 200, url);
		assert.match(r.text, /<html lang="ko">/);
		const visible = r.text.replace(/<[^>]*>/g, ' ');
		assert.doesNotMatch(visible, /\b\d{4}-\d{2}-\d{2}\b/, url + ': an ISO date in the text');
		assert.doesNotMatch(visible, /\bjobs-policy-div\b|\bstaffing\b/, url + ': an id in the text');
	}
	// figures in findings as people print them: no unrounded quotient (4.340473506200)
	const fpage = await req('GET', '/findings', { cookie: c });
	assert.doesNotMatch(fpage.text.replace(/<[^>]*>/g, ' '), /\d\.\d{6,}/, 'an unrounded number on the findings page');
	assert.match(fpage.text, /4\.34/);
	const dash = await req('GET', '/', { cookie: c });
	assert.match(dash.text, /<svg[^>]*role="img"/);
	assert.match(dash.text, /’22\.8\.29\./);
	assert.match(dash.text, /name="csrf" value="[0-9a-f]{64}"/, 'the logout form carries the CSRF token');
	const en = await req('GET', '/?lang=en', { cookie: c });
	assert.match(en.text, /<html lang="en">/);
	assert.match(en.headers.get('set-cookie'), /jipyo_lang=en/);
	isError(await req('GET', '/api/units?lang=en', { cookie: c }), 400, 'bad_request', 'lang');
	const prog = await req('GET', '/programs/a1-p1', { cookie: c });
	assert.match(prog.text, /class="chart timeline"/);
	// a program whose section prints a table (the fund's): drawn as the report draws it
	const fund = await req('GET', '/programs/a2-p5', { cookie: c });
	assert.match(fund.text, /<table/);
	assert.match(fund.text, /미래혁신성장펀드 조성 및 운영성과/);
});

test('the budget execution page: the ledger imported while serving, as the CLI reports it, bad parameters refused', async () => {
	const c = S.viewer.cookie;
	const none = await req('GET', '/ledger', { cookie: c });
	assert.equal(none.status, 200, none.text);
	assert.match(none.text, /집행 원장이 없습니다/);
	assert.equal((await req('GET', '/ledger')).status, 303, 'nobody logged in: to the login');
	// the synthetic ledger of the seed's office, imported while the server runs
	const csv = path.join(tmp, 'l22.csv');
	fs.writeFileSync(csv, execFileSync('python3', [path.join(ROOT, 'scripts', 'ledger_seed.py'), SEED]));
	execFileSync(JIPYO, ['ledger', 'import', csv, '--db', db], { stdio: 'pipe' });
	const r = await req('GET', '/ledger', { cookie: c });
	assert.equal(r.status, 200, r.text);
	assert.match(r.text, /<svg[^>]*role="img"/, 'the monitoring chart');
	assert.match(r.text, /’22\.8\.29\./, 'as of the budget table\'s day by default');
	const visible = r.text.replace(/<[^>]*>/g, ' ');
	assert.doesNotMatch(visible, /\b\d{4}-\d{2}-\d{2}\b/, 'an ISO date in the text');
	assert.doesNotMatch(visible, /\bjobs-policy-div\b|\bh1:60\b/, 'an id or a code in the text');
	// every row of `ledger report` and `ledger monitor`, with its figures, on the page
	const cells = (line) => line.split('|').slice(1, -1).map((x) => x.trim());
	const cli = (args) => execFileSync(JIPYO, ['ledger', ...args, '--db', db, '--as-of', '2022-08-29'], { encoding: 'utf8' });
	const rowsOf = (html) => [...html.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map((m) =>
		[...m[1].matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((x) => x[1].replace(/<[^>]*>/g, '').trim()));
	const pageRows = rowsOf(r.text);
	const reportRows = cli(['report']).split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| 부서'));
	assert.ok(reportRows.length >= 10, reportRows.join('\n'));
	for (const line of reportRows)
		assert.ok(pageRows.some((row) => row.join('|') === cells(line).join('|')), 'the report\'s row on the page: ' + line);
	const monitorRows = cli(['monitor']).split('\n').filter((l) => /^\| .* \| -?\d/.test(l));
	assert.ok(monitorRows.length >= 10, monitorRows.join('\n'));
	for (const line of monitorRows) {
		const [label, rate, target, gap] = cells(line);
		assert.ok(pageRows.some((row) => row[0] === label && row[1] === rate && row[2] === target && row[3] === gap),
			'the monitor\'s row on the page: ' + line);
	}
	const behind = monitorRows.filter((l) => /미달/.test(l)).length;
	assert.match(r.text, new RegExp(`${monitorRows.length}곳 가운데 ${behind}곳이 목표에 못 미칩니다`));
	// by program, a straight line, in English: divisions by their English names
	const p = await req('GET', '/ledger?as_of=2022-08-29&target=linear&by=program', { cookie: c });
	assert.equal(p.status, 200);
	assert.match(p.text, /직선 straight line/);
	assert.match(p.text, /<th scope="col">사업<\/th>/);
	const en = await req('GET', '/ledger?lang=en', { cookie: c });
	assert.match(en.text, /Execution against the target/);
	assert.match(en.text, /<th scope="row">Jobs Policy Division<\/th>/);
	// bad parameters: a 400 page naming the field, nothing else
	for (const [q, field] of [['as_of=2022-13-01', 'as_of'], ['as_of=22.8.29', 'as_of'], ['target=h1:abc', 'target'],
		['target=fast', 'target'], ['by=team', 'by'], ['bogus=1', 'bogus']]) {
		const b = await req('GET', '/ledger?' + q, { cookie: c });
		assert.equal(b.status, 400, q + ': ' + b.status);
	}
});

test('logout without the CSRF token is refused; with it the session ends', async () => {
	const s = await login('viewer1', PW);
	isError(await req('DELETE', '/api/session', { cookie: s.cookie }), 403, 'csrf');
	const form = await req('POST', '/logout', { cookie: s.cookie, body: 'csrf=' + '0'.repeat(64), type: 'application/x-www-form-urlencoded' });
	assert.equal(form.status, 403);
	assert.equal((await req('GET', '/api/units', { cookie: s.cookie })).status, 200);
	assert.equal((await req('DELETE', '/api/session', s)).status, 204);
	isError(await req('GET', '/api/units', { cookie: s.cookie }), 401, 'unauthorized');
});

test('--public: anybody reads, nobody writes; login is throttled', async () => {
	pub = await serve(['--public']);
	const p = pub.base;
	assert.equal((await req('GET', '/api/units', { raw: p })).status, 200);
	assert.equal((await req('GET', '/', { raw: p })).status, 200);
	assert.equal((await req('GET', '/findings', { raw: p })).status, 200);
	isError(await req('PUT', '/api/facts', { raw: p, body: { key: ownFact, value: '1' } }), 401, 'unauthorized');
	isError(await req('GET', '/api/users', { raw: p }), 401, 'unauthorized');
	for (let i = 0; i < 5; i++)
		isError(await req('POST', '/api/session', { raw: p, body: { name: 'viewer1', password: 'wrong-' + i } }), 401, 'bad_credentials');
	const r = await req('POST', '/api/session', { raw: p, body: { name: 'viewer1', password: PW } });
	isError(r, 429, 'too_many_attempts');
	assert.ok(Number(r.headers.get('retry-after')) > 0);
	assert.equal(await stop(pub), 0);
	assert.match(pub.log, /"GET \/api\/units" 200 /, 'the access log has a line per request');
	pub = null;
});
