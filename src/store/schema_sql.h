/*
 * schema_sql.h - the tables of a package made from model/schema.c, in the
 * SQL of either backend (private to src/store/).
 *
 * The SQL is the same for SQLite and PostgreSQL but for a few words, which
 * a dialect holds: whether every table carries the package id (one
 * PostgreSQL database holds many packages; one SQLite file holds one), the
 * type of row numbers, whether references are declared, and how a key with
 * empty cells is kept unique. docs/DESIGN.md, "PostgreSQL: the second
 * store", says why each differs.
 */
#ifndef JY_STORE_SCHEMA_SQL_H
#define JY_STORE_SCHEMA_SQL_H

#include "base/buf.h"
#include "model/schema.h"

struct sql_dialect {
	const char *package;   /* the package id column, first; NULL: none */
	const char *row_no;    /* the row number column's type and constraint */
	const char *line;      /* the CSV line's type */
	int references;	       /* declare the references model/schema.c names */
	const char *unique;    /* "UNIQUE(" or a form that takes empty cells as equal */
	int unique_with_empty; /* a key with optional columns is unique too */
	const char *primary;   /* a table constraint after the columns, or NULL */
};

extern const struct sql_dialect sql_sqlite, sql_postgres;

/* One column of field f, after sep. */
void schema_sql_column(const struct field_def *f, const struct sql_dialect *d, const char *sep,
		       struct buf *out);
/* CREATE TABLE of resource def. */
void schema_sql_table(const struct resource_def *def, const struct sql_dialect *d, struct buf *out);

#endif
