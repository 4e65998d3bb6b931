/*
 * check_int.h - what the files of the validator share (check.c, eval.c,
 * instance.c, verdict.c, builtin.c): the evaluation context of a worker, the
 * compiled references of a rule instance, value intervals, milestone dates.
 * Private to src/check; the public interface is check.h.
 */
#ifndef JY_CHECK_INT_H
#define JY_CHECK_INT_H

#include <pthread.h>
#include <stdint.h>

#include "base/kdate.h"
#include "base/strmap.h"
#include "check.h"
#include "rule/expr.h"

/* ---- intervals ------------------------------------------------------- */

/* Why a side could not be computed: such an instance is an error finding
 * that says so, never a pass. */
enum eval_failure { EVAL_OK, EVAL_OVERFLOW, EVAL_DIV_ZERO };

struct ival {
	struct dec pt, lo, hi;
	int unbounded; /* the interval is too wide to say anything (÷ by ~0) */
	int failed;    /* an enum eval_failure: why nothing could be computed */
	/* A date range (a milestone): [lo, hi] are its first and last day
	 * numbers, exact, and an open side is unbounded. Not an uncertainty. */
	int open_lo, open_hi;
	int date; /* a day number (start(), end()): printed as a date */
};

/* ---- evaluation context ------------------------------------------------ */

/* A coordinate left free by a compiled reference: taken from the anchor
 * (binding) or not constrained (filter). FS_NONE is a value equal to none. */
#define ANY (FS_NONE - 1)

/* One reference of a rule instance, resolved against the factset once per
 * instance: which measure, and where each coordinate of the fact it names
 * comes from (a pin or the scope: a fixed id; otherwise the anchor's). */
struct cref {
	const struct expr *e;
	int is_anchor;			   /* the anchor itself: it binds to the anchor fact */
	int measure;			   /* -1: unknown measure, never binds */
	int unbindable;			   /* a dimension nothing binds */
	uint32_t member[JY_FACT_DIMS_MAX]; /* fixed id, unless anchor_pos >= 0 */
	signed char anchor_pos[JY_FACT_DIMS_MAX]; /* the anchor's member at this position */
	uint32_t period, kind, table;		  /* fixed id, or ANY: the anchor's */
	/* the filter of fact_matches: ids the pins and the scope require, or ANY */
	uint32_t want_member[JY_FACT_DIMS_MAX], want_period, want_kind, want_table;
	int by_pos; /* EX_SUM: position of the dimension summed over, -1 for period */
	int by_dim; /* its index in factset.dims, -1 for period */
	/* the last lookup: consecutive bindings often name the same fact (a total) */
	struct fact_coord last_key;
	long last_fact; /* -1: none yet */
};

/* Groupings of one measure's facts, built when a rule first needs them and
 * shared by the worker threads: slot i < JY_FACT_DIMS_MAX for sums by the
 * i-th dimension, then sums by period, then the facts of each table. */
enum { GROUP_BY_PERIOD = JY_FACT_DIMS_MAX, GROUP_BY_TABLE, GROUP_KINDS };

struct group_cache {
	const struct factset *fs;
	_Atomic(struct fact_groups *) *groups; /* n_groups = n_measures * GROUP_KINDS */
	size_t n_groups;
	pthread_mutex_t lock;
};

struct finding_list {
	struct finding *items;
	size_t n, cap;
};

/* One fact read by one rule row (a binding of any of its instances): the
 * dependency an edit follows (incr.c). */
struct dep_pair {
	uint32_t fact, rule;
	uint64_t binding; /* CK_WHOLE_ROW, or as struct finding's binding */
};

/* A binding that can only be evaluated again with its whole rule row (its
 * anchor is a milestone or a field). */
#define CK_WHOLE_ROW UINT64_MAX

struct dep_list {
	struct dep_pair *items;
	size_t n, cap;
};

struct rule_ctx {
	struct model *m;
	struct factset *fs;
	struct arena *arena;		 /* findings' strings (this worker's) */
	struct arena *scratch;		 /* parse trees, emptied after each batch of rules */
	const struct milestone_date *ms; /* per milestone row (fs->dates, shared) */
	const struct strmap *ms_index;	 /* "node\x1fseq" -> row (shared) */
	struct buf key;
	struct finding_list *out;
	size_t rules_evaluated;
	const char *rule_id, *severity, *msg_ko, *msg_en;
	enum finding_kind kind;
	const char *scope_period, *scope_kind, *scope_table;
	const char *scope_dims[JY_FACT_DIMS_MAX], *scope_members[JY_FACT_DIMS_MAX];
	int n_scope_dims;
	struct group_cache *groups;
	/* the references of the current instance */
	struct cref *crefs;
	size_t n_crefs, cap_crefs;
	/* the current binding: an anchor fact, or else an anchor milestone */
	const struct fact_info *anchor;
	const struct measure_info *anchor_m;
	const struct expr_ref *anchor_ref;
	long anchor_ms;
	/* facts read while evaluating one side */
	size_t *used;
	size_t n_used, cap_used;
	/* milestones (rows, as -1 - row) and fields (rows) read by the binding */
	long *used_rows;
	size_t n_used_rows, cap_used_rows;
	/* set while evaluating a top-level sum, for explanations */
	const struct expr_ref *sum_ref;
	size_t sum_first, sum_count;
	int unbound;
	/* members of the current sum's parts: marks[m] == mark_stamp (one slot
	 * per member of the largest dimension) */
	uint32_t *marks;
	uint32_t mark_stamp;
	/* when not NULL, every fact a binding reads is recorded with rule_row */
	struct dep_list *deps;
	uint32_t rule_row;
	uint32_t instance; /* the measure of the rule row's list being run */
};

