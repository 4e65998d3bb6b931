/*
 * ref.h - a row of the package named as people copy it: the `where` of a
 * finding for a fact, or a short path for a milestone, a text or a field.
 *
 *   authorized{unit=econ-office,job_class=total} @2022-08-29 [staffing]
 *   fact:MEASURE{DIM=MEMBER,…} @PERIOD [TABLE] kind=KIND
 *   milestone:NODE/SEQ.FIELD     (title, when, status, status_as_of, note)
 *   text:NODE/SECTION/SEQ.FIELD  (text, marker; .text when left out)
 *   field:NODE/SEQ.FIELD         (key, value; .value when left out)
 *
 * A fact reference without "@" names a fact without a period, without
 * "[…]" one without a table; kind= is needed only where two kinds share
 * the rest. ref_parse is the one place that reads this form: when check
 * prints its `where` differently, only it changes.
 */
#ifndef JY_REF_H
#define JY_REF_H

#include "base/err.h"
#include "base/limits.h"
#include "model.h"

struct ref {
	enum resource_id r; /* RES_FACTS, RES_MILESTONES, RES_TEXTS or RES_FIELDS */
	const char *field;  /* the column named (a fact: "value") */
	/* the key cells given, by field name of r; kind may be "" (any) */
	char key[6][JY_PRINTED_BYTES_MAX];
	const char *key_fields[6];
	int n_key;
	int any_kind; /* a fact reference without kind= */
};

/* Parses text; JY_EINPUT with err->col at the offending character. */
int ref_parse(const char *text, struct ref *out, struct jy_err *err);

/* The rows of m that ref names (at most max), in table order; returns how
 * many. */
size_t ref_find(const struct model *m, const struct ref *ref, size_t *rows, size_t max);

#endif
