/*
 * pg.c - the PostgreSQL store (store.h): connecting, the schema and its
 * migrations, choosing the package, and the one-row half of struct
 * store_be (rows by key, transactions, revision, history).
 *
 * A database holds many packages side by side (a government's or an
 * office's each), in the schema "jipyo" so that its tables meet no other
 * program's: `packages` (id, revision, descriptor metadata), `history`
 * keyed by (pkg, seq), and one table per resource made from model/schema.c
 * (schema_sql.c) keyed by (pkg, row_no). Every statement names its
 * package first, so that it reads only that package's rows through those
 * keys. Writers of one package are serialised on its row of `packages`
 * (SELECT … FOR UPDATE in begin), writers of different packages not at
 * all. An empty cell is NULL, as in SQLite. docs/DESIGN.md, "PostgreSQL:
 * the second store", has the reasons.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "base/msg.h"
#include "pg.h"
#include "schema_sql.h"

enum { TEXTOID = 25 };

/* Beside each package, its own and kept through imports: the status
 * people give findings (pg_status.c) and who may log in (pg_users.c). */
static const char beside_tables[] =
	"CREATE TABLE finding_status(pkg TEXT NOT NULL, rule TEXT NOT NULL, target TEXT NOT NULL,"
	" status TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '', \"by\" TEXT NOT NULL,"
	" \"at\" TEXT NOT NULL, revision BIGINT NOT NULL, PRIMARY KEY(pkg, rule, target));"
	"CREATE TABLE users(id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
	" pkg TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL, unit TEXT,"
	" pwhash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL,"
	" UNIQUE(pkg, name));";

/* Migration n takes the schema from version n to n + 1. Never edit a
 * released one: add one. NULL: the tables made from the schema table. */
static const char *const migrations[] = {
	NULL,
	/* 1 -> 2: tables.csv, the printed tables facts name (an optional resource) */
	"CREATE TABLE \"tables\"(pkg TEXT NOT NULL, row_no BIGINT NOT NULL, line BIGINT,"
	" \"id\" TEXT NOT NULL, \"kind\" TEXT NOT NULL, \"title\" TEXT, \"unit\" TEXT,"
	" \"as_of\" TEXT, \"total\" TEXT, \"source\" TEXT, UNIQUE NULLS NOT DISTINCT(pkg, \"id\"),"
	" PRIMARY KEY(pkg, row_no));",
	/* 2 -> 3: finding statuses and users, per package */
	beside_tables,
};
enum { MIGRATION_COUNT = (int)(sizeof(migrations) / sizeof(migrations[0])) };

/* Any number: the advisory lock taken while the schema is made or
 * migrated, so that two first imports do not make it twice. */
#define SCHEMA_LOCK "7305092201"

int pg_is_uri(const char *uri)
{
	/* the keywords a libpq key=value string begins with; "sqlite:PATH" names
	 * a file whose name would read as one */
	static const char *const keys[] = {"host",
					   "hostaddr",
					   "port",
					   "dbname",
					   "user",
					   "password",
					   "service",
					   "passfile",
					   "sslmode",
					   "options",
					   "application_name",
					   "connect_timeout"};

	if (strncmp(uri, "postgres://", 11) == 0 || strncmp(uri, "postgresql://", 13) == 0)
		return 1;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		size_t n = strlen(keys[i]);
		if (strncmp(uri, keys[i], n) == 0 && (uri[n] == '=' || uri[n] == ' '))
			return 1;
	}
	return 0;
}

int pg_error(struct pg_store *s, const PGresult *res, const char *what, struct jy_err *err)
{
	const char *msg;
	char clean[512];
	size_t n;

	/* libpq sees a server gone only when it reads: a send that failed (the
	 * server stopped between two query strings) leaves the connection "OK" */
	if (PQstatus(s->conn) == CONNECTION_OK)
		PQconsumeInput(s->conn);
	msg = res ? PQresultErrorMessage(res) : "";
	if (!*msg)
		msg = PQerrorMessage(s->conn);
	snprintf(clean, sizeof(clean), "%s", msg);
	for (n = strlen(clean); n && (clean[n - 1] == '\n' || clean[n - 1] == ' '); n--)
		clean[n - 1] = '\0';
	if (PQstatus(s->conn) == CONNECTION_BAD)
		return jy_err_msg(err, JY_ECONN, NULL, 0, 0, NULL, M_PG_LOST, s->label, clean);
	return jy_err_set(err, JY_ESTORE, "%s: %s: %s", s->label, what, clean);
}

