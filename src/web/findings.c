/*
 * findings.c - the check's findings as the web shows them: each one placed
 * in its table's own terms (the node the table is printed under, the row
 * and column labels as printed) and assigned to the unit that owns it.
 *
 * This is the one file of src/web/ that reads check.h's struct finding;
 * when findings carry typed targets, only this file changes.
 *
 * Assignment: a finding's stated fact belongs to its unit coordinate, else
 * to its node's owner, else to the owner of the node the table is printed
 * under; a finding on a text, field or milestone to its node's owner; what
 * has none of these to the office (the planning team).
 */
#include <stdlib.h>
#include <string.h>

#include "base/kdate.h"
#include "site.h"

/* Where each fact is printed: table view, row and column (tables[] then
 * figures[]), and the outline node each table is placed under. */
struct fact_spot {
	const struct table_view *view;
	size_t row, col;
	long node; /* outline index, -1 */
};

static void spots_add_view(struct fact_spot *spots, const struct table_view *v, long node)
{
	for (size_t r = 0; r < v->n_rows; r++)
		for (size_t c = 0; c < v->n_cols; c++) {
			size_t f = v->cell_fact[r * v->n_cols + c];
			if (f && !spots[f - 1].view)
				spots[f - 1] = (struct fact_spot){v, r, c, node};
		}
}

static struct fact_spot *spots_build(const struct site *s)
{
	const struct outline *o = &s->o;
	struct fact_spot *spots = xcalloc(s->res.fs.n_facts + 1, sizeof(*spots));

	for (size_t i = 0; i < o->n_nodes; i++)
		for (size_t b = 0; b < o->nodes[i].n_blocks; b++) {
			const struct block *bl = &o->nodes[i].blocks[b];
			if (bl->kind == BLOCK_TABLE)
				spots_add_view(spots, &o->tables[bl->index], (long)i);
			else if (bl->kind == BLOCK_FIGURES)
				spots_add_view(spots, &o->figures[bl->index].view, (long)i);
		}
	for (size_t t = 0; t < o->n_other_tables; t++)
		spots_add_view(spots, &o->tables[o->other_tables[t]], -1);
	return spots;
}

/* The nearest node at or above outline node i that has a page of its own
 * (a program or subprogram), else the top section it is in. */
static const char *page_node(const struct outline *o, long i)
{
	long top = i;
	for (long k = i; k >= 0; k = o->nodes[k].parent) {
		const char *kind = o->nodes[k].kind;
		if (strcmp(kind, "program") == 0)
			return o->nodes[k].id;
		top = k;
	}
	return top >= 0 ? o->nodes[top].id : NULL;
}

/* "measure (member, member) ’22.8.29." for a fact printed in no table:
 * labels and the period as people read it. */
static const char *fact_label(struct site *s, size_t fact)
{
	const struct factset *fs = &s->res.fs;
	const struct fact_info *f = &fs->facts[fact];
	const struct measure_info *mi = &fs->measures[f->measure];
	struct buf b;
	int open = 0;

	buf_init(&b);
	buf_adds(&b, mi->name_ko);
	for (int k = 0; k < mi->n_dims; k++) {
		int di = mi->dim_index[k];
		if (fs->dims[di].members_from == 2)
			continue; /* the node is the page it is shown on */
		buf_addf(&b, "%s%s", open++ ? ", " : " (",
			 member_label(&s->o.labels, fs, di, fact_member(fs, f, k)));
	}
	if (open)
		buf_addc(&b, ')');
	if (*fact_period(fs, f)) {
		buf_addc(&b, ' ');
		kdate_label_iso(fact_period(fs, f), &b);
	}
	const char *r = arena_strdup(&s->o.arena, b.data);
	buf_release(&b);
	return r;
}

/* "node title 표 · row · column" for a fact printed in a table. */
static const char *spot_label(struct site *s, const struct fact_spot *sp, size_t fact)
{
	struct outline *o = &s->o;
	const char *title = sp->node >= 0 ? o->nodes[sp->node].title : "";
	if (!sp->view)
		return fact_label(s, fact);
	struct buf b;
	buf_init(&b);
	buf_addf(&b, "%s%s%s · %s", title, *title ? " 표" : "표", "",
		 sp->view->row_labels[sp->row]);
	const char *col = sp->view->col_labels[sp->col];
	if (*col)
		buf_addf(&b, " · %s", col);
	const char *r = arena_strdup(&o->arena, b.data);
	buf_release(&b);
	return r;
}

/* A finding without facts: the first text, field or milestone it marks. */
static void place_finding(struct site *s, struct site_finding *sf, size_t k)
{
	struct outline *o = &s->o;
	size_t id = o->first_place[k];
	const struct place *p = id ? outline_place(o, id) : NULL;
	static const enum resource_id res_of[] = {[PLACE_TEXT] = RES_TEXTS,
						  [PLACE_FIELD] = RES_FIELDS,
						  [PLACE_MILESTONE] = RES_MILESTONES};

	if (!p || p->kind == PLACE_FACT)
		return;
	const struct table *t = &s->m.tables[res_of[p->kind]];
	const char *node = table_get(t, p->row, "node");
	long oi = site_outline_node(s, node);
	sf->unit = site_node_owner(s, node);
	sf->node = oi >= 0 ? page_node(o, oi) : NULL;
	const char *title = oi >= 0 ? o->nodes[oi].title : "";
	if (p->kind == PLACE_MILESTONE)
		sf->where_ko = arena_printf(&o->arena, "%s 추진일정 · %s", title,
					    table_get(t, p->row, "title"));
	else if (p->kind == PLACE_FIELD)
		sf->where_ko =
			arena_printf(&o->arena, "%s · %s", title, table_get(t, p->row, "key"));
	else
		sf->where_ko = arena_printf(&o->arena, "%s 본문", title);
}

