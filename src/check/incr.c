/*
 * incr.c - a check that follows edits (check.h, check_state_*): one full
 * run that also records which facts each rule row reads, then, for an edit
 * of one fact's value, only the rules that read that fact are evaluated
 * again, with the printed-form check of that fact; every other finding is
 * kept. The result is what check_run gives on the edited model, finding for
 * finding (a test compares them over many random edits).
 *
 * Which facts a rule row reads (its bindings, the parts of its sums) depends
 * on the facts' keys and on which facts are not applicable, never on their
 * values: an edit that changes neither is followed here; one that makes a
 * fact applicable or not runs everything again (check_state_rebuild).
 * docs/DESIGN.md, "Edits at the speed of a server".
 */
#include "check_int.h"

#include <stdlib.h>
#include <string.h>

#include "model/edit.h"

struct check_state {
	struct model *m;
	struct check_result res; /* the findings now; its arena holds suspects only */
	struct rule_trace tr;	 /* row_first indexes init */
	struct rule_cols cols;
	struct arena keep;    /* strings of init and of every finding made since */
	size_t keep_base;     /* what keep held after the full run */
	struct arena scratch; /* parse trees of one rule row */
	struct finding *init; /* the full run's findings, without suspects */
	size_t n_init;
	struct finding_list *over; /* per rule row: findings of its last evaluation, */
	unsigned char *has_over;   /* when it was evaluated again */
	struct finding *printed;   /* printed-form findings, by fact */
	size_t *printed_fact, n_printed, cap_printed;
	/* the bindings reading fact f: dep_rules[dep_first[f] ..) and their
	 * dep_bindings, sorted by rule row */
	uint32_t *dep_first, *dep_rules;
	uint64_t *dep_bindings;
	struct finding_list fresh; /* one edit's findings of rebound bindings */
	size_t rules_evaluated;
	struct rule_ctx ctx;
};

enum { INCR_KEEP_SLACK_BYTES = 1024 * 1024 };

static int dep_cmp(const void *pa, const void *pb)
{
	const struct dep_pair *a = pa, *b = pb;
	if (a->fact != b->fact)
		return a->fact < b->fact ? -1 : 1;
	if (a->rule != b->rule)
		return a->rule < b->rule ? -1 : 1;
	return (a->binding > b->binding) - (a->binding < b->binding);
}

/* The (fact, rule row) pairs as an index from fact to its rule rows. */
static void build_index(struct check_state *st)
{
	struct dep_list *d = &st->tr.deps;
	size_t n_facts = st->res.fs.n_facts, n = 0;

	if (d->n)
		qsort(d->items, d->n, sizeof(*d->items), dep_cmp);
	st->dep_first = xcalloc(n_facts + 1, sizeof(*st->dep_first));
	st->dep_rules = xmalloc((d->n ? d->n : 1) * sizeof(*st->dep_rules));
	st->dep_bindings = xmalloc((d->n ? d->n : 1) * sizeof(*st->dep_bindings));
	for (size_t i = 0; i < d->n; i++) {
		if (i && d->items[i].fact == d->items[i - 1].fact &&
		    d->items[i].rule == d->items[i - 1].rule &&
		    d->items[i].binding == d->items[i - 1].binding)
			continue;
		st->dep_bindings[n] = d->items[i].binding;
		st->dep_rules[n++] = d->items[i].rule;
		st->dep_first[d->items[i].fact + 1]++;
	}
	for (size_t f = 0; f < n_facts; f++)
		st->dep_first[f + 1] += st->dep_first[f];
	free(d->items);
	memset(d, 0, sizeof(*d));
}

