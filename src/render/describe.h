/*
 * describe.h - a row of the package in words people read, for set and log:
 * a fact as "현원 (경제정책과·계) ’22.8.29. 35", a milestone by its node's
 * title and its own, never by ids (those go to --json).
 */
#ifndef JY_DESCRIBE_H
#define JY_DESCRIBE_H

#include "base/buf.h"
#include "check/check.h"
#include "model/facts.h"
#include "model/model.h"
#include "render/table.h"

/* What describing needs, built once for many rows (labels of units, nodes,
 * members and tables). */
struct describer {
	struct model *m;
	const struct factset *fs;
	const struct label_index *li; /* own, or borrowed (describer_borrow) */
	struct label_index own;
	int owns;
};

void describer_init(struct describer *d, struct model *m, const struct factset *fs);
/* The same with a label index the caller keeps (the outline's); nothing to
 * release. */
void describer_borrow(struct describer *d, struct model *m, const struct factset *fs,
		      const struct label_index *li);
void describer_release(struct describer *d);
/* A fact by its key: "인력현황 표: 정원 (경제정책실·합계) ’22.8.29." — the
 * printed title of its table, the measure's name, its members' labels, the
 * period and kind as the report prints them. */
void describe_fact_key(const struct describer *d, const struct fact_key *k, struct buf *out);
/* Row `row` of resource r in the words of describe_row. */
void describe_table_row(const struct describer *d, enum resource_id r, size_t row, struct buf *out);
/* What a finding's target is, in the words of describe_row. */
void describe_target(const struct describer *d, const struct target *t, struct buf *out);
/* check_labeller for the findings table: ctx is a struct describer. */
void describe_target_cb(void *ctx, const struct target *t, struct buf *out);
/* The findings of res as a terminal table, where they are in words. */
void describe_print_findings(struct model *m, const struct check_result *res, FILE *out);
/* The facts whose description is text (blanks not counted), at most max
 * of their rows in the facts table; returns how many there are. */
size_t describe_find_facts(const struct describer *d, const char *text, size_t *rows, size_t max);

/* Appends what row `cells` of resource r is (without the changed value).
 * fs is m's facts (for measure names and dimensions). */
void describe_row(struct model *m, const struct factset *fs, enum resource_id r,
		  const char *const *cells, struct buf *out);
/* The cell people see changed: a fact's printed figure, else field `field`. */
const char *describe_value(enum resource_id r, const char *const *cells, const char *field);

/* The reference ref_parse reads ("measure{dim=member,…} @period [table]
 * kind=kind", check's JSON `where`) of the one fact described as text, in
 * out; JY_EINPUT when no fact or several are (the message says which). */
int describe_resolve(const struct describer *d, const char *text, struct buf *out,
		     struct jy_err *err);
/* Whether a and b are the same text but for blanks (spaces, tabs). */
int describe_same_words(const char *a, const char *b);
/* Whether text may be a description rather than a reference (it has a
 * byte beyond ASCII; references are made of ids). */
int describe_is_words(const char *text);

#endif
