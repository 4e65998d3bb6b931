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
#include "base/strmap.h"
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
	const char *message_ko, *message_en;
	const char *explanation[3]; /* by enum check_lang; NULL: none */
	/* its identity across checks (the rule and the `where` check prints) and
	 * the status people gave it (store/status.h): "open" when none */
	const char *target;
	const char *status, *status_reason;
};

/* A row of the store's finding_status table, in the site's arena. */
struct site_status {
	const char *rule, *target, *status, *reason, *by, *at;
	long revision;
};

struct site {
	const char *db;
	int built; /* site_build succeeded: the outline exists */
	struct model m;
	struct check_result res;
	struct outline o;
	long revision;	    /* the store's revision the model was loaded at */
	char etag[48];	    /* "\"<revision>\"" */
	struct arena arena; /* statuses */
	struct site_status *statuses;
	size_t n_statuses;
	int refs;	    /* requests reading it, and the server's own (server.c) */
	char data_date[16]; /* ISO day of the budget table's figures, or "" */
	/* the day milestones are read as of by default: the newest
	 * status_as_of, else data_date (found once: a scan of the milestones
	 * was a quarter of the dashboard's time) */
	const char *as_of;
	double year_share; /* share of that year elapsed on that day, 0..1 */
	struct site_division *divs;
	size_t n_divs;
	struct site_finding *findings; /* in the report's order */
	size_t n_findings;
	struct buf report_md, report_html; /* empty until site_report */
	/* each node's part of the report, rendered once on first request
	 * (outline helpers allocate in the outline's arena: rendering every
	 * request would grow it without bound, and needs the lock) */
	pthread_mutex_t render_lock;
	struct buf *node_html; /* o.n_nodes; data NULL until rendered */
	/* answers kept by key (site_cache_get): entries never move or go
	 * while the site lives */
	pthread_mutex_t cache_lock;
	struct strmap cache_index;
	struct site_cache_entry *cache; /* JY_SITE_CACHE_MAX */
	size_t n_cache, cache_bytes;
};

/* site_init, then the caller loads s->m (the factset keeps pointers into
 * it, so the model stays where it is), then site_build checks it (with its
 * validated facts fs when not NULL) and builds everything above. Input
 * errors of the package go to diag. site_release in every case. */
void site_init(struct site *s);
int site_build(struct site *s, struct factset *fs, FILE *diag, struct jy_err *err);
/* The same, with s->res already the model's check. */
void site_build_checked(struct site *s);
/* The same from a model and its check that others keep changing (the
 * server's package held for edits): both copied, so that the site is
 * read-only and lives on its own. */
int site_build_from(struct site *s, const struct model *m, const struct check_result *res,
		    struct jy_err *err);
/* The store's revision and the findings' statuses, before the model is
 * loaded (a change in between is then seen as a stale revision). */
struct store;
int site_read_store(struct site *s, struct store *st, struct jy_err *err);
void site_release(struct site *s);

/* A kept answer. */
struct site_cache_entry {
	char *key, *body;
	size_t len;
	const char *ctype; /* a string literal */
	/* the server's response over body, made on first use and freed with
	 * the site (server.c); NULL until then */
	void *_Atomic resp;
};

/* The answer kept under key, or NULL. */
struct site_cache_entry *site_cache_get(struct site *s, const char *key);
/* Keeps a copy of body under key unless the cache is full (see limits.h). */
void site_cache_put(struct site *s, const char *key, const char *body, size_t len,
		    const char *ctype);

/* The whole report in Markdown (html 0) or HTML: rendered on the first
 * call, the same bytes after (safe on any thread). */
const struct buf *site_report(struct site *s, int html);

/* Node oi's part of the report as report_html_node renders it: rendered on
 * the first call, the same bytes after (safe on any thread). */
const struct buf *site_node_html(struct site *s, size_t oi);

/* Assigns and labels the findings (findings.c: the one file that reads
 * check.h's struct finding for the web). */
void site_findings_build(struct site *s);

/* Is there a finding of rule at target in res (an edit's check)? For
 * findings that an edit made go away (findings.c). */
int site_result_has(const struct check_result *res, const char *rule, const char *target);

/* A finding's parts (findings.c), so that pages and the API need not read
 * check.h's struct finding. */
const char *site_finding_severity(const struct site *s, const struct site_finding *sf);
const char *site_finding_rule(const struct site *s, const struct site_finding *sf);
const char *site_finding_message(const struct site *s, const struct site_finding *sf, int en);
const char *site_finding_explanation(const struct site *s, const struct site_finding *sf,
				     enum check_lang lang);
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
