/*
 * pg_bulk.c - a whole package into and out of the PostgreSQL store: the
 * import's bulk operations of struct store_be, which store/import.c's
 * store_import drives: COPY FROM STDIN of every table in one transaction,
 * begun after validation (a refused package writes nothing) and sent as two
 * query strings (the lock and the deletes; the COPYs, the history and the
 * commit), not a round trip per statement; the load with COPY TO STDOUT of
 * one package's rows, in their order, into the same struct model the SQLite
 * store gives. There is no model image on PostgreSQL yet: check reads the
 * tables and validates them.
 */
#include <assert.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/msg.h"
#include "base/par.h"
#include "model/facts.h"
#include "pg.h"

enum { COPY_CHUNK = 1 << 18 }; /* bytes handed to libpq at a time */

/* A cell in COPY's text format: \N when empty, \ \t \n \r escaped. */
static void copy_cell(struct buf *b, const char *v)
{
	if (!*v) {
		buf_adds(b, "\\N");
		return;
	}
	for (const char *p = v;; p++) {
		const char *run = p;
		while (*p && *p != '\\' && *p != '\t' && *p != '\n' && *p != '\r')
			p++;
		if (p > run)
			buf_add(b, run, (size_t)(p - run));
		if (!*p)
			break;
		buf_addc(b, '\\');
		buf_addc(b, *p == '\t' ? 't' : *p == '\n' ? 'n' : *p == '\r' ? 'r' : '\\');
	}
}

static int put_data(struct pg_store *s, struct buf *b, struct jy_err *err)
{
	if (b->len && PQputCopyData(s->conn, b->data, (int)b->len) != 1)
		return pg_error(s, NULL, "cannot copy", err);
	buf_reset(b);
	return 0;
}

/* "COPY t(columns) FROM STDIN" for t's table. */
static void copy_statement(const struct resource_def *def, struct buf *sql)
{
	buf_addf(sql, "COPY \"%s\"(pkg, row_no, line", def->name);
	for (int i = 0; i < def->n_fields; i++)
		buf_addf(sql, ", \"%s\"", def->fields[i].name);
	buf_adds(sql, ") FROM STDIN");
}

/* Every row of t as COPY data, then the end of the copy (failed: with an
 * error, so that the server ends it too). The COPY is under way. */
static int copy_data(struct pg_store *s, const struct table *t, struct jy_err *err)
{
	const struct resource_def *def = t->def;
	struct buf data, id;
	int rc = 0;

	buf_init(&data);
	buf_init(&id); /* the package id as COPY's text format writes it */
	copy_cell(&id, s->package);
	for (size_t row = 0; row < t->n_rows && !rc; row++) {
		buf_add(&data, id.data, id.len);
		buf_addf(&data, "\t%zu\t%ld", row + 1, t->lines[row]);
		for (int i = 0; i < def->n_fields; i++) {
			buf_addc(&data, '\t');
			copy_cell(&data, table_cell(t, row, i));
		}
		buf_addc(&data, '\n');
		if (data.len >= COPY_CHUNK)
			rc = put_data(s, &data, err);
	}
	if (!rc)
		rc = put_data(s, &data, err);
	if (PQputCopyEnd(s->conn, rc ? "abandoned" : NULL) != 1 && !rc)
		rc = pg_error(s, NULL, "cannot copy", err);
	buf_release(&id);
	buf_release(&data);
	return rc;
}

int pg_copy_in(struct pg_store *s, const struct table *t, struct jy_err *err)
{
	struct buf sql;
	PGresult *res;
	int rc = 0;

	if (!t->n_rows) /* a round trip saved */
		return 0;
	buf_init(&sql);
	copy_statement(t->def, &sql);
	res = PQexec(s->conn, sql.data);
	buf_release(&sql);
	if (PQresultStatus(res) != PGRES_COPY_IN)
		rc = pg_error(s, res, "cannot copy", err);
	PQclear(res);
	if (rc)
		return rc;
	rc = copy_data(s, t, err);
	while ((res = PQgetResult(s->conn))) {
		if (!rc && PQresultStatus(res) != PGRES_COMMAND_OK)
			rc = pg_error(s, res, "cannot copy", err);
		PQclear(res);
	}
	if (!rc && PQstatus(s->conn) == CONNECTION_BAD)
		rc = pg_error(s, NULL, "cannot copy", err);
	return rc;
}

/* The package an import writes: --package, else the location's #ID, else
 * the descriptor's name (store_import_package). */
