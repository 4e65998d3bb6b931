/*
 * check.h - the validator: evaluates every rule of a package over its facts,
 * plus the built-in checks of printed forms, and returns findings.
 *
 * A finding is data: which relation failed, its kind and severity as enums,
 * stated vs computed and the delta (a warning when the printed precision
 * allows the delta, else an error), typed targets (facts by key, milestones,
 * fields, spans of text, each with its source) and, for failing sums, what
 * would reconcile them (a member left out; a cell whose one change would
 * satisfy every failing rule that reads it: a suspect). Messages and
 * explanations are rendered when printed (check_message,
 * check_explanation); see docs/DESIGN.md, "Findings as data".
 */
#ifndef JY_CHECK_H
#define JY_CHECK_H

#include <stdint.h>
#include <stdio.h>

#include "base/buf.h"
#include "base/dec.h"
#include "model/facts.h"
#include "model/model.h"

enum severity { SEV_WARNING = 1, SEV_ERROR = 2 };

/* What a finding is about: a rule's kind (rules.csv "kind"), or a built-in
 * check. check_kind_name gives the name JSON and the rules use. */
enum finding_kind {
	FK_SUM,
	FK_RATIO,
	FK_EQUAL,
	FK_BOUND,
	FK_DIFF,
	FK_DATE, /* a date rule, and the built-in date-form check */
	FK_COUNT,
	FK_UNEVALUABLE,	 /* an instance whose side could not be computed */
	FK_UNUSED_RULE,	 /* a rule no fact matched */
	FK_PRINTED_FORM, /* a number printed in an odd form */
	FK_TERM,	 /* a word one jamo from a name of the report */
	FK_COUNT_KINDS
};

/* A built-in finding's message, rendered when printed (check_message). */
enum finding_msg {
	MSG_RULE,	    /* the rule's own message_ko / message_en */
	MSG_DIV_ZERO,	    /* unevaluable: division by zero */
	MSG_OVERFLOW,	    /* unevaluable: a value beyond the exact range */
	MSG_UNUSED_RULE,    /* the rule matched no facts */
	MSG_DECIMAL_COMMA,  /* "80,4" */
	MSG_APPROX_TWICE,   /* "약 193여평" */
	MSG_WEEKDAY,	    /* printed weekday of the start is not the calendar's */
	MSG_WEEKDAY_END,    /* … of the end */
	MSG_RANGE_REVERSED, /* the range ends before it starts */
	MSG_TERM	    /* a word one jamo or letter from a name */
};

/* What a finding points at: a fact by its key, a milestone or a field by
 * node and seq, or a span of text (a word) in a row printed on a source
 * line. Strings are borrowed from the model; nothing refers to a position in
 * this run's arrays, so a target means the same in JSON, over HTTP and after
 * an edit. */
enum target_type { TARGET_FACT, TARGET_MILESTONE, TARGET_FIELD, TARGET_SPAN };

/* A target's part in the finding. */
enum target_role {
	ROLE_STATED,  /* on the stated (left) side */
	ROLE_READ,    /* read to compute the other side */
	ROLE_SUSPECT, /* the one cell whose change would satisfy every failing rule reading it */
	ROLE_LEFT_OUT /* what the stated figure leaves out (a reconciliation) */
};

struct fact_key {
	const char *measure, *coords, *period, *kind, *table;
};

struct target {
	enum target_type type;
	enum target_role role;
	struct fact_key fact;	/* TARGET_FACT */
	const char *node, *seq; /* TARGET_MILESTONE, TARGET_FIELD */
	enum resource_id res;	/* TARGET_SPAN: the resource of the row printing it */
	const char *text;	/* TARGET_SPAN: the word */
	size_t offset, length;	/* TARGET_SPAN: bytes into the row's cell */
	const char *source;	/* FILE:LINE where it is printed */
	const char *label;	/* ROLE_LEFT_OUT of a sum by a dimension: the part's name */
	int has_fix;		/* fix is the value that satisfies the finding's rule */
	struct dec fix;		/* (ROLE_SUSPECT: every failing rule that reads it) */
	long cached;		/* TARGET_FACT: its index in this run's factset, a cache
				   check_target_index may use; never the identity, -1 unknown */
};