/* The finding's identity and the status people gave it: a "fixed" row of
 * a finding that is back again is open. */
static void finding_status(struct site *s, struct site_finding *sf, const struct finding *f)
{
	sf->target = f->expr ? f->expr : "";
	sf->status = "open";
	for (size_t i = 0; i < s->n_statuses; i++)
		if (strcmp(s->statuses[i].rule, f->rule) == 0 &&
		    strcmp(s->statuses[i].target, sf->target) == 0 &&
		    strcmp(s->statuses[i].status, "fixed") != 0) {
			sf->status = s->statuses[i].status;
			sf->status_reason = s->statuses[i].reason;
		}
}

int site_result_has(const struct check_result *res, const char *rule, const char *target)
{
	for (size_t k = 0; k < res->n_findings; k++)
		if (strcmp(res->findings[k].rule, rule) == 0 &&
		    strcmp(res->findings[k].expr ? res->findings[k].expr : "", target) == 0)
			return 1;
	return 0;
}

void site_findings_build(struct site *s)
{
	const struct check_result *res = &s->res;
	struct fact_spot *spots = spots_build(s);
	const char *office = NULL;
	struct buf words;

	buf_init(&words);
	for (size_t r = 0; r < s->m.tables[RES_UNITS].n_rows && !office; r++)
		if (!*table_get(&s->m.tables[RES_UNITS], r, "parent"))
			office = table_get(&s->m.tables[RES_UNITS], r, "id");
	s->n_findings = res->n_findings;
	s->findings = xcalloc(res->n_findings ? res->n_findings : 1, sizeof(*s->findings));
	for (size_t k = 0; k < res->n_findings; k++) {
		struct site_finding *sf = &s->findings[k];
		const struct finding *f = &res->findings[s->o.order[k]];
		sf->index = s->o.order[k];
		sf->number = k + 1;
		sf->fact = -1;
		long first = -1;
		for (size_t t = 0; t < f->n_targets && first < 0; t++)
			if (f->targets[t].type == TARGET_FACT)
				first = check_target_index(res, &f->targets[t]);
		check_message(f, 0, &words);
		sf->message_ko = arena_strdup(&s->o.arena, words.data);
		check_message(f, 1, &words);
		sf->message_en = arena_strdup(&s->o.arena, words.data);
		for (int l = CHECK_KO; l <= CHECK_BOTH; l++) {
			check_explanation(res, f, (enum check_lang)l, &words);
			sf->explanation[l] =
				words.len ? arena_strdup(&s->o.arena, words.data) : NULL;
		}
		if (first >= 0) {
			size_t fact = (size_t)first;
			const struct fact_spot *sp = &spots[fact];
			const char *node;
			sf->fact = (long)fact;
			sf->unit = site_fact_unit(s, fact, &node);
			if (!sf->unit && sp->node >= 0)
				sf->unit = site_node_owner(s, s->o.nodes[sp->node].id);
			sf->node = sp->node >= 0 ? page_node(&s->o, sp->node) : node;
			sf->where_ko = spot_label(s, sp, fact);
		} else {
			place_finding(s, sf, k);
		}
		if (!sf->unit)
			sf->unit = office;
		finding_status(s, sf, f);
		if (!sf->where_ko)
			sf->where_ko = sf->message_ko;
		for (size_t d = 0; d < s->n_divs; d++)
			if (sf->unit && strcmp(s->divs[d].id, sf->unit) == 0) {
				if (f->severity == SEV_ERROR)
					s->divs[d].errors++;
				else
					s->divs[d].warnings++;
			}
	}
	buf_release(&words);
	free(spots);
}

/* The severity name and the finding of a site finding: for api.c and pages.c,
 * so that they need not know struct finding either. */
const char *site_finding_severity(const struct site *s, const struct site_finding *sf)
{
	return s->res.findings[sf->index].severity == SEV_ERROR ? "error" : "warning";
}

const char *site_finding_rule(const struct site *s, const struct site_finding *sf)
{
	return s->res.findings[sf->index].rule;
}

const char *site_finding_message(const struct site *s, const struct site_finding *sf, int en)
{
	(void)s;
	return en && sf->message_en && *sf->message_en ? sf->message_en : sf->message_ko;
}

const char *site_finding_explanation(const struct site *s, const struct site_finding *sf,
				     enum check_lang lang)
{
	(void)s;
	return sf->explanation[lang];
}

int site_finding_values(const struct site *s, const struct site_finding *sf, int as_printed,
			char stated[32], char computed[32], char delta[32])
{
	const struct finding *f = &s->res.findings[sf->index];
	char *out[3] = {stated, computed, delta};
	struct buf b;

	if (!f->has_values || f->dates)
		return 0;
	if (!as_printed) { /* exact decimals, for JSON */
		dec_str(f->stated, stated);
		dec_str(f->computed, computed);
		dec_str(f->delta, delta);
		return 1;
	}
	/* as people print them: grouped, at the finding's decimals */
	buf_init(&b);
	for (int k = 0; k < 3; k++) {
		check_format_value(f, k, &b);
		snprintf(out[k], 32, "%s", b.data);
	}
	buf_release(&b);
	return 1;
}
