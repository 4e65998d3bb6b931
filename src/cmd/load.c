/*
 * load.c - a model from a folder or a database (see load.h).
 */
#include "load.h"

#include "pkg/pkg.h"
#include "store/store.h"

int load_model(const char *dir, const char *db, struct model *m, struct jy_err *err)
{
	struct store *s = NULL;
	int rc;

	if (dir)
		return pkg_read(dir, m, err);
	rc = store_open_existing(db, &s, err);
	if (!rc)
		rc = store_load(s, m, err);
	store_close(s);
	return rc;
}