/* Why the stated figure differs, when it can be said. */
enum explanation_kind {
	EXPL_NONE,
	EXPL_LEFT_OUT,	 /* the stated total equals the sum without one part (a target) */
	EXPL_UNIT_SLIP,	 /* stated = computed × 10^exp10 (천, 백만 …) */
	EXPL_DATE_SHIFT, /* a date range starts or ends days apart */
};

struct finding {
	const char *rule; /* rule id, or a built-in check name */
	enum finding_kind kind;
	enum severity severity;
	enum finding_msg msg;
	const char *rule_msg_ko, *rule_msg_en; /* MSG_RULE: the rule's messages */
	const char *expr; /* where: the instance ("budget_current{unit=econ-office} …") */
	/* message parameters: MSG_TERM the word, the name, where the name is
	 * from, Latin or not; MSG_WEEKDAY* the printed and calendar weekdays */
	const char *word, *name, *name_origin;
	int latin, wday_printed, wday_calendar;
	/* numbers: stated (left) and computed (right) sides, their difference */
	int has_values;
	int dates;	      /* stated and computed are day numbers (kdate_daynum) */
	int left_right;	      /* a bound: the sides are a left and a right, neither stated */
	const char *relation; /* the comparison that failed: "=", "<=", ">=", "<", ">" */
	struct dec stated, computed, delta;
	int scale; /* decimals people print the numbers with (check_format_value) */
	struct target *targets;
	size_t n_targets;
	enum explanation_kind expl;
	int exp10;		    /* EXPL_UNIT_SLIP */
	long start_days, end_days;  /* EXPL_DATE_SHIFT: 0 when that end agrees */
	int start_shown, end_shown; /* EXPL_DATE_SHIFT: which ends to name */
	/* which binding of its rule made it: the measure's place in the rule's
	 * list (high 32 bits) and the anchor fact (all ones: no fact); what an
	 * edit evaluates again and replaces (incr.c) */
	uint64_t binding;
};

struct check_result {
	struct arena arena;
	struct factset fs;
	struct finding *findings;
	size_t n_findings, cap_findings;
	size_t rules_evaluated; /* rule instances (rule x binding) evaluated */
	int errors, warnings;
};

/* Validates the model (input errors reported to diag_out, JY_EINPUT) and then
 * runs every rule. With fs not NULL, the model is known valid and *fs are its
 * facts (model_validate_facts, or a model image): the result takes them over
 * and nothing is validated again. The result borrows strings from the model. */
int check_run(struct model *m, struct factset *fs, struct check_result *res, FILE *diag_out,
	      struct jy_err *err);
void check_result_release(struct check_result *res);
/* The findings of src copied into dst (empty but for its factset, which is
 * a copy of src's with the facts in the same order): strings and all, so
 * that dst outlives src and the model src borrows from. */
void check_result_copy(struct check_result *dst, const struct check_result *src);
/* Appends a zeroed finding to res and returns it. */
struct finding *check_add_finding(struct check_result *res);
/* Appends a zeroed target to f, in arena a. */
struct target *check_add_target(struct finding *f, struct arena *a, enum target_type type,
				enum target_role role);
/* A target for fact fi of fs. */
void check_target_fact(struct target *t, const struct factset *fs, size_t fi);

/* A check that follows edits inside a running process (incr.c): the full
 * run of check_run, kept with an index from each fact to the rule rows that
 * read it. m must outlive the state; fs as for check_run. */
struct check_state;
int check_state_open(struct model *m, struct factset *fs, struct check_state **out, FILE *diag_out,
		     struct jy_err *err);
/* The findings now, as check_run would give them on the model now; valid
 * until the next edit or check_state_close. */
