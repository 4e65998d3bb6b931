/*
 * check.h - the validator: evaluates every rule of a package over its facts,
 * plus the built-in checks of printed forms, and returns findings.
 *
 * A finding says which relation failed, stated vs computed, the delta,
 * whether the delta is within what the printed precision allows (warning) or
 * not (error), the facts involved with their sources and, for failing sums,
 * what would reconcile them (a member left out; a cell that, changed, would
 * satisfy both its row and its column: a suspect).
 */
#ifndef JY_CHECK_H
#define JY_CHECK_H

#include <stdio.h>

#include "base/dec.h"
#include "model/facts.h"
#include "model/model.h"

enum severity { SEV_WARNING = 1, SEV_ERROR = 2 };

struct suspect {
	size_t fact;	      /* index into factset.facts */
	struct dec suggested; /* the value that satisfies every failing rule it is in */
};

struct finding {
	const char *rule; /* rule id, or a built-in check name */
	const char *kind; /* sum, ratio, …, or the built-in's name */
	enum severity severity;
	const char *message_ko, *message_en;
	const char *expr; /* the relation, instantiated ("budget_current{unit=econ-office} = …") */
	int has_values;
	int dates; /* stated and computed are day numbers (kdate_daynum) */
	struct dec stated, computed, delta;
	size_t *facts; /* facts involved: the stated one first */
	size_t n_facts;
	size_t n_stated;	 /* how many of facts[] are on the stated (left) side */
	const char *explanation; /* reconciliation, or NULL */
	const char *source;	 /* milestones, fields…: "FILE:LINE;FILE:LINE", or NULL */
	struct suspect *suspects;
	size_t n_suspects;
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
/* Appends a zeroed finding to res and returns it. */
struct finding *check_add_finding(struct check_result *res);

/* Terminal table of findings, aligned by display width. */
void check_print_table(const struct check_result *res, FILE *out);
/* One JSON object per finding per line. */
void check_print_json(const struct check_result *res, FILE *out);

#endif