/* Every finding in the order check_run gives them, then the suspects. */
static void assemble(struct check_state *st)
{
	struct check_result *res = &st->res;
	size_t n_rules = st->m->tables[RES_RULES].n_rows;

	arena_reset(&res->arena);
	res->n_findings = 0;
	res->errors = res->warnings = 0;
	for (size_t r = 0; r < n_rules; r++) {
		const struct finding *from =
			st->has_over[r] ? st->over[r].items : st->init + st->tr.row_first[r];
		size_t n = st->has_over[r] ? st->over[r].n
					   : st->tr.row_first[r + 1] - st->tr.row_first[r];
		XGROW(res->findings, res->cap_findings, res->n_findings + n);
		if (n)
			memcpy(res->findings + res->n_findings, from, n * sizeof(*from));
		res->n_findings += n;
	}
	size_t tail = st->tr.row_first[n_rules] + st->tr.n_printed;
	size_t n = st->n_printed + (st->n_init - tail);
	XGROW(res->findings, res->cap_findings, res->n_findings + n + 1);
	if (st->n_printed)
		memcpy(res->findings + res->n_findings, st->printed,
		       st->n_printed * sizeof(*st->printed));
	res->n_findings += st->n_printed;
	if (st->n_init > tail)
		memcpy(res->findings + res->n_findings, st->init + tail,
		       (st->n_init - tail) * sizeof(*st->init));
	res->n_findings += st->n_init - tail;
	ck_find_suspects(res);
	for (size_t i = 0; i < res->n_findings; i++) {
		if (res->findings[i].severity == SEV_ERROR)
			res->errors++;
		else
			res->warnings++;
	}
	res->rules_evaluated = st->rules_evaluated;
}

static void state_clear(struct check_state *st)
{
	size_t n_rules = st->m->tables[RES_RULES].n_rows;
	for (size_t r = 0; st->over && r < n_rules; r++)
		free(st->over[r].items);
	free(st->over);
	free(st->has_over);
	free(st->init);
	free(st->printed);
	free(st->printed_fact);
	free(st->dep_first);
	free(st->dep_rules);
	free(st->dep_bindings);
	free(st->fresh.items);
	ck_ctx_release(&st->ctx);
	ck_trace_release(&st->tr);
	check_result_release(&st->res);
	arena_release(&st->keep);
	arena_release(&st->scratch);
	struct model *m = st->m;
	memset(st, 0, sizeof(*st));
	st->m = m;
}

/* The full run, kept: findings, the index from facts to rules, groupings. */
static int state_run(struct check_state *st, struct factset *fs, FILE *diag_out, struct jy_err *err)
{
	struct check_result *res = &st->res;
	int rc = ck_run(st->m, fs, res, diag_out, err, &st->tr);
	size_t n_rules = st->m->tables[RES_RULES].n_rows;

	arena_init(&st->keep);
	arena_init(&st->scratch);
	if (rc) {
		ck_trace_release(&st->tr);
		return rc;
	}
	arena_adopt(&st->keep, &res->arena);
	st->init = res->findings;
	st->n_init = res->n_findings;
	res->findings = NULL;
	res->n_findings = res->cap_findings = 0;
	for (size_t r = 0; r < n_rules; r++)
		st->rules_evaluated += st->tr.row_evaluated[r];
	st->over = xcalloc(n_rules + 1, sizeof(*st->over));
	st->has_over = xcalloc(n_rules + 1, 1);
	/* the printed-form findings, each with its fact */
	size_t first = st->tr.row_first[n_rules];
	st->n_printed = st->cap_printed = st->tr.n_printed;
	st->printed = xmalloc((st->n_printed + 1) * sizeof(*st->printed));
	st->printed_fact = xmalloc((st->n_printed + 1) * sizeof(*st->printed_fact));
	for (size_t i = 0; i < st->n_printed; i++) {
		st->printed[i] = st->init[first + i];
		st->printed_fact[i] = (size_t)check_target_index(res, &st->printed[i].targets[0]);
	}
	build_index(st);
	ck_ctx_init(&st->ctx, st->m, &res->fs, &st->tr.gc, &res->fs.dates);
	ck_rule_cols(st->m->tables[RES_RULES].def, &st->cols);
	assemble(st);
	st->keep_base = arena_held(&st->keep);
	return 0;
}

int check_state_open(struct model *m, struct factset *fs, struct check_state **out, FILE *diag_out,
		     struct jy_err *err)
{
	struct check_state *st = xcalloc(1, sizeof(*st));
	int rc;