int pg_add_literal(struct pg_store *s, struct buf *b, const char *v, struct jy_err *err)
{
	char *lit = PQescapeLiteral(s->conn, v, strlen(v));

	if (!lit)
		return pg_error(s, NULL, "cannot quote a value", err);
	buf_adds(b, lit);
	PQfreemem(lit);
	return 0;
}

PGresult *pg_exec(struct pg_store *s, const char *sql, int n, const char *const *params,
		  ExecStatusType want, struct jy_err *err)
{
	const char *values[JY_CSV_COLUMNS_MAX + 4];
	Oid types[JY_CSV_COLUMNS_MAX + 4];
	PGresult *res;

	assert(n + 1 <= (int)(sizeof(values) / sizeof(values[0])));
	values[0] = s->package;
	types[0] = TEXTOID;
	for (int i = 0; i < n; i++) {
		values[i + 1] = params[i];
		types[i + 1] = TEXTOID;
	}
	res = PQexecParams(s->conn, sql, n + 1, types, values, NULL, NULL, 0);
	if (PQresultStatus(res) != want) {
		pg_error(s, res, "cannot run a statement", err);
		PQclear(res);
		return NULL;
	}
	return res;
}

/* Runs sql without parameters. */
static int run(struct pg_store *s, const char *sql, struct jy_err *err)
{
	PGresult *res = PQexec(s->conn, sql);
	int rc = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK
			 ? 0
			 : pg_error(s, res, "cannot run a statement", err);
	PQclear(res);
	return rc;
}

/* ---- the schema ------------------------------------------------------------------- */

static const char own_tables[] =
	"CREATE TABLE schema_version(version INTEGER NOT NULL);"
	"CREATE TABLE packages(id TEXT PRIMARY KEY, revision BIGINT NOT NULL DEFAULT 0,"
	" meta TEXT NOT NULL DEFAULT '{}');"
	"CREATE TABLE history(pkg TEXT NOT NULL, seq BIGINT NOT NULL, revision BIGINT NOT NULL,"
	" \"at\" TEXT NOT NULL, \"by\" TEXT NOT NULL, resource TEXT NOT NULL,"
	" \"key\" TEXT NOT NULL, \"before\" TEXT NOT NULL, \"after\" TEXT NOT NULL,"
	" reason TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY(pkg, seq));";

/* What every connection sets first (in the round trip of its first query). */
#define SETTINGS                                                                                   \
	"SET search_path TO jipyo; SET jit TO off; SET client_encoding TO 'UTF8';"                 \
	" SET standard_conforming_strings TO on; SET client_min_messages TO warning;"

/* The schema's version, 0 when there is none; with the connection's
 * settings in the same round trip. */
static int schema_version(struct pg_store *s, int *v, struct jy_err *err)
{
	PGresult *res =
		PQexec(s->conn, SETTINGS " SELECT to_regclass('jipyo.schema_version') IS NOT NULL");
	int rc = 0;

	*v = 0;
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = pg_error(s, res, "cannot read the schema", err);
	else if (strcmp(PQgetvalue(res, 0, 0), "t") == 0) {
		PQclear(res);
		res = PQexec(s->conn, "SELECT max(version) FROM schema_version");
		if (PQresultStatus(res) != PGRES_TUPLES_OK)
			rc = pg_error(s, res, "cannot read the schema version", err);
		else
			*v = atoi(PQgetvalue(res, 0, 0));
	}
	PQclear(res);
	return rc;
}

static int schema_make(struct pg_store *s, int v, struct jy_err *err)
{
	struct buf sql;
	int rc;

	buf_init(&sql);
	if (v == 0) {
		buf_adds(&sql, own_tables);
		for (int r = 0; r < RES_COUNT; r++)
			schema_sql_table(&schema_resources[r], &sql_postgres, &sql);
		buf_adds(&sql, beside_tables);
	} else {
		for (; v < MIGRATION_COUNT; v++)
			buf_adds(&sql, migrations[v]);
	}
	buf_addf(&sql, "DELETE FROM schema_version; INSERT INTO schema_version VALUES(%d);",
		 MIGRATION_COUNT);
	rc = run(s, sql.data, err);
	buf_release(&sql);
	return rc;
}

/* The schema at this program's version: made (STORE_CREATE) or migrated
 * under an advisory lock, or refused when newer. */
