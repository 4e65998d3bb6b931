// What the web tests share: a server on an ephemeral loopback port, requests
// whose API answers are checked against docs/openapi.yaml, the error shape.
'use strict';
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const openapi = require('./openapi');

// Starts `jipyo serve` on 127.0.0.1:0; resolves with {proc, base, log}.
function serve(JIPYO, db, args, env = {}) {
	return new Promise((resolve, reject) => {
		const proc = spawn(JIPYO, ['serve', '--db', db, '--listen', '127.0.0.1:0', ...args], {
			env: { ...process.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		const s = { proc, log: '' };
		const timer = setTimeout(() => reject(new Error('server did not start: ' + out + s.log)), 20000);
		proc.stderr.on('data', (d) => { s.log += d; });
		proc.stdout.on('data', (d) => {
			out += d;
			const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\//);
			if (m && !s.base) {
				clearTimeout(timer);
				s.base = m[1];
				resolve(s);
			}
		});
		proc.on('exit', (code) => { s.code = code; if (!s.base) reject(new Error('exited ' + code + ': ' + s.log)); });
	});
}

function stop(s) {
	return new Promise((resolve) => {
		if (s.code !== undefined) return resolve(s.code);
		s.proc.on('exit', (code) => resolve(code));
		s.proc.kill('SIGTERM');
	});
}

async function req(base, method, url, { cookie, csrf, body, type, headers = {} } = {}) {
	const h = { ...headers };
	if (cookie) h.Cookie = cookie;
	if (csrf) h['X-CSRF-Token'] = csrf;
	let data = body;
	if (body !== undefined && typeof body !== 'string' && !Buffer.isBuffer(body)) {
		data = JSON.stringify(body);
		h['Content-Type'] = 'application/json';
	}
	if (type) h['Content-Type'] = type;
	const r = await fetch(base + url, {
		method, headers: h, body: data, redirect: 'manual', signal: AbortSignal.timeout(10000),
	});
	const text = await r.text();
	let json;
	try { json = JSON.parse(text); } catch { json = undefined; }
	openapi.validate(method, url, r.status, r.headers.get('content-type'), text);
	return { status: r.status, headers: r.headers, text, json };
}

// The one error shape, with the code (and field) expected.
function isError(r, status, code, field) {
	assert.equal(r.status, status, r.text);
	assert.ok(r.json && r.json.error, 'error shape: ' + r.text);
	assert.deepEqual(Object.keys(r.json.error).sort(), ['code', 'field', 'message']);
	assert.equal(r.json.error.code, code);
	assert.ok(r.json.error.message.length > 0);
	if (field !== undefined) assert.equal(r.json.error.field, field);
}

module.exports = { serve, stop, req, isError };
