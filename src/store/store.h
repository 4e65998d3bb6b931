/*
 * store.h - where packages are kept between commands.
 *
 * One interface; SQLite (store_sqlite.c) is the embedded implementation.
 * Every write is one transaction: a failed import leaves the store as it was.
 */
#ifndef JY_STORE_H
#define JY_STORE_H

#include <stddef.h>

#include "base/err.h"
#include "base/mem.h"
#include "model/facts.h"
#include "model/model.h"

struct store;

/* Opens (creating if needed) and migrates the store at path. */
int store_open(const char *path, struct store **out, struct jy_err *err);
/* Opens an existing store; a missing file is JY_ENOTFOUND. */
int store_open_existing(const char *path, struct store **out, struct jy_err *err);
void store_close(struct store *s);

/* Checks the model before it may be stored: 0, or an error code with err
 * set. On success *fs holds the validated facts (model_validate_facts), for
 * the image; the store releases them. */
typedef int (*store_check_fn)(void *ctx, struct factset *fs, struct jy_err *err);

/* Replaces the whole content at path with the model after check (may be
 * NULL) accepts it, atomically, and keeps the model's image (model/image.h)
 * made from the validated facts: when there is no database yet, a new one
 * is built beside path and renamed into place; otherwise the content is
 * replaced in one transaction. On two or more threads the tables are
 * written while check runs. A failed check leaves path as it was and
 * returns check's code. */
int store_import(const char *path, const struct model *m, store_check_fn check, void *ctx,
		 struct jy_err *err);
/* Loads the whole content into an initialised, empty model. */
int store_load(struct store *s, struct model *m, struct jy_err *err);
/* The image of the stored model (model/image.h), mapped read-only: the
 * caller munmaps it, or hands it to the model it reads it into (m->mapped).
 * JY_ENOTFOUND when there is none, or none that is this content's (an
 * older import, a table changed since, the file gone or another's). */
int store_load_image(struct store *s, void **image, size_t *len, struct jy_err *err);

/* The schema version the store is at (PRAGMA user_version). */
int store_version(struct store *s);

#endif