static int schema_ensure(struct pg_store *s, int flags, struct jy_err *err)
{
	int v, rc = schema_version(s, &v, err);

	if (rc || v == MIGRATION_COUNT)
		return rc;
	if (v > MIGRATION_COUNT)
		return jy_err_msg(err, JY_ESTORE, NULL, 0, 0, NULL, M_DB_NEWER, s->label, v,
				  MIGRATION_COUNT);
	if (v == 0 && !(flags & STORE_CREATE))
		return jy_err_msg(err, JY_ENOTFOUND, NULL, 0, 0, NULL, M_PG_NO_STORE, s->label);
	if ((rc = run(s,
		      "BEGIN; SELECT pg_advisory_xact_lock(" SCHEMA_LOCK
		      "); CREATE SCHEMA IF NOT EXISTS jipyo",
		      err)))
		return rc;
	if (!(rc = schema_version(s, &v, err)) && v < MIGRATION_COUNT)
		rc = schema_make(s, v, err);
	if (!rc)
		rc = run(s, "COMMIT", err);
	if (rc)
		run(s, "ROLLBACK", &(struct jy_err){0});
	return rc;
}

/* ---- the package ------------------------------------------------------------------ */

/* The package among those res lists (SELECT id FROM packages ORDER BY
 * id): the only one, or an error that names them. */
static int package_among(struct pg_store *s, const char *want, const PGresult *res,
			 struct jy_err *err)
{
	int rc = 0, n = PQntuples(res);
	struct buf names;

	buf_init(&names);
	for (int i = 0; i < n; i++)
		buf_addf(&names, "%s%s", i ? ", " : "", PQgetvalue(res, i, 0));
	if (want)
		rc = jy_err_msg(err, JY_ENOTFOUND, NULL, 0, 0, NULL, M_PG_NO_PACKAGE, s->label,
				want, n ? names.data : msg(M_PG_NONE));
	else if (n == 1)
		s->package = xstrdup(PQgetvalue(res, 0, 0));
	else if (n == 0)
		rc = jy_err_msg(err, JY_ENOTFOUND, NULL, 0, 0, NULL, M_PG_HOLDS_NONE, s->label);
	else
		rc = jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_PG_HOLDS_MANY, s->label, n,
				names.data);
	buf_release(&names);
	return rc;
}

static const char list_packages[] = "SELECT id FROM packages ORDER BY id";

/* The package a connection names: the one asked for (made when missing,
 * with STORE_CREATE), else the only one the database holds. */
static int package_choose(struct pg_store *s, const char *want, int flags, struct jy_err *err)
{
	PGresult *res;
	int rc = 0, n;

	if (want) {
		const char *p[] = {want};
		res = PQexecParams(s->conn,
				   flags & STORE_CREATE ? "INSERT INTO packages(id) VALUES($1) ON "
							  "CONFLICT DO NOTHING RETURNING 1"
							: "SELECT 1 FROM packages WHERE id = $1",
				   1, (Oid[]){TEXTOID}, p, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_TUPLES_OK)
			rc = pg_error(s, res, "cannot read the packages", err);
		n = PQntuples(res);
		PQclear(res);
		if (rc)
			return rc;
		if (n || (flags & STORE_CREATE)) { /* found, or made (or made meanwhile) */
			s->package = xstrdup(want);
			return 0;
		}
	}
	res = PQexec(s->conn, list_packages);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = pg_error(s, res, "cannot read the packages", err);
	else
		rc = package_among(s, want, res, err);
	PQclear(res);
	return rc;
}

/* The settings, the schema's version and the package in one round trip,
 * for every open of a schema at this program's version; with STORE_LOAD
 * and a package named, the whole package is read in the same round trip
 * (into s->pre, for pg_load). 0 when the package is chosen, 1 when
 * schema_ensure and package_choose are to decide (no schema, or another
 * version), 2 when package_choose is (a package to make, or missing), else
 * an error. */
