/*
 * describe.h - a row of the package in words people read, for set and log:
 * a fact as "현원 (경제정책과·계) ’22.8.29. 35", a milestone by its node's
 * title and its own, never by ids (those go to --json).
 */
#ifndef JY_DESCRIBE_H
#define JY_DESCRIBE_H

#include "base/buf.h"
#include "model/facts.h"
#include "model/model.h"

/* Appends what row `cells` of resource r is (without the changed value).
 * fs is m's facts (for measure names and dimensions). */
void describe_row(struct model *m, const struct factset *fs, enum resource_id r,
		  const char *const *cells, struct buf *out);
/* The cell people see changed: a fact's printed figure, else field `field`. */
const char *describe_value(enum resource_id r, const char *const *cells, const char *field);

#endif
