/*
 * coverage.c - `jipyo coverage --seed FILE (DIR | --db FILE) [--min PCT]
 * [--uncovered] [--json]`.
 *
 * Lists every numeric token of the report text with the fact, milestone or
 * row that carries it, or the reason (uncovered.csv) why none does, and the
 * share covered. Exit 0 when the share is at least --min percent (default
 * 97, at most one decimal) and every token nothing carries has a reason and
 * every reason a token; 1 otherwise; 2 for bad input.
 */
#include <string.h>

#include "cmd.h"
#include "cover/cover.h"
#include "load.h"
#include "render/describe.h"

/* "97" or "97.5" as tenths of a percent; -1 when it is not 0..100 with at
 * most one decimal. */
static long parse_min(const char *s)
{
	long whole = 0, tenth = 0;
	const char *p = s;
	int digits = 0;

	for (; *p >= '0' && *p <= '9' && digits < 4; p++, digits++)
		whole = whole * 10 + (*p - '0');
	if (!digits)
		return -1;
	if (*p == '.' && p[1] >= '0' && p[1] <= '9') {
		tenth = p[1] - '0';
		p += 2;
	}
	if (*p || whole * 10 + tenth > 1000)
		return -1;
	return whole * 10 + tenth;
}

static void summary(const struct cover_report *rep, long min_permille, FILE *out)
{
	size_t total = rep->covered + rep->explained + rep->missing;
	long share = cover_share_permille(rep);

	msg_print(out, M_COVER_SUMMARY, rep->seed_name, total, rep->lines, rep->covered, share / 10,
		  share % 10, min_permille / 10, min_permille % 10, rep->explained, rep->missing);
	if (rep->n_unused)
		msg_print(out, M_COVER_UNUSED_COUNT, rep->n_unused);
	fputc('\n', out);
}

/* cover_labeller: a carrying row in the words of render/describe.h. */
static void describe_cover_cb(void *ctx, enum resource_id r, size_t row, struct buf *out)
{
	describe_table_row(ctx, r, row, out);
}

int cmd_coverage(int argc, char **argv)
{
	const struct command *self = cmd_find("coverage");
	struct args a;
	struct model m;
	struct factset fs;
	struct cover_report rep;
	struct jy_err err;
	long min_permille = 970;
	int rc, validated;

	if ((rc = args_parse(argc, argv, NULL, self, &a)))
		return rc == ARGS_HELP ? 0 : rc;
	if (!a.seed || (a.n_positional == 1) == (a.db != NULL) || a.n_positional > 1) {
		if (!a.seed) {
			msg_error(M_SEED_REQUIRED);
			msg_hint(M_HINT_HELP, self->name);
			return 2;
		}
		return cmd_bad_args(self);
	}
	if (a.min && (min_permille = parse_min(a.min)) < 0) {
		msg_error(M_MIN_BAD, a.min);
		msg_hint(M_HINT_HELP, self->name);
		return 2;
	}
	model_init(&m);
	rc = load_model(a.n_positional ? a.positional[0] : NULL, a.db, &m, &fs, &validated, &err);
	if (!rc && !validated) /* the image's factset, or validation's */
		rc = model_validate_facts(&m, stderr, &fs, &err);
	if (!rc) {
		rc = cover_run(&m, &fs, a.seed, &rep, &err);
		if (rc) {
			factset_release(&fs);
			cover_report_release(&rep);
		}
	}
	if (rc) {
		model_release(&m);
		return cmd_fail(&err);
	}
	if (a.json) {
		cover_print_json(&rep, stdout);
		for (size_t k = 0; k < rep.n_unused; k++)
			msg_print(stderr, M_COVER_UNUSED, rep.unused[k].row_line,
				  rep.unused[k].token, rep.unused[k].source);
		summary(&rep, min_permille, stderr);
	} else {
		struct describer d;
		describer_init(&d, &m, &fs);
		cover_print_table(&rep, !a.uncovered, stdout, describe_cover_cb, &d);
		describer_release(&d);
		summary(&rep, min_permille, stdout);
	}
	rc = rep.missing || rep.n_unused || cover_share_permille(&rep) < min_permille ? 1 : 0;
	factset_release(&fs);
	cover_report_release(&rep);
	model_release(&m);
	return rc;
}
