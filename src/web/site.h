/*
 * site.h - what `jipyo serve` serves, built once at start: the model, its
 * check, the report outline, the dashboard's aggregates and each finding
 * placed in its table's terms and assigned to a division. Read-only while
 * the server runs; requests never run SQL to read.
 */
#ifndef JY_WEB_SITE_H
#define JY_WEB_SITE_H

#include <pthread.h>

#include "base/buf.h"
#include "check/check.h"
#include "model/model.h"
#include "render/outline.h"

/* A division's (or the office's) row of the dashboard. */
struct site_division {
	size_t unit_row; /* units.csv row */
	const char *id, *name_ko, *name_en, *kind;
	int has_rate; /* execution rate (expenditure) of the budget table */
	double rate;
	const char *rate_printed;
	int has_staff; /* current against authorized head count */
	double authorized, current;
	const char *authorized_printed, *current_printed;
	int errors, warnings; /* findings assigned to it */
};

/* A finding as people read it. */
struct site_finding {
	size_t index;	  /* into res.findings */
	size_t number;	  /* 1-based, as the report lists them */
	const char *unit; /* the unit it is assigned to (a division, or the office) */
	const char *node; /* the plan node whose page shows it, or NULL */
	const char *where_ko; /* "인력현황 표 · 경제정책과 · 정원 합계", "추진일정 ’22.9." */
	long fact; /* the stated fact, or -1 */
	/* the finding's words, rendered once (check_message, check_explanation) */
	const char *message_ko, *message_en, *explanation;
};

struct site {
	const char *db;
	int built; /* site_build succeeded: the outline exists */
	struct model m;
	struct check_result res;
	struct outline o;
	char etag[48];	    /* "\"<hash>\"": a hash of every cell of the package */
	char data_date[16]; /* ISO day of the budget table's figures, or "" */
	double year_share;  /* share of that year elapsed on that day, 0..1 */
	struct site_division *divs;
	size_t n_divs;
	struct site_finding *findings; /* in the report's order */
	size_t n_findings;
	struct buf report_md, report_html;
	/* each node's part of the report, rendered once on first request
	 * (outline helpers allocate in the outline's arena: rendering every
	 * request would grow it without bound, and needs the lock) */
	pthread_mutex_t render_lock;
	struct buf *node_html; /* o.n_nodes; data NULL until rendered */
};

/* site_init, then the caller loads s->m (the factset keeps pointers into
 * it, so the model stays where it is), then site_build checks it (with its
 * validated facts fs when not NULL) and builds everything above. Input
 * errors of the package go to diag. site_release in every case. */
void site_init(struct site *s);
int site_build(struct site *s, struct factset *fs, FILE *diag, struct jy_err *err);
void site_release(struct site *s);

/* Node oi's part of the report as report_html_node renders it: rendered on
 * the first call, the same bytes after (safe on any thread). */
const struct buf *site_node_html(struct site *s, size_t oi);

/* Assigns and labels the findings (findings.c: the one file that reads
 * check.h's struct finding for the web). */
void site_findings_build(struct site *s);

/* A finding's parts (findings.c), so that pages and the API need not read
 * check.h's struct finding. */
const char *site_finding_severity(const struct site *s, const struct site_finding *sf);
const char *site_finding_rule(const struct site *s, const struct site_finding *sf);
const char *site_finding_message(const struct site *s, const struct site_finding *sf, int en);
const char *site_finding_explanation(const struct site *s, const struct site_finding *sf);
/* Stated, computed and delta as exact decimals; 0 when it has none. */
int site_finding_values(const struct site *s, const struct site_finding *sf, int as_printed,
			char stated[32], char computed[32], char delta[32]);

/* The unit a fact belongs to for ownership and routing: its unit
 * coordinate, else its node's owner; NULL when neither. Also the node
 * coordinate (NULL when none). */
const char *site_fact_unit(const struct site *s, size_t fact, const char **node);
/* The owner of node (or its nearest ancestor that names one), or NULL. */
const char *site_node_owner(const struct site *s, const char *node);
/* Row of a unit / node by id, or -1. */
long site_unit_row(const struct site *s, const char *id);
long site_node_row(const struct site *s, const char *id);
/* Outline index of a node by id, or -1. */
long site_outline_node(const struct site *s, const char *id);

#endif
