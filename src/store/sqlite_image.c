/*
 * sqlite_image.c - the model image after one-row edits, and rows found
 * near where the model lists them.
 *
 * An import records the image's size and hash (image_cache.c); any change
 * to a table drops that record (the image triggers), so that the image
 * never vouches for other content. An edit of one fact's value made by
 * Jipyo keeps it instead: in the edit's transaction, after its row and its
 * history entry are written (which dropped the record), the record is
 * written again with the revision the image holds (table image_base). A
 * reader maps the image and then applies the history entries after that
 * revision (cmd/load.c): a few rows, each validated as it was when made.
 * History is guarded like the tables: writing to it outside an edit drops
 * the record, so an entry nobody made through Jipyo is never replayed.
 * Any other edit, or one after JY_IMAGE_EDITS_MAX of them, writes a new
 * image from the edited, validated model (cmd/set.c, with image_cache.h):
 * under a temporary name before the transaction, recorded in it, renamed
 * after the commit.
 * docs/DESIGN.md, "Edits at the speed of a server".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite.h"

static int is_sqlite(struct store *s)
{
	return s && ((struct store_head *)s)->be == &sqlite_store_be;
}

static int prepare(struct store *s, const char *sql, sqlite3_stmt **st, struct jy_err *err)
{
	if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK)
		return sqlite_error(s, err, "cannot prepare a statement");
	return 0;
}

int store_image_hold(struct store *s, long revision, struct store_image_hold *h, struct jy_err *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(h, 0, sizeof(*h));
	if (!is_sqlite(s))
		return 0;
	if ((rc = prepare(s,
			  "SELECT bytes, hash, (SELECT max(revision) FROM image_base) FROM image",
			  &st, err)))
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		h->have = 1;
		h->bytes = sqlite3_column_int64(st, 0);
		h->hash = sqlite3_column_int64(st, 1);
		h->base = sqlite3_column_type(st, 2) == SQLITE_NULL
				  ? revision
				  : (long)sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sqlite_error(s, err, "cannot read");
}

int store_image_keep(struct store *s, const struct store_image_hold *h, struct jy_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (!h->have || !is_sqlite(s))
		return 0;
	/* inserting the record clears image_base (a trigger): base comes after */
	if ((rc = prepare(s, "INSERT INTO image(bytes, hash) VALUES(?, ?)", &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, h->bytes);
	sqlite3_bind_int64(st, 2, h->hash);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sqlite_error(s, err, "cannot keep the image");
	sqlite3_finalize(st);
	if (rc || (rc = prepare(s, "INSERT INTO image_base(revision) VALUES(?)", &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, h->base);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sqlite_error(s, err, "cannot keep the image");
	sqlite3_finalize(st);
	return rc;
}

int store_image_base(struct store *s, long *base, struct jy_err *err)
{
	sqlite3_stmt *st;
	int rc;

	*base = -1;
	if (!is_sqlite(s))
		return 0;
	if ((rc = prepare(s, "SELECT max(revision) FROM image_base", &st, err)))
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		*base = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sqlite_error(s, err, "cannot read");
}

int store_history_after(struct store *s, long revision, history_fn fn, void *ctx,
			struct jy_err *err)
{
	sqlite3_stmt *st;
	int rc, step;

	if ((rc = prepare(s,
			  "SELECT seq, revision, resource, key, before, after FROM history"
			  " WHERE revision > ? ORDER BY seq",
			  &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, revision);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct history_entry e = {
			.seq = (long)sqlite3_column_int64(st, 0),
			.revision = (long)sqlite3_column_int64(st, 1),
			.resource = (const char *)sqlite3_column_text(st, 2),
			.key = (const char *)sqlite3_column_text(st, 3),
			.before = (const char *)sqlite3_column_text(st, 4),
			.after = (const char *)sqlite3_column_text(st, 5),
		};
		if ((rc = fn(ctx, &e)))
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = sqlite_error(s, err, "cannot read the history");
	sqlite3_finalize(st);
	return rc;
}

/* The row_no of the row with this key at or after row_no `near` (rows are
 * numbered from 1 in the order listed and only deleted rows leave gaps, so
 * a row the model lists at index i has row_no i + 1 or more): a walk over
 * the rowid from there, not a scan of the table (facts have no key index:
 * it would slow the import). 0 when not found there. */
static long row_near(struct store *s, enum resource_id r, long near, const char *const *key,
		     struct jy_err *err)
{
	int cols[JY_CSV_COLUMNS_MAX], n = store_key_columns(r, cols);
	struct buf sql;
	sqlite3_stmt *st;
	long found = 0;

	buf_init(&sql);
	buf_addf(&sql, "SELECT row_no FROM \"%s\" WHERE row_no >= ?1", schema_resources[r].name);
	for (int i = 0; i < n; i++)
		buf_addf(&sql, " AND \"%s\" IS ?%d", schema_resources[r].fields[cols[i]].name,
			 i + 2);
	buf_adds(&sql, " ORDER BY row_no LIMIT 1");
	int rc = prepare(s, sql.data, &st, err);
	buf_release(&sql);
	if (rc)
		return -1;
	sqlite3_bind_int64(st, 1, near);
	for (int i = 0; i < n; i++) {
		if (key[i] && *key[i])
			sqlite3_bind_text(st, i + 2, key[i], -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, i + 2);
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		found = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite_error(s, err, "cannot read");
		return -1;
	}
	return found;
}

int store_update_near(struct store *s, enum resource_id r, size_t index, const char *const *key,
		      const char *const *row, struct jy_err *err)
{
	const struct resource_def *def = &schema_resources[r];
	int cols[JY_CSV_COLUMNS_MAX], n = store_key_columns(r, cols), same = 1;

	for (int i = 0; i < n; i++)
		same &= strcmp(key[i] ? key[i] : "", row[cols[i]] ? row[cols[i]] : "") == 0;
	if (!is_sqlite(s) || !same)
		return store_update(s, r, key, row, err);
	long row_no = row_near(s, r, (long)index + 1, key, err);
	if (row_no < 0)
		return err->code;
	if (row_no == 0)
		return store_update(s, r, key, row, err); /* not where expected: by key */
	struct buf sql;
	sqlite3_stmt *st;
	buf_init(&sql);
	buf_addf(&sql, "UPDATE \"%s\" SET", def->name);
	for (int i = 0; i < def->n_fields; i++)
		buf_addf(&sql, "%s \"%s\" = ?%d", i ? "," : "", def->fields[i].name, i + 1);
	buf_addf(&sql, " WHERE row_no = ?%d", def->n_fields + 1);
	int rc = prepare(s, sql.data, &st, err);
	buf_release(&sql);
	if (rc)
		return rc;
	for (int i = 0; i < def->n_fields; i++) {
		if (row[i] && *row[i])
			sqlite3_bind_text(st, i + 1, row[i], -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, i + 1);
	}
	sqlite3_bind_int64(st, def->n_fields + 1, row_no);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sqlite_error(s, err, "cannot update");
	sqlite3_finalize(st);
	return rc;
}