static char *import_package(const char *location, struct jy_err *err)
{
	const char *hash = strchr(location, '#');

	if (store_package())
		return xstrdup(store_package());
	if (hash && hash[1])
		return xstrdup(hash + 1);
	if (store_imported_name())
		return xstrdup(store_imported_name());
	jy_err_msg(err, JY_EINPUT, "datapackage.json", 0, 0, NULL, M_PG_NO_NAME);
	return NULL;
}

/* The connection of the last import, kept for the next one into the same
 * database (`jipyo import DIR... --db URI`: one connection for 243
 * packages, not 243), and closed at exit. */
static struct store *kept;
static char *kept_location;

static void kept_close(void)
{
	store_close(kept);
	free(kept_location);
	kept = NULL;
	kept_location = NULL;
}

/* A connection for an import of `package`: the kept one when it is to the
 * same database, else a new one. The package is made in the import's
 * transaction (bulk_begin), not here. */
static int kept_open(const char *location, const char *package, struct store **out,
		     struct jy_err *err)
{
	static int registered;
	int rc;

	if (kept && strcmp(kept_location, location) == 0 &&
	    PQstatus(PG(kept)->conn) == CONNECTION_OK) {
		free(PG(kept)->package);
		PG(kept)->package = xstrdup(package);
		*out = kept;
		return 0;
	}
	kept_close();
	if ((rc = pg_open(location, package, STORE_CREATE | PG_PACKAGE_LATER, out, err)))
		return rc;
	if (!registered)
		registered = atexit(kept_close) == 0;
	kept = *out;
	kept_location = xstrdup(location);
	return 0;
}

/* The whole-package write's state of s, back to none. */
static void bulk_reset(struct pg_store *s)
{
	s->bulk = 0;
	PQclear(s->bulk_last);
	s->bulk_last = NULL;
	s->n_copies = 0;
	buf_reset(&s->tail);
}

/* One round trip: begins, makes the package when it is new, locks its row
 * (writers of one package queue here until the commit), reads its revision
 * and last history entry for the import's entry, and deletes its rows. */
static int lock_and_delete(struct pg_store *s, struct jy_err *err)
{
	struct buf sql, pkg;
	PGresult *res;
	int rc = 0, n = 0;

	bulk_reset(s);
	buf_init(&pkg);
	if ((rc = pg_add_literal(s, &pkg, s->package, err))) {
		buf_release(&pkg);
		return rc;
	}
	buf_init(&sql);
	buf_addf(&sql,
		 "BEGIN; INSERT INTO packages(id) VALUES(%s) ON CONFLICT DO NOTHING;"
		 " SELECT revision FROM packages WHERE id = %s FOR UPDATE;" PG_HISTORY_SELECT
		 "WHERE pkg = %s ORDER BY seq DESC LIMIT 1;",
		 pkg.data, pkg.data, pkg.data);
	for (int r = RES_COUNT - 1; r >= 0; r--)
		buf_addf(&sql, "DELETE FROM \"%s\" WHERE pkg = %s;", schema_resources[r].name,
			 pkg.data);
	buf_release(&pkg);
	if (!PQsendQuery(s->conn, sql.data))
		rc = pg_error(s, NULL, "cannot begin", err);
	buf_release(&sql);
	s->in_tx = 1;
	while ((res = PQgetResult(s->conn))) {
		ExecStatusType st = PQresultStatus(res);
		if (!rc && st == PGRES_TUPLES_OK && n++ == 0) {
			s->bulk_revision = PQntuples(res) ? atol(PQgetvalue(res, 0, 0)) : 0;
		} else if (!rc && st == PGRES_TUPLES_OK) {
			s->bulk_last = res; /* kept until bulk_close */
			continue;
		} else if (!rc && st != PGRES_COMMAND_OK) {
			rc = pg_error(s, res, "cannot replace the package's rows", err);
		}
		PQclear(res);
	}
	if (!rc && !s->bulk_last)
		rc = pg_error(s, NULL, "cannot read the history", err);
	return rc;
}

/* store_be.bulk_begin: store/import.c's import (store_import) drives the
 * write: replace (COPY FROM STDIN per table), set_meta, the history entry,
 * bulk_commit. Nothing is opened before the package is accepted (a refused
 * package never reaches the server), so an undecided begin defers: 1. */
int pg_bulk_begin(const char *location, int decided, atomic_int *cancel, struct store **out,
		  struct jy_err *err)
{
	struct store *s;
	char *package;
	int rc;

	(void)cancel; /* written after the check: nothing to cancel */
	*out = NULL;
	if (!decided)
		return 1;
	if (!(package = import_package(location, err)))
		return err->code;
	rc = kept_open(location, package, &s, err);
	free(package);
	if (rc)
		return rc;
	rc = lock_and_delete(PG(s), err);
	if (rc) {
		store_rollback(s);
		kept_close();
		return rc;
	}
	PG(s)->bulk = 1;
	*out = s;
	return 0;
}

