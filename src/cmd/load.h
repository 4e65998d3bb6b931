/*
 * load.h - getting a model from a package folder or a database, the way
 * check and report both need it.
 */
#ifndef JY_LOAD_H
#define JY_LOAD_H

#include "base/err.h"
#include "model/model.h"

/* Exactly one of dir and db is non-NULL. */
int load_model(const char *dir, const char *db, struct model *m, struct jy_err *err);

#endif