const struct check_result *check_state_result(const struct check_state *st);
/* Fact row `row` of the model gets cells (a new value, printed form or
 * provenance; the same key). The fact is validated as an import validates
 * it (problems to diag_out; JY_EINPUT and nothing changed when it fails),
 * then only the rules that read it are evaluated again, with its printed
 * form; *rules_evaluated (may be NULL) says how many rule rows ran. */
int check_edit_fact(struct check_state *st, size_t row, const char *const *cells, FILE *diag_out,
		    size_t *rules_evaluated, struct jy_err *err);
/* Everything evaluated again (the model changed otherwise; its facts are
 * known valid and kept). */
int check_state_rebuild(struct check_state *st, FILE *diag_out, size_t *rules_evaluated,
			struct jy_err *err);
/* The bytes the state holds for its findings (tests, and whoever keeps a
 * state for long). */
size_t check_state_bytes(const struct check_state *st);
void check_state_close(struct check_state *st);

/* "sum", "ratio", …, "unevaluable", "unused-rule", "printed-form", "term". */
const char *check_kind_name(enum finding_kind k);
/* The kind of rules.csv's kind name; FK_COUNT_KINDS when unknown. */
enum finding_kind check_kind_of(const char *name);
/* The index in res->fs of a fact target, or -1 (another target, or a key
 * this factset lacks). */
long check_target_index(const struct check_result *res, const struct target *t);
/* The finding's message in Korean (en = 0) or English, into out (reset). */
void check_message(const struct finding *f, int en, struct buf *out);
/* Its explanation into out (reset), in Korean, English, or both ("English /
 * Korean": the report's findings list and the JSON, which carry both);
 * empty when it has none. Figures as the report prints them. */
enum check_lang { CHECK_KO, CHECK_EN, CHECK_BOTH };
void check_explanation(const struct check_result *res, const struct finding *f,
		       enum check_lang lang, struct buf *out);
/* A value of f as people print it: grouped by thousands, at the finding's
 * decimals (more when that would hide a difference); a day number as a date
 * and a delta of days as "N일" when f->dates. which: 0 stated, 1 computed,
 * 2 delta. */
void check_format_value(const struct finding *f, int which, struct buf *out);
/* The numbers of a finding with values, labelled as its sides are:
 * "명시 stated 269, 계산 computed 266, 차이 delta 3", or for a bound
 * "좌변 left 4.34, 우변 right 5 (좌변 >= 우변 / left >= right)". */
void check_values_text(const struct finding *f, struct buf *out);
/* A fact as the report prints it: "’22년(추정) 1,234", or with a label (a
 * member's name) in place of the period: "문화콘텐츠 1,234". */
void check_fact_text(const struct factset *fs, const struct fact_info *fa, const char *label,
		     struct buf *out);
/* k when stated is computed × 10^k at stated's printed decimals, for a k
 * people name as a unit (천 3, 만 4, 백만 6, 억 8, 조 12, or their inverses);
 * else 0. */
int check_unit_slip(struct dec stated, struct dec computed, int stated_scale);
/* "FILE:LINE" of every target once, in order; returns how many (the list is
 * xmalloc'd, its strings borrowed or kept in res's arena). */
size_t check_sources(const struct check_result *res, const struct finding *f, const char ***out);

/* The target a finding is about: the figure it states, else its first;
 * NULL when it has none. */
const struct target *check_where_target(const struct finding *f);

/* Names a target in the words people read (the report's labels, never
 * ids): the command layer knows them (cmd/describe.c). */
typedef void (*check_labeller)(void *ctx, const struct target *t, struct buf *out);

/* Terminal table of findings, aligned by display width; where they are is
 * said by label (ctx is its context). */
void check_print_table(const struct check_result *res, FILE *out, check_labeller label, void *ctx);
/* The same for a terminal cols wide (0: no limit but the usual), the
 * severity in colour when colour is set (cmd/check.c decides: a terminal,
 * and NO_COLOR unset). */
void check_print_table_term(const struct check_result *res, FILE *out, int cols, int colour,
			    check_labeller label, void *ctx);
/* One JSON object per finding per line. */
void check_print_json(const struct check_result *res, FILE *out);

#endif