static int open_fast(struct pg_store *s, const char *want, int flags, struct jy_err *err)
{
	int preload = want && (flags & STORE_LOAD) && !(flags & PG_PACKAGE_LATER);
	struct buf sql, pkg;
	PGresult *res;
	int rc = 0, version = -1, found = -1, n = 0;

	buf_init(&sql);
	buf_init(&pkg);
	if (want)
		rc = pg_add_literal(s, &pkg, want, err);
	buf_adds(&sql, SETTINGS " SELECT max(version) FROM schema_version;");
	if (!want)
		buf_adds(&sql, list_packages);
	else if (!(flags & PG_PACKAGE_LATER))
		buf_addf(&sql, "SELECT 1 FROM packages WHERE id = %s", pkg.data);
	if (preload) { /* after the settings' implicit transaction, the load's own */
		buf_adds(&sql, "; COMMIT;");
		pg_load_sql(pkg.data, &sql);
	}
	buf_release(&pkg);
	if (!rc && !PQsendQuery(s->conn, sql.data))
		rc = pg_error(s, NULL, "cannot read the schema", err);
	buf_release(&sql);
	while (!rc && (!preload || n < 2) && (res = PQgetResult(s->conn))) {
		if (PQresultStatus(res) == PGRES_TUPLES_OK && n++ == 0) {
			version = atoi(PQgetvalue(res, 0, 0));
		} else if (PQresultStatus(res) == PGRES_TUPLES_OK) {
			found = PQntuples(res) > 0;
			if (!want && version == MIGRATION_COUNT)
				rc = package_among(s, NULL, res, err);
		} else if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			/* no schema (yet): the slow way says what is there, unless the
			 * server went away */
			rc = PQstatus(s->conn) == CONNECTION_BAD
				     ? pg_error(s, res, "cannot read the schema", err)
				     : 1;
		}
		PQclear(res);
	}
	if (preload && !rc) { /* the package, or what was read in vain */
		int good = version == MIGRATION_COUNT && found == 1;
		struct model *m = xmalloc(sizeof(*m));
		model_init(m);
		rc = pg_load_results(s, m, good ? err : &(struct jy_err){0});
		if (rc && !good) /* another schema's tables: the slow way decides */
			rc = PQstatus(s->conn) == CONNECTION_BAD
				     ? pg_error(s, NULL, "cannot read", err)
				     : 0;
		if (!rc && good) {
			s->pre = m;
		} else {
			model_release(m);
			free(m);
		}
	}
	while ((res = PQgetResult(s->conn))) /* after an error */
		PQclear(res);
	if (rc || version != MIGRATION_COUNT)
		return rc ? rc : 1;
	if (want && (found == 1 || (flags & PG_PACKAGE_LATER))) {
		s->package = xstrdup(want);
		return 0;
	}
	return want ? 2 : 0;
}

/* ---- connecting ------------------------------------------------------------------- */

static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message; /* NOTICEs of IF NOT EXISTS are not the user's business */
}

int pg_open(const char *location, const char *package, int flags, struct store **out,
	    struct jy_err *err)
{
	struct pg_store *s = xcalloc(1, sizeof(*s));
	const char *hash = strchr(location, '#');
	char *conninfo = xstrdup(location);
	int rc = 0;

	*out = NULL;
	s->be = &pg_store_be;
	buf_init(&s->tail);
	if (hash) { /* "URI#PACKAGE": the fragment is Jipyo's, not libpq's */
		conninfo[hash - location] = '\0';
		if (!package && hash[1])
			package = hash + 1;
	}
	s->conn = PQconnectdb(conninfo);
	free(conninfo);
	if (PQstatus(s->conn) != CONNECTION_OK) {
		char why[512];
		snprintf(why, sizeof(why), "%s", PQerrorMessage(s->conn));
		why[strcspn(why, "\n")] = '\0';
		rc = jy_err_msg(err, JY_ECONN, NULL, 0, 0, NULL, M_PG_CANNOT_CONNECT, why);
		pg_close((struct store *)s);
		return rc;
	}
	PQsetNoticeProcessor(s->conn, quiet, NULL);
	{
		const char *host = PQhost(s->conn);
		size_t n = strlen(PQdb(s->conn)) + (host ? strlen(host) : 0) + 32;
		s->label = xmalloc(n);
		snprintf(s->label, n, "PostgreSQL %s on %s", PQdb(s->conn), host ? host : "?");
	}
	assert(package || !(flags & PG_PACKAGE_LATER));
	rc = open_fast(s, package, flags, err);
	if (rc == 1)
		rc = schema_ensure(s, flags, err);
	else if (rc == 2)
		rc = 0;
	if (!rc && !s->package && (flags & PG_PACKAGE_LATER))
		s->package = xstrdup(package);
	else if (!rc && !s->package)
		rc = package_choose(s, package, flags, err);
	if (rc) {
		pg_close((struct store *)s);
		return rc;
	}
	*out = (struct store *)s;
	return 0;
}

void pg_close(struct store *st)
{
	struct pg_store *s = PG(st);

	if (!s)
		return;
	PQfinish(s->conn);
	PQclear(s->bulk_last);
	buf_release(&s->tail);
	if (s->pre)
		model_release(s->pre);
	free(s->pre);
	free(s->label);
	free(s->package);
	free(s);
}

