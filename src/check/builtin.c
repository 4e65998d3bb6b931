/*
 * builtin.c - the checks that need no rule (numbers printed in an odd form,
 * printed weekdays and ranges of milestones) and suspects across the
 * findings of every rule.
 */
#include "check_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/knum.h"

/* ---- built-in checks ------------------------------------------------------ */

void ck_check_printed_forms(struct check_result *res)
{
	for (size_t i = 0; i < res->fs.n_facts; i++)
		ck_check_printed_form(res, i);
}

int ck_check_printed_form(struct check_result *res, size_t i)
{
	{
		const struct fact_info *f = &res->fs.facts[i];
		int comma = f->knum_flags & KNUM_DECIMAL_COMMA;
		if (!comma && !(f->knum_flags & KNUM_APPROX_TWICE))
			return 0;
		struct finding *fd = check_add_finding(res);
		fd->rule = "printed-form";
		fd->kind = FK_PRINTED_FORM;
		fd->severity = SEV_WARNING;
		fd->msg = comma ? MSG_DECIMAL_COMMA : MSG_APPROX_TWICE;
		fd->expr = arena_printf(&res->arena, "\"%s\" read as %s", fact_printed(&res->fs, f),
					dec_str(f->value, (char[32]){0}));
		check_target_fact(check_add_target(fd, &res->arena, TARGET_FACT, ROLE_STATED),
				  &res->fs, i);
	}
	return 1;
}

void ck_check_milestone_dates(struct model *m, const struct model_dates *md,
			      struct check_result *res)
{
	const struct table *t = &m->tables[RES_MILESTONES];

	for (size_t row = 0; row < t->n_rows; row++) {
		if (!md->ms[row].parsed)
			continue;
		const struct kdate_range r = md->ms[row].r;
		enum finding_msg msg;
		int printed = 0, calendar = 0;
		if (r.start_wday >= 0 && !r.open_start && kdate_weekday(r.start) != r.start_wday) {
			msg = MSG_WEEKDAY;
			printed = r.start_wday;
			calendar = kdate_weekday(r.start);
		} else if (r.end_wday >= 0 && !r.open_end && kdate_weekday(r.end) != r.end_wday) {
			msg = MSG_WEEKDAY_END;
			printed = r.end_wday;
			calendar = kdate_weekday(r.end);
		} else if (!r.open_start && !r.open_end && kdate_cmp(r.end, r.start) < 0)
			msg = MSG_RANGE_REVERSED;
		else
			continue;
		struct finding *fd = check_add_finding(res);
		fd->rule = "date-form";
		fd->kind = FK_DATE;
		fd->severity = SEV_ERROR;
		fd->msg = msg;
		fd->wday_printed = printed;
		fd->wday_calendar = calendar;
		fd->expr = arena_printf(&res->arena, "%s: %s", table_get(t, row, "title"),
					table_get(t, row, "when"));
		struct target *tg =
			check_add_target(fd, &res->arena, TARGET_MILESTONE, ROLE_STATED);
		tg->node = table_get(t, row, "node");
		tg->seq = table_get(t, row, "seq");
		tg->source = table_get(t, row, "source");
	}
}

/* One fact read by a failing rule, and the value that rule needs it to have. */
struct fix_entry {
	long fact;
	size_t finding, target;
};

static int fix_entry_cmp(const void *pa, const void *pb)
{
	const struct fix_entry *a = pa, *b = pb;
	if (a->fact != b->fact)
		return a->fact < b->fact ? -1 : 1;
	return (a->finding > b->finding) - (a->finding < b->finding);
}

/* A cell is a suspect when two or more failing rules read it and one change
 * of it would satisfy every one of them: each needs it to have the same value
 * (set_fixes). A row and a column crossing is the common case; a total that a
 * headline repeats, or a part of two sums over different dimensions, too. */
void ck_find_suspects(struct check_result *res)
{
	struct fix_entry *e = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < res->n_findings; i++) {
		const struct finding *f = &res->findings[i];
		if (!f->has_values || f->severity != SEV_ERROR || f->dates)
			continue;
		for (size_t k = 0; k < f->n_targets; k++) {
			const struct target *t = &f->targets[k];
			if (t->type != TARGET_FACT || t->role == ROLE_LEFT_OUT)
				continue;
			XGROW(e, cap, n + 1);
			e[n++] = (struct fix_entry){check_target_index(res, t), i, k};
		}
	}
	if (n)
		qsort(e, n, sizeof(*e), fix_entry_cmp);
	for (size_t a = 0, b; a < n; a = b) {
		size_t rules = 0;
		int agree = e[a].fact >= 0;
		const struct target *first = &res->findings[e[a].finding].targets[e[a].target];
		for (b = a; b < n && e[b].fact == e[a].fact; b++) {
			const struct target *t = &res->findings[e[b].finding].targets[e[b].target];
			agree = agree && t->has_fix && dec_cmp(t->fix, first->fix) == 0;
			rules += b == a || e[b].finding != e[b - 1].finding;
		}
		if (!agree || rules < 2)
			continue;
		struct dec fix = first->fix; /* adding targets may move first's array */
		for (size_t k = a; k < b; k++) {
			if (k > a && e[k].finding == e[k - 1].finding)
				continue;
			struct finding *f = &res->findings[e[k].finding];
			struct target *s =
				check_add_target(f, &res->arena, TARGET_FACT, ROLE_SUSPECT);
			check_target_fact(s, &res->fs, (size_t)e[a].fact);
			s->has_fix = 1;
			s->fix = fix;
		}
	}
	free(e);
}