	st->m = m;
	if ((rc = state_run(st, fs, diag_out, err)) != 0) {
		free(st);
		*out = NULL;
		return rc;
	}
	*out = st;
	return 0;
}

const struct check_result *check_state_result(const struct check_state *st)
{
	return &st->res;
}

size_t check_state_bytes(const struct check_state *st)
{
	return arena_held(&st->keep);
}

void check_state_close(struct check_state *st)
{
	if (!st)
		return;
	state_clear(st);
	free(st);
}

/* Fact fi's printed-form finding replaced by what its printed cell gives now. */
static void recheck_printed(struct check_state *st, size_t fi)
{
	size_t at = 0;
	while (at < st->n_printed && st->printed_fact[at] < fi)
		at++;
	if (at < st->n_printed && st->printed_fact[at] == fi) {
		memmove(st->printed + at, st->printed + at + 1,
			(st->n_printed - at - 1) * sizeof(*st->printed));
		memmove(st->printed_fact + at, st->printed_fact + at + 1,
			(st->n_printed - at - 1) * sizeof(*st->printed_fact));
		st->n_printed--;
	}
	struct check_result one = {.fs = st->res.fs, .arena = st->keep};
	if (ck_check_printed_form(&one, fi)) {
		XGROW(st->printed, st->cap_printed, st->n_printed + 1);
		size_t cap = st->cap_printed;
		st->printed_fact = xrealloc(st->printed_fact, cap * sizeof(*st->printed_fact));
		memmove(st->printed + at + 1, st->printed + at,
			(st->n_printed - at) * sizeof(*st->printed));
		memmove(st->printed_fact + at + 1, st->printed_fact + at,
			(st->n_printed - at) * sizeof(*st->printed_fact));
		st->printed[at] = one.findings[0];
		st->printed_fact[at] = fi;
		st->n_printed++;
	}
	st->keep = one.arena; /* what it allocated */
	free(one.findings);
}

/* Rule row r evaluated again, its findings replacing the ones it had. */
static void rerun_rule(struct check_state *st, size_t r)
{
	struct rule_ctx *c = &st->ctx;
	struct finding_list *l = &st->over[r];

	l->n = 0;
	st->has_over[r] = 1;
	c->out = l;
	c->arena = &st->keep;
	c->scratch = &st->scratch;
	c->deps = NULL;
	c->rule_row = (uint32_t)r;
	c->rules_evaluated = 0;
	ck_run_rule_row(c, &st->m->tables[RES_RULES], &st->cols, r);
	arena_reset(&st->scratch);
}

static int binding_key_cmp(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
	return (a > b) - (a < b);
}

static int binding_cmp(const void *pa, const void *pb)
{
	const struct finding *a = pa, *b = pb;
	return (a->binding > b->binding) - (a->binding < b->binding);
}

/* Bindings[0 .. n) of rule row r evaluated again, their findings replacing
 * the ones they made; the row's findings stay in binding order, which is
 * the order a full run makes them in. */
static void rebind_rule(struct check_state *st, size_t r, const uint64_t *bindings, size_t n)
{
	struct rule_ctx *c = &st->ctx;
	struct finding_list *l = &st->over[r];
	const struct table *t = &st->m->tables[RES_RULES];

	st->fresh.n = 0;
	c->out = &st->fresh;
	c->arena = &st->keep;
	c->scratch = &st->scratch;
	c->deps = NULL;
	c->rule_row = (uint32_t)r;
	for (size_t i = 0; i < n; i++)
		ck_run_rule_binding(c, t, &st->cols, r, bindings[i]);
	arena_reset(&st->scratch);
	if (!st->has_over[r]) {
		size_t from = st->tr.row_first[r], count = st->tr.row_first[r + 1] - from;
		XGROW(l->items, l->cap, count + 1);
		if (count)
			memcpy(l->items, st->init + from, count * sizeof(*l->items));
		l->n = count;
		st->has_over[r] = 1;
	}
	/* drop what these bindings made (bindings is sorted), add what they make now */
	size_t keep = 0;
	for (size_t i = 0; i < l->n; i++) {
		const uint64_t *hit = bsearch(&l->items[i].binding, bindings, n, sizeof(*bindings),
					      binding_key_cmp);
		if (!hit)
			l->items[keep++] = l->items[i];
	}
	l->n = keep;
	XGROW(l->items, l->cap, l->n + st->fresh.n + 1);
	if (st->fresh.n)
		memcpy(l->items + l->n, st->fresh.items, st->fresh.n * sizeof(*l->items));
	l->n += st->fresh.n;
	if (st->fresh.n)
		qsort(l->items, l->n, sizeof(*l->items), binding_cmp); /* tags are unique */
}