/* store_be.bulk_commit: the write itself, in one query string: every
 * table's COPY FROM STDIN, then the metadata, the history entry, the
 * revision and COMMIT. The client waits once per COPY (libpq takes its rows
 * only once the server has said that the COPY began) and once at the end;
 * after an error the server skips the rest of the string, and the
 * transaction, still open, is rolled back by bulk_close. */
int pg_bulk_commit(struct store *st, struct jy_err *err)
{
	struct pg_store *s = PG(st);
	struct buf sql;
	PGresult *res;
	int rc = 0, next = 0, committed = 0;

	buf_init(&sql);
	for (int i = 0; i < s->n_copies; i++) {
		copy_statement(s->copies[i]->def, &sql);
		buf_addc(&sql, ';');
	}
	buf_add(&sql, s->tail.data, s->tail.len);
	buf_adds(&sql, "COMMIT");
	if (!PQsendQuery(s->conn, sql.data))
		rc = pg_error(s, NULL, "cannot copy", err);
	buf_release(&sql);
	while ((res = PQgetResult(s->conn))) {
		ExecStatusType status = PQresultStatus(res);
		int stop = 0;
		if (status == PGRES_COPY_IN) { /* the next table's rows, or an end after an error */
			if (!rc && next < s->n_copies)
				rc = copy_data(s, s->copies[next++], err);
			else
				stop = PQputCopyEnd(s->conn, "abandoned") != 1;
		} else if (status == PGRES_COMMAND_OK) {
			committed = !rc && strcmp(PQcmdStatus(res), "COMMIT") == 0;
		} else if (!rc) {
			rc = pg_error(s, res, "cannot copy", err);
		}
		PQclear(res);
		if (stop)
			break;
	}
	/* a write into a lost connection fails only when its answer is read */
	if (rc != JY_ECONN && PQstatus(s->conn) == CONNECTION_BAD)
		rc = pg_error(s, NULL, "cannot copy", err);
	/* a COMMIT of a failed transaction answers ROLLBACK: that is no commit */
	if (!rc && !committed)
		rc = jy_err_msg(err, JY_ESTORE, NULL, 0, 0, NULL, M_PG_ROLLED_BACK, s->label);
	if (!rc)
		s->in_tx = 0;
	return rc;
}

int pg_bulk_publish(struct store *s, struct jy_err *err)
{
	(void)s, (void)err; /* committed is visible: there is no new file to name */
	return 0;
}

/* After a commit the connection is kept for the next import; after a
 * failure the transaction is rolled back and the connection closed. */
void pg_bulk_close(struct store *s)
{
	bulk_reset(PG(s));
	if (PG(s)->in_tx) {
		store_rollback(s);
		if (s == kept)
			kept_close();
		else
			store_close(s);
	}
}

int pg_set_meta(struct store *st, const char *json, struct jy_err *err)
{
	struct pg_store *s = PG(st);
	const char *params[] = {json};
	PGresult *res;

	if (s->bulk) { /* sent with the commit */
		buf_adds(&s->tail, "UPDATE packages SET meta = ");
		if (pg_add_literal(s, &s->tail, json, err))
			return err->code;
		buf_adds(&s->tail, " WHERE id = ");
		if (pg_add_literal(s, &s->tail, s->package, err))
			return err->code;
		buf_addc(&s->tail, ';');
		return 0;
	}
	res = pg_exec(s, "UPDATE packages SET meta = $2 WHERE id = $1", 1, params, PGRES_COMMAND_OK,
		      err);
	if (!res)
		return err->code;
	PQclear(res);
	return 0;
}

/* ---- loading ---------------------------------------------------------------------- */

/* Unescapes one COPY text field in place; returns its length. */
static size_t unescape(char *f)
{
	char *w = f;
	for (char *p = f; *p; p++) {
		if (*p != '\\' || !p[1]) {
			*w++ = *p;
			continue;
		}
		switch (*++p) {
		case 't':
			*w++ = '\t';
			break;
		case 'n':
			*w++ = '\n';
			break;
		case 'r':
			*w++ = '\r';
			break;
		case 'b':
			*w++ = '\b';
			break;
		case 'f':
			*w++ = '\f';
			break;
		case 'v':
			*w++ = '\v';
			break;
		default:
			*w++ = *p;
			break;
		}
	}
	*w = '\0';
	return (size_t)(w - f);
}

