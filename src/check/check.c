/*
 * check.c - running every rule of a package over its facts (see check.h):
 * rules in batches over worker threads, joined in row order, then the
 * built-in checks and suspects. The evaluation is in instance.c (rules
 * instantiated and bound), eval.c (one side's value) and verdict.c (the
 * relation and its finding).
 */
#include "check_int.h"

#include <assert.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/par.h"
#include "terms.h"

/* ---- running the rules ---------------------------------------------------------- */

/* Rules are taken in batches of consecutive rows by whichever worker is free;
 * each batch keeps its own findings, and batches are joined in row order, so
 * the result is the one a single thread produces. */
enum { RULES_PER_BATCH = 64 };

struct rule_batch {
	struct finding_list findings;
	size_t rules_evaluated;
};

struct rule_run {
	struct check_result *res;
	struct check_result *terms; /* the term check's findings */
	struct model *m;
	struct group_cache *groups;
	const struct model_dates *dates;
	struct rule_batch *batches;
	size_t n_batches;
	atomic_size_t next;
	struct rule_cols cols;
	struct rule_trace *trace; /* NULL, or what to keep of the run */
};

struct rule_worker {
	struct rule_run *run;
	struct arena arena, scratch;
	struct dep_list deps;
};

void ck_rule_cols(const struct resource_def *def, struct rule_cols *rc)
{
	*rc = (struct rule_cols){
		schema_field_index(def, "id"),	       schema_field_index(def, "kind"),
		schema_field_index(def, "severity"),   schema_field_index(def, "message_ko"),
		schema_field_index(def, "message_en"), schema_field_index(def, "scope"),
		schema_field_index(def, "measures"),   schema_field_index(def, "expr")};
}

/* Rule row `row`'s metadata into c; *expr gets its expression. */
static const char *rule_meta(struct rule_ctx *c, const struct table *t, const struct rule_cols *rc,
			     size_t row, const char **expr)
{
	c->rule_id = table_cell(t, row, rc->id);
	c->kind = check_kind_of(table_cell(t, row, rc->kind));
	assert(c->kind != FK_COUNT_KINDS); /* model_validate checked the enum */
	c->severity = table_cell(t, row, rc->severity);
	c->msg_ko = table_cell(t, row, rc->msg_ko);
	c->msg_en = table_cell(t, row, rc->msg_en);
	ck_parse_scope(c, table_cell(t, row, rc->scope));
	*expr = table_cell(t, row, rc->expr);
	return table_cell(t, row, rc->measures);
}

/* The k-th measure of a rule's list (NULL: the list is empty), or "" when
 * there is no k-th. */
static const char *nth_measure(struct rule_ctx *c, const char *measures, uint32_t k)
{
	if (!*measures)
		return k == 0 ? NULL : "";
	for (const char *p = measures; *p; k--) {
		const char *semi = strchr(p, ';');
		size_t n = semi ? (size_t)(semi - p) : strlen(p);
		if (k == 0)
			return arena_strndup(c->scratch, p, n);
		p += n + (semi ? 1 : 0);
	}
	return "";
}

void ck_run_rule_row(struct rule_ctx *c, const struct table *t, const struct rule_cols *rc,
		     size_t row)
{
	const char *expr, *measures = rule_meta(c, t, rc, row, &expr);
	c->instance = 0;
	if (!*measures) {
		ck_run_rule_instance(c, NULL, expr);
		return;
	}
	for (const char *p = measures; *p; c->instance++) {
		const char *semi = strchr(p, ';');
		size_t n = semi ? (size_t)(semi - p) : strlen(p);
		ck_run_rule_instance(c, arena_strndup(c->scratch, p, n), expr);
		p += n + (semi ? 1 : 0);
	}
}

void ck_run_rule_binding(struct rule_ctx *c, const struct table *t, const struct rule_cols *rc,
			 size_t row, uint64_t binding)
{
	const char *expr, *measures = rule_meta(c, t, rc, row, &expr);
	c->instance = (uint32_t)(binding >> 32);
	const char *measure = nth_measure(c, measures, c->instance);
	assert(!measure || *measure); /* the binding was made from this row */
	ck_run_instance_at(c, measure, expr, (size_t)(binding & 0xffffffffu));
}

void ck_ctx_init(struct rule_ctx *c, struct model *m, struct factset *fs, struct group_cache *gc,
		 const struct model_dates *md)
{
	*c = (struct rule_ctx){.m = m,
			       .fs = fs,
			       .groups = gc,
			       .ms = md->ms,
			       .ms_index = &md->ms_index,
			       .anchor_ms = -1};
	size_t max_members = 0;
	for (size_t d = 0; d < fs->n_dims; d++)
		if (fs->dims[d].n_members > max_members)
			max_members = fs->dims[d].n_members;
	c->marks = xcalloc(max_members + 1, sizeof(*c->marks));
	buf_init(&c->key);
}

