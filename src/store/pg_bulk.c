/*
 * pg_bulk.c - a whole package into and out of the PostgreSQL store: the
 * import's bulk operations of struct store_be, which store/import.c's
 * store_import drives: COPY FROM STDIN of every table in one transaction,
 * begun after validation (a refused package writes nothing), the load with COPY TO
 * STDOUT of one package's rows, in their order, into the same struct model
 * the SQLite store gives. There is no model image on PostgreSQL yet: check
 * reads the tables and validates them.
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

int pg_copy_in(struct pg_store *s, const struct table *t, struct jy_err *err)
{
	const struct resource_def *def = t->def;
	struct buf sql, data;
	PGresult *res;
	int rc = 0;

	if (!t->n_rows) /* a round trip saved */
		return 0;
	buf_init(&sql);
	buf_addf(&sql, "COPY \"%s\"(pkg, row_no, line", def->name);
	for (int i = 0; i < def->n_fields; i++)
		buf_addf(&sql, ", \"%s\"", def->fields[i].name);
	buf_adds(&sql, ") FROM STDIN");
	res = PQexec(s->conn, sql.data);
	buf_release(&sql);
	if (PQresultStatus(res) != PGRES_COPY_IN)
		rc = pg_error(s, res, "cannot copy", err);
	PQclear(res);
	if (rc)
		return rc;
	buf_init(&data);
	/* the package id as COPY's text format writes it */
	struct buf id;
	buf_init(&id);
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
	while ((res = PQgetResult(s->conn))) {
		if (!rc && PQresultStatus(res) != PGRES_COMMAND_OK)
			rc = pg_error(s, res, "cannot copy", err);
		PQclear(res);
	}
	if (!rc && PQstatus(s->conn) == CONNECTION_BAD)
		rc = pg_error(s, NULL, "cannot copy", err);
	buf_release(&id);
	buf_release(&data);
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

static int kept_open(const char *location, const char *package, struct store **out,
		     struct jy_err *err)
{
	static int registered;
	int rc;

	if (kept && strcmp(kept_location, location) == 0 &&
	    PQstatus(PG(kept)->conn) == CONNECTION_OK) {
		if ((rc = pg_use_package(kept, package, STORE_CREATE, err)))
			kept_close();
		*out = kept;
		return rc;
	}
	kept_close();
	if ((rc = pg_open(location, package, STORE_CREATE, out, err)))
		return rc;
	if (!registered)
		registered = atexit(kept_close) == 0;
	kept = *out;
	kept_location = xstrdup(location);
	return 0;
}

/* Every row of the package deleted, in one round trip; the tables' COPYs
 * (be_replace in a bulk write) follow. */
static int delete_rows(struct pg_store *s, struct jy_err *err)
{
	char *pkg = PQescapeLiteral(s->conn, s->package, strlen(s->package));
	struct buf sql;
	PGresult *res;
	int rc = 0;

	buf_init(&sql);
	for (int r = RES_COUNT - 1; r >= 0; r--)
		buf_addf(&sql, "DELETE FROM \"%s\" WHERE pkg = %s;", schema_resources[r].name, pkg);
	PQfreemem(pkg);
	res = PQexec(s->conn, sql.data);
	buf_release(&sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = pg_error(s, res, "cannot replace the package's rows", err);
	PQclear(res);
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
	rc = store_begin(s, err); /* BEGIN, and the package's row locked */
	if (!rc)
		rc = delete_rows(PG(s), err);
	if (rc) {
		store_rollback(s);
		kept_close();
		return rc;
	}
	PG(s)->bulk = 1;
	*out = s;
	return 0;
}

int pg_bulk_commit(struct store *s, struct jy_err *err)
{
	return store_commit(s, err);
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
	PG(s)->bulk = 0;
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
	const char *params[] = {json};
	PGresult *res = pg_exec(PG(st), "UPDATE packages SET meta = $2 WHERE id = $1", 1, params,
				PGRES_COMMAND_OK, err);

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

/* Every table of the package, in one round trip: the statements are sent
 * at once (a snapshot, one COPY per table in resource order, the metadata)
 * and their results read in order. */
int pg_load(struct store *st, struct model *m, struct jy_err *err)
{
	struct pg_store *s = PG(st);
	char *pkg = PQescapeLiteral(s->conn, s->package, strlen(s->package));
	struct buf sql;
	PGresult *res;
	int rc = 0, r = 0;

	buf_init(&sql);
	/* One plan whatever the statistics say: the package's rows in key order
	 * from the (pkg, row_no) index. Right after an import the planner takes
	 * a package of 210,000 facts for a few hundred and sorts them on disk
	 * (0.4 s against 0.14 s). */
	buf_adds(&sql, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL enable_sort TO "
		       "off; SET LOCAL enable_bitmapscan TO off;");
	for (int i = 0; i < RES_COUNT; i++) {
		const struct resource_def *def = &schema_resources[i];
		buf_adds(&sql, "COPY (SELECT line");
		for (int f = 0; f < def->n_fields; f++)
			buf_addf(&sql, ", \"%s\"", def->fields[f].name);
		buf_addf(&sql, " FROM \"%s\" WHERE pkg = %s ORDER BY row_no) TO STDOUT;", def->name,
			 pkg);
	}
	buf_addf(&sql, "SELECT meta FROM packages WHERE id = %s; COMMIT", pkg);
	PQfreemem(pkg);
	if (!PQsendQuery(s->conn, sql.data))
		rc = pg_error(s, NULL, "cannot read", err);
	buf_release(&sql);
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
		while ((res = PQgetResult(s->conn)))
			PQclear(res);
		PQclear(PQexec(s->conn, "ROLLBACK"));
	}
	return rc;
}