/* Columns of rules.csv, looked up once rather than by name for every row. */
struct rule_cols {
	int id, kind, severity, msg_ko, msg_en, scope, measures, expr;
};

/* What a check that is to be followed by edits keeps of its run (incr.c):
 * the findings of rule row r are res->findings[row_first[r] ..
 * row_first[r + 1]), then come n_printed printed-form findings, then the
 * milestone dates and terms; no suspects are added (the caller adds them).
 * The groupings stay built (the milestone dates are the factset's). */
struct rule_trace {
	size_t *row_first;	 /* n_rules + 1 */
	uint32_t *row_evaluated; /* rule instances evaluated, per rule row */
	struct dep_list deps;	 /* every (fact, rule row) read, unsorted */
	size_t n_printed;
	struct group_cache gc;
};

/* Records a milestone (MS_ROW(row)) or a field row read by the binding. */
#define MS_ROW(row) (-1 - (long)(row))

/* eval.c: intervals, milestones and the evaluation of one side */
struct dec ck_fit(struct dec d);
int ck_op_sub(struct dec a, struct dec b, struct dec *o);
struct ival ck_eval(struct rule_ctx *c, const struct expr *e);
int ck_ms_matches(const struct rule_ctx *c, const struct expr_ref *r, size_t row);
long ck_ms_resolve(struct rule_ctx *c, const struct expr_ref *r);
const struct fact_groups *ck_groups_for(struct group_cache *gc, int measure, int kind);

/* instance.c: rule instances, their references and bindings */
const struct cref *ck_cref_of(const struct rule_ctx *c, const struct expr_ref *r);
int ck_bind_ref(const struct rule_ctx *c, const struct cref *r, struct fact_coord *k);
int ck_fact_matches(const struct cref *r, const struct fact_info *f, int n_dims);
void ck_use_fact(struct rule_ctx *c, size_t f);
void ck_use_row(struct rule_ctx *c, long row);
void ck_parse_scope(struct rule_ctx *c, const char *scope);
void ck_run_rule_instance(struct rule_ctx *c, const char *measure, const char *expr);
/* The instance of measure bound to anchor fact `anchor` alone. */
void ck_run_instance_at(struct rule_ctx *c, const char *measure, const char *expr, size_t anchor);

/* verdict.c: a binding's relation tested, and its finding */
void ck_evaluate_binding(struct rule_ctx *c, const struct rule_expr *re);
struct finding *ck_add_rule_finding(struct rule_ctx *c);

/* check.c: a run that keeps its trace (tr not NULL), and one rule row */
int ck_run(struct model *m, struct factset *fs, struct check_result *res, FILE *diag_out,
	   struct jy_err *err, struct rule_trace *tr);
void ck_trace_release(struct rule_trace *tr);
void ck_rule_cols(const struct resource_def *def, struct rule_cols *rc);
void ck_ctx_init(struct rule_ctx *c, struct model *m, struct factset *fs, struct group_cache *gc,
		 const struct model_dates *md);
void ck_ctx_release(struct rule_ctx *c);
void ck_run_rule_row(struct rule_ctx *c, const struct table *t, const struct rule_cols *rc,
		     size_t row);
/* One binding of rule row `row` (struct finding's binding) evaluated again. */
void ck_run_rule_binding(struct rule_ctx *c, const struct table *t, const struct rule_cols *rc,
			 size_t row, uint64_t binding);
/* The binding of c's current anchor fact (CK_WHOLE_ROW for a milestone's). */
uint64_t ck_binding(const struct rule_ctx *c);
void ck_group_cache_release(struct group_cache *gc);

/* builtin.c: checks that need no rule, and suspects */
void ck_check_printed_forms(struct check_result *res);
/* The printed-form finding of fact fi, if it has one: 1 added, 0 none. */
int ck_check_printed_form(struct check_result *res, size_t fi);
void ck_check_milestone_dates(struct model *m, const struct model_dates *md,
			      struct check_result *res);
void ck_find_suspects(struct check_result *res);

#endif
