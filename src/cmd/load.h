/*
 * load.h - getting a model from a package folder or a database, the way
 * check, report and coverage need it.
 */
#ifndef JY_LOAD_H
#define JY_LOAD_H

#include "base/buf.h"
#include "base/err.h"
#include "base/limits.h"
#include "model/facts.h"
#include "model/model.h"

/* Exactly one of dir and db is non-NULL. When fs is not NULL and the
 * database holds the model's image (model/image.h), the model is read from
 * it and *validated is set: *fs is then the validated facts, the caller's to
 * factset_release, and the model needs no validation again. Otherwise the
 * model is read from the folder or the tables and *validated is 0. */
int load_model(const char *dir, const char *db, struct model *m, struct factset *fs, int *validated,
	       struct jy_err *err);

/* The data's revision as a clean report's cover names it (report_out.h)
 * into out, and the store's revision number. */
int load_revision(const char *db, struct buf *out, long *revision, struct jy_err *err);

/* REF as people copy it from check's table (a fact's description, see
 * render/describe.h) made the reference ref_parse reads, from the store at
 * db: *ref is pointed at it, kept in buf. Text that is no description is
 * left as it is. */
int load_resolve_ref(const char *db, const char **ref, char buf[JY_REF_BYTES_MAX],
		     struct jy_err *err);

#endif