void ck_ctx_release(struct rule_ctx *c)
{
	free(c->used);
	free(c->used_rows);
	free(c->crefs);
	free(c->marks);
	buf_release(&c->key);
}

static void rule_worker_main(void *p)
{
	struct rule_worker *w = p;
	struct rule_run *run = w->run;
	const struct table *t = &run->m->tables[RES_RULES];
	struct rule_trace *tr = run->trace;
	struct rule_ctx c;

	ck_ctx_init(&c, run->m, &run->res->fs, run->groups, run->dates);
	c.arena = &w->arena;
	c.scratch = &w->scratch;
	if (tr)
		c.deps = &w->deps;

	for (;;) {
		size_t b = atomic_fetch_add(&run->next, 1);
		if (b > run->n_batches)
			break;
		if (b == 0) {
			/* the term check reads no rule: it runs beside them, into its own list */
			check_terms(run->m, run->terms);
			continue;
		}
		b--;
		size_t end = (b + 1) * RULES_PER_BATCH;
		c.out = &run->batches[b].findings;
		c.rules_evaluated = 0;
		for (size_t row = b * RULES_PER_BATCH; row < end && row < t->n_rows; row++) {
			size_t before = c.rules_evaluated;
			if (tr)
				tr->row_first[row] = c.out->n; /* in the batch, until joined */
			c.rule_row = (uint32_t)row;
			ck_run_rule_row(&c, t, &run->cols, row);
			if (tr)
				tr->row_evaluated[row] = (uint32_t)(c.rules_evaluated - before);
		}
		run->batches[b].rules_evaluated = c.rules_evaluated;
		arena_reset(&w->scratch);
	}
	ck_ctx_release(&c);
}

void ck_group_cache_release(struct group_cache *gc)
{
	/* n_groups, not fs's count: a rebuilt state has handed its facts on */
	for (size_t i = 0; gc->groups && i < gc->n_groups; i++) {
		struct fact_groups *g = atomic_load(&gc->groups[i]);
		if (g) {
			fact_groups_release(g);
			free(g);
		}
	}
	if (gc->groups)
		pthread_mutex_destroy(&gc->lock);
	free(gc->groups);
	gc->groups = NULL;
}

static void run_rules(struct check_result *res, struct check_result *terms, struct model *m,
		      struct rule_trace *tr)
{
	const struct table *t = &m->tables[RES_RULES];
	struct group_cache local = {0}, *gcp = tr ? &tr->gc : &local;
	struct group_cache gc = {.fs = &res->fs};
	int n_threads = par_threads_for(model_rows(m));
	size_t n_groups = res->fs.n_measures * GROUP_KINDS;

	gc.groups = xcalloc(n_groups + 1, sizeof(*gc.groups));
	gc.n_groups = n_groups;
	pthread_mutex_init(&gc.lock, NULL);
	*gcp = gc;
	struct rule_run run = {.res = res,
			       .terms = terms,
			       .m = m,
			       .groups = gcp,
			       .dates = &res->fs.dates,
			       .trace = tr};
	ck_rule_cols(t->def, &run.cols);
	if (tr) {
		tr->row_first = xcalloc(t->n_rows + 1, sizeof(*tr->row_first));
		tr->row_evaluated = xcalloc(t->n_rows + 1, sizeof(*tr->row_evaluated));
	}
	run.n_batches = (t->n_rows + RULES_PER_BATCH - 1) / RULES_PER_BATCH;
	run.batches = xcalloc(run.n_batches + 1, sizeof(*run.batches));
	atomic_init(&run.next, 0);
	if ((size_t)n_threads > run.n_batches + 1)
		n_threads = (int)run.n_batches + 1; /* the batches and the term check */
	struct rule_worker *workers = xcalloc((size_t)n_threads, sizeof(*workers));
	for (int i = 0; i < n_threads; i++) {
		workers[i].run = &run;
		arena_init(&workers[i].arena);
		arena_init(&workers[i].scratch);
	}
	par_run(n_threads, rule_worker_main, workers, sizeof(*workers));
	for (size_t b = 0; b < run.n_batches; b++) {
		struct finding_list *l = &run.batches[b].findings;
		for (size_t row = b * RULES_PER_BATCH;
		     tr && row < (b + 1) * RULES_PER_BATCH && row < t->n_rows; row++)
			tr->row_first[row] += res->n_findings;
		XGROW(res->findings, res->cap_findings, res->n_findings + l->n);
		if (l->n)
			memcpy(res->findings + res->n_findings, l->items, sizeof(*l->items) * l->n);
		res->n_findings += l->n;
		res->rules_evaluated += run.batches[b].rules_evaluated;
		free(l->items);
	}
	if (tr)
		tr->row_first[t->n_rows] = res->n_findings;
	for (int i = 0; i < n_threads; i++) {
		arena_adopt(&res->arena, &workers[i].arena);
		arena_release(&workers[i].scratch);
		struct dep_list *d = &workers[i].deps;
		if (tr && d->n) {
			XGROW(tr->deps.items, tr->deps.cap, tr->deps.n + d->n);
			memcpy(tr->deps.items + tr->deps.n, d->items, d->n * sizeof(*d->items));
			tr->deps.n += d->n;
		}
		free(d->items);
	}
	if (!tr)
		ck_group_cache_release(&local);
	free(workers);
	free(run.batches);
}

