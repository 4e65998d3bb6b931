/*
 * dates.h - the dates a package prints, read once with its facts: each
 * milestone's `when` as a date range (and the milestones by node and seq),
 * each fact period as a range, and each dimension member that is an ISO
 * date. Built with the factset (facts.h: fs->dates) from validation or from
 * the model image, and read by the checker (date rules, the calendar check)
 * and by coverage (which dates a line of the report shows).
 */
#ifndef JY_MODEL_DATES_H
#define JY_MODEL_DATES_H

#include <stddef.h>

#include "base/kdate.h"
#include "base/mem.h"
#include "base/strmap.h"

struct factset;
struct model;

/* A milestone's `when`. */
struct milestone_date {
	int parsed; /* `when` is present and parses */
	int ok;	    /* parsed and not an open range on both sides */
	struct kdate_range r;
	long lo, hi; /* day numbers of the first and last day (when not open) */
};

/* A period or a member read as a date (kdate_parse_iso). */
struct iso_date {
	int ok;
	struct kdate_range r;
};

struct model_dates {
	struct arena arena;
	struct milestone_date *ms; /* per milestone row */
	size_t n_ms;
	struct strmap ms_index;	   /* "node\x1fseq" -> milestone row */
	struct iso_date *periods;  /* per period id (fs->periods) */
	struct iso_date **members; /* per dimension, per member index */
};

/* Fills md from m's milestones and fs's periods and dimensions. */
void model_dates_build(struct model_dates *md, const struct model *m, const struct factset *fs);
void model_dates_release(struct model_dates *md);

/* The milestone row of node and seq, or -1. */
long model_dates_milestone(const struct model_dates *md, const char *node, const char *seq);

#endif
