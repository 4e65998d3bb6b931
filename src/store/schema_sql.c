/*
 * schema_sql.c - the CREATE TABLE of each resource, from the one schema
 * table (model/schema.c), for SQLite and PostgreSQL (schema_sql.h).
 *
 * Every field is TEXT (cells are kept exactly as printed), NOT NULL when
 * required. Two columns come first, row_no (the order rows were listed in)
 * and line (the CSV line, for messages); on PostgreSQL the package id comes
 * before them, and every key and index starts with it, so that the rows of
 * one package are found without reading another's.
 */
#include <string.h>

#include "schema_sql.h"
#include "store.h"

const struct sql_dialect sql_sqlite = {
	.package = NULL,
	.row_no = "INTEGER PRIMARY KEY",
	.line = "INTEGER",
	.references = 1,
	.unique = "UNIQUE(",
	.unique_with_empty = 0, /* NULLs are distinct in SQLite's UNIQUE */
	.primary = NULL,
};

/* No references: validation checks every one before a write, and a
 * deferred foreign key is a trigger per row at commit (a million facts).
 * The key is unique even with empty cells (PostgreSQL 15), which also makes
 * it the index a one-row edit finds its row by. */
const struct sql_dialect sql_postgres = {
	.package = "pkg",
	.row_no = "BIGINT NOT NULL",
	.line = "BIGINT",
	.references = 0,
	.unique = "UNIQUE NULLS NOT DISTINCT(pkg, ",
	.unique_with_empty = 1,
	.primary = "PRIMARY KEY(pkg, row_no)",
};

void schema_sql_column(const struct field_def *f, const struct sql_dialect *d, const char *sep,
		       struct buf *out)
{
	buf_addf(out, "%s\"%s\" TEXT", sep, f->name);
	if (f->required == FIELD_REQUIRED)
		buf_adds(out, " NOT NULL");
	if (f->ref && d->references) {
		const char *dot = strchr(f->ref, '.');
		buf_addf(out, " REFERENCES \"%.*s\"(\"%s\") DEFERRABLE INITIALLY DEFERRED",
			 (int)(dot - f->ref), f->ref, dot + 1);
	}
}

void schema_sql_table(const struct resource_def *def, const struct sql_dialect *d, struct buf *out)
{
	int cols[JY_CSV_COLUMNS_MAX];
	int n = store_key_columns((enum resource_id)(def - schema_resources), cols);
	int unique = 1;

	buf_addf(out, "CREATE TABLE \"%s\"(", def->name);
	if (d->package)
		buf_addf(out, "%s TEXT NOT NULL, ", d->package);
	buf_addf(out, "row_no %s, line %s", d->row_no, d->line);
	for (int i = 0; i < def->n_fields; i++)
		schema_sql_column(&def->fields[i], d, ", ", out);
	for (int i = 0; i < n && !d->unique_with_empty; i++)
		unique &= def->fields[cols[i]].required == FIELD_REQUIRED;
	if (unique) {
		buf_addf(out, ", %s", d->unique);
		for (int i = 0; i < n; i++)
			buf_addf(out, "%s\"%s\"", i ? ", " : "", def->fields[cols[i]].name);
		buf_addc(out, ')');
	}
	if (d->primary)
		buf_addf(out, ", %s", d->primary);
	buf_adds(out, ");");
}