/* ---- transactions ------------------------------------------------------------------ */

/* One writer per package: the package's row is locked until the end of the
 * transaction; writers of other packages go on. */
static void be_rollback(struct store *st)
{
	struct pg_store *s = PG(st);

	if (s->in_tx && PQstatus(s->conn) == CONNECTION_OK)
		run(s, "ROLLBACK", &(struct jy_err){0});
	s->in_tx = 0;
}

static int be_begin(struct store *st, struct jy_err *err)
{
	struct pg_store *s = PG(st);
	char *pkg = PQescapeLiteral(s->conn, s->package, strlen(s->package));
	struct buf sql;
	PGresult *res;
	int rc = 0;

	buf_init(&sql); /* one round trip */
	buf_addf(&sql, "BEGIN; SELECT revision FROM packages WHERE id = %s FOR UPDATE", pkg);
	PQfreemem(pkg);
	res = PQexec(s->conn, sql.data);
	buf_release(&sql);
	s->in_tx = 1;
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = pg_error(s, res, "cannot begin", err);
	else if (PQntuples(res) == 0)
		rc = jy_err_msg(err, JY_ENOTFOUND, NULL, 0, 0, NULL, M_PG_REMOVED, s->label,
				s->package);
	PQclear(res);
	if (rc)
		be_rollback(st);
	return rc;
}

static int be_commit(struct store *st, struct jy_err *err)
{
	struct pg_store *s = PG(st);
	PGresult *res = PQexec(s->conn, "COMMIT");
	int rc = 0;

	/* a COMMIT of a failed transaction answers ROLLBACK: that is no commit */
	if (PQresultStatus(res) != PGRES_COMMAND_OK || strcmp(PQcmdStatus(res), "COMMIT") != 0)
		rc = pg_error(s, res, "cannot commit", err);
	if (rc && rc != JY_ECONN && !err->msg[0])
		rc = jy_err_msg(err, JY_ESTORE, NULL, 0, 0, NULL, M_PG_ROLLED_BACK, s->label);
	PQclear(res);
	s->in_tx = 0;
	return rc;
}

/* ---- rows ---------------------------------------------------------------------------- */

/* " AND "k1" = $n …" for the key's cells after the package, from $first;
 * an empty cell is "IS NULL" (so the key's index is used, where IS NOT
 * DISTINCT FROM is not). Returns how many parameters it took, into p. */
static int where_key(enum resource_id r, const char *const *key, int first, struct buf *sql,
		     const char **p)
{
	int cols[JY_CSV_COLUMNS_MAX], n = store_key_columns(r, cols), k = 0;

	buf_adds(sql, " WHERE pkg = $1");
	for (int i = 0; i < n; i++) {
		const char *name = schema_resources[r].fields[cols[i]].name;
		if (key[i] && *key[i]) {
			buf_addf(sql, " AND \"%s\" = $%d", name, first + k);
			p[k++] = key[i];
		} else {
			buf_addf(sql, " AND \"%s\" IS NULL", name);
		}
	}
	return k;
}

static void select_columns(const struct resource_def *def, struct buf *sql)
{
	buf_adds(sql, "SELECT line");
	for (int i = 0; i < def->n_fields; i++)
		buf_addf(sql, ", \"%s\"", def->fields[i].name);
	buf_addf(sql, " FROM \"%s\"", def->name);
}

static void add_rows(const PGresult *res, struct table *out, struct arena *a)
{
	const char *values[JY_CSV_COLUMNS_MAX];
	size_t lens[JY_CSV_COLUMNS_MAX];
	int n = out->def->n_fields;

	for (int row = 0; row < PQntuples(res); row++) {
		for (int i = 0; i < n; i++) {
			int null = PQgetisnull(res, row, i + 1);
			values[i] = null ? "" : PQgetvalue(res, row, i + 1);
			lens[i] = null ? 0 : (size_t)PQgetlength(res, row, i + 1);
		}
		table_add_row(out, a, values, lens, atol(PQgetvalue(res, row, 0)));
	}
}

static int query_rows(struct pg_store *s, const char *sql, int n, const char *const *p,
		      struct table *out, struct arena *a, struct jy_err *err)
{
	PGresult *res = pg_exec(s, sql, n, p, PGRES_TUPLES_OK, err);

	if (!res)
		return err->code;
	add_rows(res, out, a);
	PQclear(res);
	return 0;
}

