/*
 * history.c - the package's revision and its hash-chained history, over
 * any backend (store.h).
 *
 * Each entry's hash is SHA-256 over the previous entry's hash (64 hex
 * digits; 64 zeros before the first) followed by the entry's canonical
 * form: "jipyo-history-1\n" and then, in this order, revision, at, by,
 * resource, key, before, after and reason, each as NAME ' ' LENGTH ':'
 * BYTES '\n' (LENGTH in decimal bytes, so no content can pass for a field
 * boundary). seq is not hashed: the order is the chain itself, as a git
 * commit names its parent. One changed byte anywhere changes every later
 * hash; docs/DESIGN.md, "The live store", says what this does and does not
 * prove.
 */
#include <jansson.h>
#include <pwd.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/msg.h"
#include "base/strmap.h"
#include "store.h"

static const char zero_hash[] = "0000000000000000000000000000000000000000000000000000000000000000";

static void canonical(const struct history_entry *e, struct buf *out)
{
	const char *names[] = {"at", "by", "resource", "key", "before", "after", "reason"};
	const char *values[] = {e->at, e->by, e->resource, e->key, e->before, e->after, e->reason};

	buf_adds(out, "jipyo-history-1\n");
	buf_addf(out, "revision %zu:%ld\n", (size_t)snprintf(NULL, 0, "%ld", e->revision),
		 e->revision);
	for (int i = 0; i < 7; i++) {
		const char *v = values[i] ? values[i] : "";
		buf_addf(out, "%s %zu:", names[i], strlen(v));
		buf_adds(out, v);
		buf_addc(out, '\n');
	}
}

/* hex SHA-256 of prev (hex) and e's canonical form */
static void entry_hash(const struct history_entry *e, const char *prev, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;
	struct buf b;

	buf_init(&b);
	canonical(e, &b);
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)prev, strlen(prev));
	crypto_hash_sha256_update(&st, (const unsigned char *)b.data, b.len);
	crypto_hash_sha256_final(&st, h);
	buf_release(&b);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

const char *store_login_name(void)
{
	struct passwd *pw = getpwuid(geteuid());
	const char *u = getenv("USER");
	if (pw && pw->pw_name && *pw->pw_name)
		return pw->pw_name;
	return u && *u ? u : "unknown";
}

struct last {
	long seq;
	char hash[65];
};

static int keep_last(void *ctx, const struct history_entry *e)
{
	struct last *l = ctx;
	l->seq = e->seq;
	snprintf(l->hash, sizeof(l->hash), "%s", e->hash);
	return 0;
}

int store_record(struct store *s, const struct history_entry *change, long *revision,
		 struct jy_err *err)
{
	const struct store_be *be = ((struct store_head *)s)->be;
	struct history_entry e = *change;
	struct last last = {0, ""};
	char at[32], hash[65];
	time_t now = time(NULL);
	struct tm tm;
	long rev;
	int rc;

	if (sodium_init() < 0)
		return jy_err_msg(err, JY_EINTERNAL, NULL, 0, 0, NULL, M_SODIUM_FAILED);
	if ((rc = be->revision(s, &rev, err)))
		return rc;
	rc = be->history_last(s, keep_last, &last, err);
	if (rc == JY_ENOTFOUND)
		snprintf(last.hash, sizeof(last.hash), "%s", zero_hash);
	else if (rc)
		return rc;
	gmtime_r(&now, &tm);
	strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	e.seq = last.seq + 1;
	e.revision = rev + 1;
	if (!e.at)
		e.at = at;
	if (!e.by || !*e.by)
		e.by = store_login_name();
	e.prev = last.hash;
	entry_hash(&e, e.prev, hash);
	e.hash = hash;
	if ((rc = be->history_append(s, &e, err)) || (rc = be->set_revision(s, e.revision, err)))
		return rc;
	if (revision)
		*revision = e.revision;
	return 0;
}

