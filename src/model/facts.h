/*
 * facts.h - the typed view of a model's measures, dimensions and facts.
 *
 * factset_build parses every fact (coordinates in the measure's dimension
 * order, the value as an exact decimal, the printed token as a Korean number
 * with its precision) and indexes them by key, by measure and by member.
 * Problems are reported through a diag (see diag.h). The factset borrows the
 * model's strings and must not outlive it.
 */
#ifndef JY_FACTS_H
#define JY_FACTS_H

#include "base/dec.h"
#include "base/limits.h"
#include "base/strmap.h"
#include "diag.h"
#include "model.h"

enum aggregation { AGG_FLOW, AGG_STOCK, AGG_RATE, AGG_LEVEL };

struct measure_info {
	const char *id;
	const char *name_ko, *name_en;
	const char *unit, *base_unit;
	struct dec scale;
	const char *dims[JY_FACT_DIMS_MAX];
	int n_dims;
	enum aggregation aggregation;
	int rounded;
	size_t *facts; /* indexes into factset.facts */
	size_t n_facts, cap_facts;
};

struct fact_info {
	int measure;
	const char *members[JY_FACT_DIMS_MAX]; /* in the measure's dims order */
	const char *period, *kind, *table;
	struct dec value;
	struct dec ulp;  /* precision of the printed value, in the measure's unit */
	int exact;       /* printed value is exact (no rounding interval) */
	int knum_flags;
	const char *printed, *source, *coords;
	size_t row; /* row in facts.csv */
	long line;
};

struct dimension_info {
	const char *id;
	const char *name_ko, *name_en;
	int members_from; /* 0 members, 1 units, 2 nodes */
	struct strmap member_parent; /* member id -> index+1 of parent in `ids`, 0 none */
	const char **ids;
	size_t n_ids, cap_ids;
};

struct factset {
	struct arena arena;
	struct measure_info *measures;
	size_t n_measures;
	struct dimension_info *dims;
	size_t n_dims;
	struct fact_info *facts;
	size_t n_facts;
	struct strmap measure_index; /* id -> index */
	struct strmap dim_index;     /* id -> index */
	struct strmap fact_index;    /* key -> index */
};

int factset_build(struct factset *fs, struct model *m, struct diag *d);
void factset_release(struct factset *fs);

int factset_measure(const struct factset *fs, const char *id);
int factset_dim(const struct factset *fs, const char *id);
int measure_dim_pos(const struct measure_info *mi, const char *dim);
/* 1 when member is a known member of dimension dim. */
int factset_has_member(const struct factset *fs, int dim, const char *member);
/* Parent member of member in dim, or NULL. */
const char *factset_member_parent(const struct factset *fs, int dim, const char *member);

/* The lookup key of a fact: measure, members, period, kind, table joined by
 * '\x1f'. `skip` (>= 0) replaces that member position by "*"; skip_period
 * replaces the period (and kind) by "*". Written into out. */
void fact_key(struct buf *out, const char *measure, const char *const *members, int n,
	      const char *period, const char *kind, const char *table, int skip, int skip_period);

#endif
