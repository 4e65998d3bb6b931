/*
 * check.c - `jipyo check (DIR | --db FILE) [--json] [--severity LEVEL]
 * [--division UNIT] [--table TABLE]`.
 *
 * Exit 0 when no finding shown is at error level, 1 when some is, 2 when the
 * input itself is bad (it is reported as file:line:column), 3 when the
 * environment failed. The filters choose the findings printed and counted;
 * the table fits the terminal's width (COLUMNS) and has colour only on a
 * terminal, never with NO_COLOR set.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "base/par.h"
#include "base/progress.h"
#include "check/check.h"
#include "cmd.h"
#include "load.h"
#include "render/describe.h"

/* The units a division is: the one named (by id or Korean name) and those
 * under it. Returns how many; 0 when none is named so. */
static size_t division_units(const struct model *m, const char *name, const char **out, size_t max)
{
	const struct table *u = &m->tables[RES_UNITS];
	size_t n = 0;

	for (size_t r = 0; r < u->n_rows && !n; r++)
		if (strcmp(table_get(u, r, "id"), name) == 0 ||
		    strcmp(table_get(u, r, "name_ko"), name) == 0)
			out[n++] = table_get(u, r, "id");
	for (size_t grew = 1; grew && n;) { /* the units below, level by level */
		grew = 0;
		for (size_t r = 0; r < u->n_rows && n < max; r++) {
			const char *id = table_get(u, r, "id"), *parent = table_get(u, r, "parent");
			int in = 0, parent_in = 0;
			for (size_t k = 0; k < n; k++) {
				in |= strcmp(out[k], id) == 0;
				parent_in |= strcmp(out[k], parent) == 0;
			}
			if (!in && parent_in) {
				out[n++] = id;
				grew = 1;
			}
		}
	}
	return n;
}

static int in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (strcmp(s, list[k]) == 0)
			return 1;
	return 0;
}

/* The owner of a node (by id), "" when none. */
static const char *node_owner(const struct model *m, const char *node)
{
	const struct table *t = &m->tables[RES_NODES];
	for (size_t r = 0; r < t->n_rows; r++)
		if (strcmp(table_get(t, r, "id"), node) == 0)
			return table_get(t, r, "owner");
	return "";
}

/* Whether a finding concerns one of the units: a fact at one of them (any
 * coordinate naming it), or a fact, milestone or field of a node one of
 * them owns. */
static int of_division(const struct model *m, const struct finding *f, const char *const *units,
		       size_t n)
{
	for (size_t t = 0; t < f->n_targets; t++) {
		const struct target *tg = &f->targets[t];
		if (tg->type == TARGET_FACT) {
			for (const char *p = tg->fact.coords; p && *p;) {
				const char *eq = strchr(p, '='), *semi = strchr(p, ';');
				size_t len =
					eq ? (semi ? (size_t)(semi - eq - 1) : strlen(eq + 1)) : 0;
				char member[JY_ID_BYTES_MAX + 1];
				if (eq && len < sizeof(member)) {
					memcpy(member, eq + 1, len);
					member[len] = '\0';
					if (in_list(member, units, n) ||
					    in_list(node_owner(m, member), units, n))
						return 1;
				}
				p = semi ? semi + 1 : NULL;
			}
		} else if (tg->node && in_list(node_owner(m, tg->node), units, n)) {
			return 1;
		}
	}
	return 0;
}

static int of_table(const struct finding *f, const char *table)
{
	for (size_t t = 0; t < f->n_targets; t++)
		if (f->targets[t].type == TARGET_FACT && f->targets[t].fact.table &&
		    strcmp(f->targets[t].fact.table, table) == 0)
			return 1;
	return 0;
}

/* Keeps the findings the filters let through, counted again. */
static int filter(const struct model *m, const struct args *a, struct check_result *res)
{
	const char *units[256];
	size_t n_units = 0, kept = 0;
	int errors_only = 0;

	if (a->severity && strcmp(a->severity, "error") == 0)
		errors_only = 1;
	else if (a->severity && strcmp(a->severity, "warning") != 0)
		return msg_error(M_OPTION_BAD_VALUE, "--severity", a->severity, "error | warning");
	if (a->division && !(n_units = division_units(m, a->division, units, 256)))
		return msg_error(M_OPTION_BAD_VALUE, "--division", a->division,
				 msg_korean() ? "units.csv의 조직 id 또는 이름"
					      : "a unit's id or name in units.csv");
	res->errors = res->warnings = 0;
	for (size_t i = 0; i < res->n_findings; i++) {
		const struct finding *f = &res->findings[i];
		if ((errors_only && f->severity != SEV_ERROR) ||
		    (a->division && !of_division(m, f, units, n_units)) ||
		    (a->table && !of_table(f, a->table)))
			continue;
		res->findings[kept++] = *f;
		*(f->severity == SEV_ERROR ? &res->errors : &res->warnings) += 1;
	}
	res->n_findings = kept;
	return 0;
}

/* The terminal's width: COLUMNS, else the terminal's own, else 0 (none). */
static int term_cols(void)
{
	const char *c = getenv("COLUMNS");
	struct winsize ws;
	if (c && atoi(c) > 0)
		return atoi(c);
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col)
		return ws.ws_col;
	return 0;
}

static int use_colour(void)
{
	const char *no = getenv("NO_COLOR");
	return isatty(STDOUT_FILENO) && !(no && *no);
}

int cmd_check(int argc, char **argv)
{
	const struct command *self = cmd_find("check");
	struct args a;
	struct model m;
	struct factset fs;
	struct check_result res;
	struct jy_err err;
	int rc, validated;

	if ((rc = args_parse(argc, argv, NULL, self, &a)))
		return rc == ARGS_HELP ? 0 : rc;
	if ((a.n_positional == 1) == (a.db != NULL) || a.n_positional > 1)
		return cmd_bad_args(self);
	par_timing(NULL);
	progress_start(msg_korean() ? "검증" : "checking");
	model_init(&m);
	rc = load_model(a.n_positional ? a.positional[0] : NULL, a.db, &m, &fs, &validated, &err);
	par_timing("load");
	if (!rc) {
		rc = check_run(&m, validated ? &fs : NULL, &res, stderr, &err);
		if (rc)
			check_result_release(&res);
	}
	progress_end();
	if (rc) {
		model_release(&m);
		return cmd_fail(&err);
	}
	if ((rc = filter(&m, &a, &res)) == 0) {
		if (a.json) {
			check_print_json(&res, stdout);
		} else {
			struct describer d;
			describer_init(&d, &m, &res.fs);
			check_print_table_term(&res, stdout, term_cols(), use_colour(),
					       describe_target_cb, &d);
			describer_release(&d);
		}
		rc = res.errors ? JY_EXIT_FINDINGS : JY_EXIT_OK;
		if (a.json) /* the last line: the exit code and the counts */
			printf("{\"exit\":%d,\"errors\":%d,\"warnings\":%d}\n", rc, res.errors,
			       res.warnings);
	}
	par_timing("print");
	check_result_release(&res);
	model_release(&m);
	par_timing("release");
	return rc;
}