static int be_read(struct store *st, enum resource_id r, struct table *out, struct arena *a,
		   struct jy_err *err)
{
	struct buf sql;
	int rc;

	out->def = &schema_resources[r];
	buf_init(&sql);
	select_columns(out->def, &sql);
	buf_adds(&sql, " WHERE pkg = $1 ORDER BY row_no");
	rc = query_rows(PG(st), sql.data, 0, NULL, out, a, err);
	buf_release(&sql);
	return rc;
}

static int be_get(struct store *st, enum resource_id r, const char *const *key, struct table *out,
		  struct arena *a, struct jy_err *err)
{
	const char *p[JY_CSV_COLUMNS_MAX];
	size_t before = out->n_rows;
	struct buf sql;
	int rc;

	out->def = &schema_resources[r];
	buf_init(&sql);
	select_columns(out->def, &sql);
	int n = where_key(r, key, 2, &sql, p);
	rc = query_rows(PG(st), sql.data, n, p, out, a, err);
	buf_release(&sql);
	if (!rc && out->n_rows == before)
		rc = jy_err_set(err, JY_ENOTFOUND, "%s: no such row", schema_resources[r].name);
	return rc;
}

static int exists(struct pg_store *s, enum resource_id r, const char *const *key, int *found,
		  struct jy_err *err)
{
	const char *p[JY_CSV_COLUMNS_MAX];
	struct buf sql;
	PGresult *res;

	buf_init(&sql);
	buf_addf(&sql, "SELECT 1 FROM \"%s\"", schema_resources[r].name);
	int n = where_key(r, key, 2, &sql, p);
	res = pg_exec(s, sql.data, n, p, PGRES_TUPLES_OK, err);
	buf_release(&sql);
	if (!res)
		return err->code;
	*found = PQntuples(res) > 0;
	PQclear(res);
	return 0;
}

static int key_taken(struct pg_store *s, enum resource_id r, const char *const *row,
		     struct jy_err *err)
{
	int cols[JY_CSV_COLUMNS_MAX], n = store_key_columns(r, cols), found = 0;
	const char *key[JY_CSV_COLUMNS_MAX];

	for (int i = 0; i < n; i++)
		key[i] = row[cols[i]];
	int rc = exists(s, r, key, &found, err);
	if (!rc && found)
		rc = jy_err_set(err, JY_EINPUT, "%s: a row with this key (%s) exists already",
				schema_resources[r].name, schema_resources[r].primary_key);
	return rc;
}

/* A cell as a parameter: NULL when empty. */
static const char *cell(const char *v)
{
	return v && *v ? v : NULL;
}

static int be_put(struct store *st, enum resource_id r, const char *const *row, long line,
		  struct jy_err *err)
{
	const struct resource_def *def = &schema_resources[r];
	const char *p[JY_CSV_COLUMNS_MAX + 1];
	struct pg_store *s = PG(st);
	char line_text[32];
	struct buf sql;
	PGresult *res;
	int rc = key_taken(s, r, row, err);

	if (rc)
		return rc;
	snprintf(line_text, sizeof(line_text), "%ld", line);
	p[0] = line_text;
	buf_init(&sql);
	buf_addf(&sql, "INSERT INTO \"%s\"(pkg, row_no, line", def->name);
	for (int i = 0; i < def->n_fields; i++) {
		buf_addf(&sql, ", \"%s\"", def->fields[i].name);
		p[i + 1] = cell(row[i]);
	}
	buf_addf(&sql,
		 ") VALUES($1, (SELECT coalesce(max(row_no), 0) + 1 FROM \"%s\" WHERE pkg = $1), "
		 "$2::bigint",
		 def->name);
	for (int i = 0; i < def->n_fields; i++)
		buf_addf(&sql, ", $%d", i + 3);
	buf_adds(&sql, ")");
	res = pg_exec(s, sql.data, def->n_fields + 1, p, PGRES_COMMAND_OK, err);
	buf_release(&sql);
	if (!res)
		return err->code;
	PQclear(res);
	return 0;
}

/* Runs a statement that changes rows; JY_ENOTFOUND when it changed none. */
static int change(struct pg_store *s, enum resource_id r, const char *sql, int n,
		  const char *const *p, struct jy_err *err)
{
	PGresult *res = pg_exec(s, sql, n, p, PGRES_COMMAND_OK, err);
	int rc = 0;

	if (!res)
		return err->code;
	if (strcmp(PQcmdTuples(res), "0") == 0)
		rc = jy_err_set(err, JY_ENOTFOUND, "%s: no such row", schema_resources[r].name);
	PQclear(res);
	return rc;
}