int check_edit_fact(struct check_state *st, size_t row, const char *const *cells, FILE *diag_out,
		    size_t *rules_evaluated, struct jy_err *err)
{
	struct factset *fs = &st->res.fs;
	const struct table *t = &st->m->tables[RES_FACTS];
	const char *old[JY_CSV_COLUMNS_MAX];
	struct diag d = {.out = diag_out};

	if (row >= fs->n_facts || fs->facts[row].row != row)
		return jy_err_set(err, JY_EINPUT, "facts: no fact at row %zu", row);
	for (int i = 0; i < t->def->n_fields; i++)
		old[i] = table_cell(t, row, i);
	static const char *const key[] = {"measure", "coords", "period", "kind", "table"};
	for (size_t i = 0; i < sizeof(key) / sizeof(*key); i++) {
		int c = schema_field_index(t->def, key[i]);
		if (strcmp(old[c], cells[c] ? cells[c] : "") != 0)
			return jy_err_set(err, JY_EINPUT,
					  "facts: an edit of a value keeps the fact's key (%s)",
					  key[i]);
	}
	int was_na = fs->facts[row].not_applicable;
	model_set_row(st->m, RES_FACTS, row, cells);
	if (factset_refresh_row(fs, st->m, row, &d)) {
		model_set_row(st->m, RES_FACTS, row, old);
		return jy_err_set(err, JY_EINPUT, "%s: the edited fact is not valid",
				  model_path(st->m, RES_FACTS));
	}
	if (fs->facts[row].not_applicable != was_na)
		return check_state_rebuild(st, diag_out, rules_evaluated, err);
	size_t from = st->dep_first[row], to = st->dep_first[row + 1], n_rules = 0;
	for (size_t i = from, j; i < to; i = j, n_rules++) {
		int whole = 0;
		for (j = i; j < to && st->dep_rules[j] == st->dep_rules[i]; j++)
			whole |= st->dep_bindings[j] == CK_WHOLE_ROW;
		if (whole)
			rerun_rule(st, st->dep_rules[i]);
		else
			rebind_rule(st, st->dep_rules[i], st->dep_bindings + i, j - i);
	}
	recheck_printed(st, row);
	assemble(st);
	if (rules_evaluated)
		*rules_evaluated = n_rules;
	/* the findings an edit makes are kept in keep and the ones they
	 * replace stay there (5 KiB an edit at the seed's size): once keep
	 * holds twice what the full run left, and a mebibyte, everything is
	 * run again, which keeps only what is live, so that a process that
	 * edits for ever (the server) stays bounded. At the seed's size that
	 * is a full check every two hundred edits or so. */
	if (arena_held(&st->keep) > 2 * st->keep_base + INCR_KEEP_SLACK_BYTES)
		return check_state_rebuild(st, diag_out, rules_evaluated, err);
	return 0;
}

int check_state_rebuild(struct check_state *st, FILE *diag_out, size_t *rules_evaluated,
			struct jy_err *err)
{
	struct factset fs = st->res.fs; /* valid: kept, not validated again */
	memset(&st->res.fs, 0, sizeof(st->res.fs));
	state_clear(st);
	int rc = state_run(st, &fs, diag_out, err);
	if (rules_evaluated)
		*rules_evaluated = st->m->tables[RES_RULES].n_rows;
	return rc;
}