/* Adds one COPY text row (line, cells; ends in '\n') to out. */
static void add_copy_row(char *row, int len, struct table *out, struct arena *a)
{
	const char *values[JY_CSV_COLUMNS_MAX];
	size_t lens[JY_CSV_COLUMNS_MAX];
	int n = out->def->n_fields;
	long line = 0;
	char *p = row;

	if (len && row[len - 1] == '\n')
		row[len - 1] = '\0';
	for (int i = -1; i < n; i++) {
		char *f = p;
		p += strcspn(p, "\t");
		if (*p)
			*p++ = '\0';
		if (i < 0) {
			line = atol(f);
		} else if (strcmp(f, "\\N") == 0) {
			values[i] = "";
			lens[i] = 0;
		} else {
			lens[i] = unescape(f);
			values[i] = f;
		}
	}
	table_add_row(out, a, values, lens, line);
}

/* Reads the rows of one COPY … TO STDOUT under way into out. */
static int copy_rows(struct pg_store *s, struct table *out, struct arena *a, struct jy_err *err)
{
	char *row;
	int len;

	while ((len = PQgetCopyData(s->conn, &row, 0)) > 0) {
		add_copy_row(row, len, out, a);
		PQfreemem(row);
	}
	return len == -2 ? pg_error(s, NULL, "cannot read", err) : 0;
}

void pg_load_sql(const char *pkg, struct buf *sql)
{
	/* One plan whatever the statistics say: the package's rows in key order
	 * from the (pkg, row_no) index. Right after an import the planner takes
	 * a package of 210,000 facts for a few hundred and sorts them on disk
	 * (0.4 s against 0.14 s). */
	buf_adds(sql, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL enable_sort TO "
		      "off; SET LOCAL enable_bitmapscan TO off;");
	for (int i = 0; i < RES_COUNT; i++) {
		const struct resource_def *def = &schema_resources[i];
		buf_adds(sql, "COPY (SELECT line");
		for (int f = 0; f < def->n_fields; f++)
			buf_addf(sql, ", \"%s\"", def->fields[f].name);
		buf_addf(sql, " FROM \"%s\" WHERE pkg = %s ORDER BY row_no) TO STDOUT;", def->name,
			 pkg);
	}
	buf_addf(sql, "SELECT meta FROM packages WHERE id = %s; COMMIT", pkg);
}

int pg_load_results(struct pg_store *s, struct model *m, struct jy_err *err)
{
	PGresult *res;
	int rc = 0, r = 0;

	while (!rc && (res = PQgetResult(s->conn))) {
		switch (PQresultStatus(res)) {
		case PGRES_COPY_OUT:
			assert(r < RES_COUNT);
			m->tables[r].def = &schema_resources[r];
			rc = copy_rows(s, &m->tables[r], &m->arena, err);
			r++;
			break;
		case PGRES_TUPLES_OK:
			if (PQntuples(res))
				m->meta_json = arena_strdup(&m->arena, PQgetvalue(res, 0, 0));
			break;
		case PGRES_COMMAND_OK:
			break;
		default:
			rc = pg_error(s, res, "cannot read", err);
		}
		PQclear(res);
	}
	if (rc) { /* the rest of the results, then the transaction, dropped */
		while ((res = PQgetResult(s->conn))) {
			char *row;
			if (PQresultStatus(res) == PGRES_COPY_OUT)
				while (PQgetCopyData(s->conn, &row, 0) > 0)
					PQfreemem(row);
			PQclear(res);
		}
		if (PQstatus(s->conn) == CONNECTION_OK)
			PQclear(PQexec(s->conn, "ROLLBACK"));
	}
	return rc;
}

/* Every table of the package, in one round trip: the statements are sent
 * at once (a snapshot, one COPY per table in resource order, the metadata)
 * and their results read in order. An open with STORE_LOAD has read them
 * already, with its own round trip (pg.c). */
int pg_load(struct store *st, struct model *m, struct jy_err *err)
{
	struct pg_store *s = PG(st);
	struct buf sql, pkg;
	int rc;

	if (s->pre) { /* m is the caller's empty model */
		model_release(m);
		*m = *s->pre;
		free(s->pre);
		s->pre = NULL;
		return 0;
	}
	buf_init(&pkg);
	if ((rc = pg_add_literal(s, &pkg, s->package, err))) {
		buf_release(&pkg);
		return rc;
	}
	buf_init(&sql);
	pg_load_sql(pkg.data, &sql);
	buf_release(&pkg);
	rc = PQsendQuery(s->conn, sql.data) ? pg_load_results(s, m, err)
					    : pg_error(s, NULL, "cannot read", err);
	buf_release(&sql);
	return rc;
}