static int be_update(struct store *st, enum resource_id r, const char *const *key,
		     const char *const *row, struct jy_err *err)
{
	const struct resource_def *def = &schema_resources[r];
	int cols[JY_CSV_COLUMNS_MAX], n = store_key_columns(r, cols);
	const char *p[2 * JY_CSV_COLUMNS_MAX];
	struct pg_store *s = PG(st);
	int rc, same_key = 1, found = 0;
	struct buf sql;

	if ((rc = exists(s, r, key, &found, err)))
		return rc;
	if (!found)
		return jy_err_set(err, JY_ENOTFOUND, "%s: no such row", def->name);
	for (int i = 0; i < n; i++)
		same_key &= strcmp(key[i] ? key[i] : "", row[cols[i]] ? row[cols[i]] : "") == 0;
	if (!same_key && (rc = key_taken(s, r, row, err)))
		return rc;
	buf_init(&sql);
	buf_addf(&sql, "UPDATE \"%s\" SET", def->name);
	for (int i = 0; i < def->n_fields; i++) {
		buf_addf(&sql, "%s \"%s\" = $%d", i ? "," : "", def->fields[i].name, i + 2);
		p[i] = cell(row[i]);
	}
	int k = where_key(r, key, def->n_fields + 2, &sql, p + def->n_fields);
	rc = change(s, r, sql.data, def->n_fields + k, p, err);
	buf_release(&sql);
	return rc;
}

static int be_del(struct store *st, enum resource_id r, const char *const *key, struct jy_err *err)
{
	const char *p[JY_CSV_COLUMNS_MAX];
	struct buf sql;
	int rc;

	buf_init(&sql);
	buf_addf(&sql, "DELETE FROM \"%s\"", schema_resources[r].name);
	int n = where_key(r, key, 2, &sql, p);
	rc = change(PG(st), r, sql.data, n, p, err);
	buf_release(&sql);
	return rc;
}

static int be_replace(struct store *st, const struct table *t, struct jy_err *err)
{
	struct pg_store *s = PG(st);
	struct buf sql;
	PGresult *res;

	if (s->bulk) { /* every row deleted by bulk_begin; COPY'd by the commit */
		assert(s->n_copies < RES_COUNT);
		if (t->n_rows)
			s->copies[s->n_copies++] = t;
		return 0;
	}
	buf_init(&sql);
	buf_addf(&sql, "DELETE FROM \"%s\" WHERE pkg = $1", t->def->name);
	res = pg_exec(s, sql.data, 0, NULL, PGRES_COMMAND_OK, err);
	buf_release(&sql);
	if (!res)
		return err->code;
	PQclear(res);
	return pg_copy_in(s, t, err);
}

/* ---- revision and history ----------------------------------------------------------- */

static int be_revision(struct store *st, long *rev, struct jy_err *err)
{
	PGresult *res;

	if (PG(st)->bulk) { /* read under the lock by bulk_begin */
		*rev = PG(st)->bulk_revision;
		return 0;
	}
	res = pg_exec(PG(st), "SELECT revision FROM packages WHERE id = $1", 0, NULL,
		      PGRES_TUPLES_OK, err);

	*rev = 0;
	if (!res)
		return err->code;
	if (PQntuples(res))
		*rev = atol(PQgetvalue(res, 0, 0));
	PQclear(res);
	return 0;
}

static int be_set_revision(struct store *st, long rev, struct jy_err *err)
{
	struct pg_store *s = PG(st);
	char v[32];
	const char *p[] = {v};
	PGresult *res;

	snprintf(v, sizeof(v), "%ld", rev);
	if (s->bulk) { /* sent with the commit */
		buf_addf(&s->tail, "UPDATE packages SET revision = %s WHERE id = ", v);
		if (pg_add_literal(s, &s->tail, s->package, err))
			return err->code;
		buf_addc(&s->tail, ';');
		return 0;
	}
	res = pg_exec(s, "UPDATE packages SET revision = $2::bigint WHERE id = $1", 1, p,
		      PGRES_COMMAND_OK, err);
	if (!res)
		return err->code;
	PQclear(res);
	return 0;
}

#define HISTORY_INSERT                                                                             \
	"INSERT INTO history(pkg, seq, revision, \"at\", \"by\", resource, \"key\", \"before\","   \
	" \"after\", reason, prev, hash) "

