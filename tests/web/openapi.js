// Every API answer checked against docs/openapi.yaml: the document itself
// by @seriousme/openapi-schema-validator (the OpenAPI 3.1 schema), each
// response body by Ajv's JSON Schema 2020-12 (the dialect of OpenAPI 3.1)
// against the operation's schema for its status (or `default`).
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const Ajv2020 = require('ajv/dist/2020').default;
const { Validator } = require('@seriousme/openapi-schema-validator');

const FILE = path.resolve(__dirname, '..', '..', 'docs', 'openapi.yaml');
const doc = YAML.parse(fs.readFileSync(FILE, 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
ajv.addSchema(doc, 'openapi');

// Templates with fewer parameters first, so /api/findings/status is not {id}.
const templates = Object.keys(doc.paths)
	.sort((a, b) => (a.match(/\{/g) || []).length - (b.match(/\{/g) || []).length)
	.map((t) => ({ t, re: new RegExp('^' + t.replace(/\{[^}]+\}/g, '[^/]+') + '$') }));

const esc = (s) => s.replace(/~/g, '~0').replace(/\//g, '~1');
let checked = 0;

async function validateDocument() {
	const r = await new Validator().validate(FILE);
	assert.equal(r.valid, true, 'openapi.yaml is valid OpenAPI 3.1: ' + JSON.stringify(r.errors));
}

// Checks one answer; throws with the validator's errors when it does not fit.
function validate(method, url, status, contentType, text) {
	const p = new URL(url, 'http://x').pathname;
	if (!p.startsWith('/api/') || status === 304 || method === 'HEAD') return;
	const hit = templates.find((x) => x.re.test(p));
	const op = hit && doc.paths[hit.t][method.toLowerCase()];
	let pointer;
	if (!op) {
		// an address or method the API does not have: the error shape
		assert.ok(status >= 400, method + ' ' + p + ' answered ' + status + ' but is not in openapi.yaml');
		pointer = '/components/schemas/Error';
	} else {
		const key = op.responses[String(status)] ? String(status) : 'default';
		let resp = op.responses[key];
		assert.ok(resp, method + ' ' + hit.t + ': status ' + status + ' is not in openapi.yaml');
		let base = '/paths/' + esc(hit.t) + '/' + method.toLowerCase() + '/responses/' + key;
		if (resp.$ref) {
			base = resp.$ref.slice(1);
			resp = base.split('/').slice(1).reduce((o, k) => o[k], doc);
		}
		const type = (contentType || '').split(';')[0].trim();
		if (!resp.content) {
			assert.equal(text, '', method + ' ' + hit.t + ' ' + status + ': no body documented');
			checked++;
			return;
		}
		assert.ok(resp.content[type], method + ' ' + hit.t + ' ' + status + ': content type ' + type + ' not documented');
		if (type !== 'application/json' || !resp.content[type].schema) { checked++; return; }
		pointer = base + '/content/' + esc(type) + '/schema';
	}
	const v = ajv.getSchema('openapi#' + pointer);
	const body = JSON.parse(text);
	assert.ok(v(body), method + ' ' + p + ' ' + status + ' does not fit openapi.yaml: ' +
		JSON.stringify(v.errors).slice(0, 600) + ' body ' + text.slice(0, 300));
	checked++;
}

module.exports = { validate, validateDocument, checkedCount: () => checked };