int store_record_import(struct store *s, const struct model *m, struct jy_err *err)
{
	json_t *o = json_object();
	char *after;
	int rc;

	json_object_set_new(o, "import", json_string(m->dir ? m->dir : ""));
	for (int r = 0; r < RES_COUNT; r++)
		json_object_set_new(o, schema_resources[r].name,
				    json_integer((json_int_t)m->tables[r].n_rows));
	after = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
	json_decref(o);
	rc = store_record(s,
			  &(struct history_entry){.resource = "package",
						  .key = "[]",
						  .before = "",
						  .after = after,
						  .reason = "import"},
			  NULL, err);
	free(after);
	return rc;
}

/* ---- verifying the chain ---------------------------------------------------------- */

struct seen {
	char *hash;
	long seq;
};

struct verify {
	struct seen *all; /* every entry's stored hash and seq, in seq order */
	size_t n, cap;
	long last_revision;
};

static int collect(void *ctx, const struct history_entry *e)
{
	struct verify *v = ctx;
	XGROW(v->all, v->cap, v->n + 1);
	v->all[v->n].hash = xstrdup(e->hash);
	v->all[v->n].seq = e->seq;
	v->n++;
	v->last_revision = e->revision;
	return 0;
}

struct walk {
	struct verify *v;
	size_t i;
	long expect_seq;
	char prev[65];
	struct jy_err *err;
};

/* The seq of the entry whose hash is h, or 0. */
static long seq_of(const struct verify *v, const char *h)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->all[i].hash, h) == 0)
			return v->all[i].seq;
	return 0;
}

static int check_entry(void *ctx, const struct history_entry *e)
{
	struct walk *w = ctx;
	char h[65];

	if (strcmp(e->prev, w->prev) != 0) {
		long follows = seq_of(w->v, e->prev);
		if (follows)
			jy_err_msg(w->err, JY_EINPUT, NULL, 0, 0, NULL, M_HISTORY_REORDERED, e->seq,
				   e->revision, follows);
		else if (e->seq > w->expect_seq)
			jy_err_msg(w->err, JY_EINPUT, NULL, 0, 0, NULL, M_HISTORY_DELETED,
				   w->expect_seq, e->seq, e->revision);
		else
			jy_err_msg(w->err, JY_EINPUT, NULL, 0, 0, NULL, M_HISTORY_INSERTED, e->seq,
				   e->revision);
		return 1;
	}
	entry_hash(e, e->prev, h);
	if (strcmp(h, e->hash) != 0) {
		jy_err_msg(w->err, JY_EINPUT, NULL, 0, 0, NULL, M_HISTORY_EDITED, e->seq,
			   e->revision, e->at, e->by);
		return 1;
	}
	snprintf(w->prev, sizeof(w->prev), "%s", e->hash);
	w->expect_seq = e->seq + 1;
	return 0;
}

int store_audit_verify(struct store *s, long *entries, char head[65], struct jy_err *err)
{
	struct verify v = {0};
	struct walk w = {&v, 0, 1, "", err};
	long rev = 0;
	int rc;

	if (sodium_init() < 0)
		return jy_err_msg(err, JY_EINTERNAL, NULL, 0, 0, NULL, M_SODIUM_FAILED);
	snprintf(w.prev, sizeof(w.prev), "%s", zero_hash);
	rc = store_history_list(s, collect, &v, err);
	if (!rc)
		rc = store_revision(s, &rev, err);
	if (!rc)
		rc = store_history_list(s, check_entry, &w, err);
	if (!rc && v.last_revision != rev) {
		jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_HISTORY_CUT, rev, v.last_revision);
		rc = 1;
	}
	*entries = (long)v.n;
	snprintf(head, 65, "%s", w.prev);
	for (size_t i = 0; i < v.n; i++)
		free(v.all[i].hash);
	free(v.all);
	return rc;
}

/* ---- rows as JSON ----------------------------------------------------------------- */

char *store_key_json(const struct table *t, size_t row)
{
	const char *key[JY_CSV_COLUMNS_MAX];
	int n = store_key_of(t, row, key);
	json_t *a = json_array();
	char *s;

	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_string(key[i]));
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s;
}

char *store_row_json(const struct table *t, size_t row)
{
	json_t *o = json_object();
	char *s;

	for (int i = 0; i < t->def->n_fields; i++) {
		const char *v = table_cell(t, row, i);
		if (*v)
			json_object_set_new(o, t->def->fields[i].name, json_string(v));
	}
	s = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
	json_decref(o);
	return s;
}