static int be_history_append(struct store *st, const struct history_entry *e, struct jy_err *err)
{
	struct pg_store *s = PG(st);
	char seq[32], rev[32];
	const char *p[] = {seq,	      rev,	e->at,	   e->by,   e->resource, e->key,
			   e->before, e->after, e->reason, e->prev, e->hash};
	PGresult *res;

	snprintf(seq, sizeof(seq), "%ld", e->seq);
	snprintf(rev, sizeof(rev), "%ld", e->revision);
	for (int i = 2; i < 11; i++)
		if (!p[i])
			p[i] = "";
	if (s->bulk) { /* sent with the commit */
		buf_adds(&s->tail, HISTORY_INSERT "VALUES(");
		if (pg_add_literal(s, &s->tail, s->package, err))
			return err->code;
		buf_addf(&s->tail, ", %s, %s", seq, rev);
		for (int i = 2; i < 11; i++) {
			buf_adds(&s->tail, ", ");
			if (pg_add_literal(s, &s->tail, p[i], err))
				return err->code;
		}
		buf_adds(&s->tail, ");");
		return 0;
	}
	res = pg_exec(s,
		      HISTORY_INSERT "VALUES($1, $2::bigint,"
				     " $3::bigint, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
		      11, p, PGRES_COMMAND_OK, err);
	if (!res)
		return err->code;
	PQclear(res);
	return 0;
}

int pg_history_rows(struct pg_store *s, const PGresult *res, int last, history_fn fn, void *ctx,
		    struct jy_err *err)
{
	int rc = 0;

	for (int i = 0; i < PQntuples(res) && !rc; i++) {
		struct history_entry e = {
			.seq = atol(PQgetvalue(res, i, 0)),
			.revision = atol(PQgetvalue(res, i, 1)),
			.at = PQgetvalue(res, i, 2),
			.by = PQgetvalue(res, i, 3),
			.resource = PQgetvalue(res, i, 4),
			.key = PQgetvalue(res, i, 5),
			.before = PQgetvalue(res, i, 6),
			.after = PQgetvalue(res, i, 7),
			.reason = PQgetvalue(res, i, 8),
			.prev = PQgetvalue(res, i, 9),
			.hash = PQgetvalue(res, i, 10),
		};
		rc = fn(ctx, &e);
	}
	if (!rc && last && PQntuples(res) == 0)
		rc = jy_err_set(err, JY_ENOTFOUND, "%s: no history", s->label);
	return rc;
}

static int history_walk(struct pg_store *s, const char *sql, int last, history_fn fn, void *ctx,
			struct jy_err *err)
{
	PGresult *res = pg_exec(s, sql, 0, NULL, PGRES_TUPLES_OK, err);
	int rc;

	if (!res)
		return err->code;
	rc = pg_history_rows(s, res, last, fn, ctx, err);
	PQclear(res);
	return rc;
}

static int be_history_list(struct store *st, history_fn fn, void *ctx, struct jy_err *err)
{
	return history_walk(PG(st), PG_HISTORY_SELECT "WHERE pkg = $1 ORDER BY seq", 0, fn, ctx,
			    err);
}

static int be_history_last(struct store *st, history_fn fn, void *ctx, struct jy_err *err)
{
	struct pg_store *s = PG(st);

	if (s->bulk) /* read under the lock by bulk_begin */
		return pg_history_rows(s, s->bulk_last, 1, fn, ctx, err);
	return history_walk(s, PG_HISTORY_SELECT "WHERE pkg = $1 ORDER BY seq DESC LIMIT 1", 1, fn,
			    ctx, err);
}

static int be_open(const char *location, int flags, struct store **out, struct jy_err *err)
{
	return pg_open(location, store_package(), flags, out, err);
}

const struct store_be pg_store_be = {
	.version = STORE_BE_VERSION,
	.name = "postgresql",
	.open = be_open,
	.close = pg_close,
	.begin = be_begin,
	.commit = be_commit,
	.rollback = be_rollback,
	.replace = be_replace,
	.read = be_read,
	.get = be_get,
	.put = be_put,
	.update = be_update,
	.del = be_del,
	.revision = be_revision,
	.set_revision = be_set_revision,
	.history_append = be_history_append,
	.history_list = be_history_list,
	.history_last = be_history_last,
	.bulk_begin = pg_bulk_begin,
	.bulk_commit = pg_bulk_commit,
	.bulk_publish = pg_bulk_publish,
	.bulk_close = pg_bulk_close,
	.set_meta = pg_set_meta,
	.load = pg_load,
	.status_put = pg_status_put,
	.status_list = pg_status_list,
};