int check_run(struct model *m, struct factset *fs, struct check_result *res, FILE *diag_out,
	      struct jy_err *err)
{
	return ck_run(m, fs, res, diag_out, err, NULL);
}

void ck_trace_release(struct rule_trace *tr)
{
	free(tr->row_first);
	free(tr->row_evaluated);
	free(tr->deps.items);
	ck_group_cache_release(&tr->gc);
	memset(tr, 0, sizeof(*tr));
}

int ck_run(struct model *m, struct factset *fs, struct check_result *res, FILE *diag_out,
	   struct jy_err *err, struct rule_trace *tr)
{
	int rc;

	memset(res, 0, sizeof(*res));
	arena_init(&res->arena);
	if (fs) {
		res->fs = *fs;
		memset(fs, 0, sizeof(*fs));
	} else if ((rc = model_validate_facts(m, diag_out, &res->fs, err)) != 0) {
		return rc;
	}
	struct check_result terms;
	memset(&terms, 0, sizeof(terms));
	arena_init(&terms.arena);
	run_rules(res, &terms, m, tr);
	par_timing("rules and term check");
	size_t before = res->n_findings;
	ck_check_printed_forms(res);
	if (tr)
		tr->n_printed = res->n_findings - before;
	ck_check_milestone_dates(m, &res->fs.dates, res);
	/* the term check's findings come after the milestone dates, as they always did */
	XGROW(res->findings, res->cap_findings, res->n_findings + terms.n_findings + 1);
	if (terms.n_findings)
		memcpy(res->findings + res->n_findings, terms.findings,
		       sizeof(*terms.findings) * terms.n_findings);
	res->n_findings += terms.n_findings;
	free(terms.findings);
	arena_adopt(&res->arena, &terms.arena);
	if (tr)
		return 0; /* the caller adds suspects and counts */
	ck_find_suspects(res);
	for (size_t i = 0; i < res->n_findings; i++) {
		if (res->findings[i].severity == SEV_ERROR)
			res->errors++;
		else
			res->warnings++;
	}
	par_timing("built-in checks");
	return 0;
}

static const char *dup_or_null(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

void check_result_copy(struct check_result *dst, const struct check_result *src)
{
	struct arena *a = &dst->arena;

	dst->findings = xmalloc((src->n_findings + 1) * sizeof(*dst->findings));
	dst->n_findings = dst->cap_findings = src->n_findings;
	dst->rules_evaluated = src->rules_evaluated;
	dst->errors = src->errors;
	dst->warnings = src->warnings;
	for (size_t i = 0; i < src->n_findings; i++) {
		struct finding *f = &dst->findings[i];
		*f = src->findings[i];
		f->rule = dup_or_null(a, f->rule);
		f->rule_msg_ko = dup_or_null(a, f->rule_msg_ko);
		f->rule_msg_en = dup_or_null(a, f->rule_msg_en);
		f->expr = dup_or_null(a, f->expr);
		f->word = dup_or_null(a, f->word);
		f->name = dup_or_null(a, f->name);
		f->name_origin = dup_or_null(a, f->name_origin);
		f->relation = dup_or_null(a, f->relation);
		f->targets = arena_alloc(a, (f->n_targets + 1) * sizeof(*f->targets));
		for (size_t k = 0; k < f->n_targets; k++) {
			struct target *t = &f->targets[k];
			*t = src->findings[i].targets[k];
			const char **str[] = {&t->fact.measure, &t->fact.coords, &t->fact.period,
					      &t->fact.kind,	&t->fact.table,	 &t->node,
					      &t->seq,		&t->text,	 &t->source,
					      &t->label};
			for (size_t j = 0; j < sizeof(str) / sizeof(*str); j++)
				*str[j] = dup_or_null(a, *str[j]);
		}
	}
}

void check_result_release(struct check_result *res)
{
	factset_release(&res->fs);
	free(res->findings);
	arena_release(&res->arena);
	memset(res, 0, sizeof(*res));
}
