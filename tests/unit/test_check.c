/*
 * test_check.c - unit tests of the validator (src/check/check.c) on small
 * models built in memory: sums, ratios and bounds with the tolerance of
 * printed precision, hierarchies, sums over periods, reconciliation
 * explanations, suspects, unused rules, printed forms, and model_validate's
 * located input errors.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "model/diag.h"

static struct model M;
static struct check_result R;
static int ran;
static char *diag_text;
static size_t diag_len;
static long next_line[RES_COUNT];

static void setup(void)
{
	model_init(&M);
	memset(&R, 0, sizeof(R));
	ran = 0;
	diag_text = NULL;
	diag_len = 0;
	for (int i = 0; i < RES_COUNT; i++)
		next_line[i] = 2; /* line 1 is the header */
}

static void teardown(void)
{
	if (ran)
		check_result_release(&R);
	model_release(&M);
	free(diag_text);
}

TestSuite(check, .init = setup, .fini = teardown);

/* ---- building models ---------------------------------------------------- */

static void add(enum resource_id r, const char *const *v)
{
	model_add_row(&M, r, v, next_line[r]++);
}

static void dimension(const char *id)
{
	const char *v[] = {id, id, "", "members"};
	add(RES_DIMENSIONS, v);
}

static void member(const char *dim, const char *id, const char *parent)
{
	char seq[16];
	snprintf(seq, sizeof(seq), "%ld", next_line[RES_MEMBERS]);
	const char *v[] = {dim, id, parent, seq, id, ""};
	add(RES_MEMBERS, v);
}

/* kind: "count" (명, exact), "mil" (백만원, rounded), "pct" (%, rounded) */
static void measure(const char *id, const char *kind, const char *dims)
{
	const char *v[10] = {id, id, "", "명", "명", "1", dims, "flow", "exact", ""};
	if (strcmp(kind, "mil") == 0) {
		v[3] = "백만원";
		v[4] = "원";
		v[5] = "1000000";
		v[8] = "rounded";
	} else if (strcmp(kind, "pct") == 0) {
		v[3] = v[4] = "%";
		v[7] = "rate";
		v[8] = "rounded";
	}
	add(RES_MEASURES, v);
}

/* A head count whose printed forms `forms` ("-|해당없음") mean not applicable. */
static void measure_na(const char *id, const char *dims, const char *forms)
{
	const char *v[10] = {id, id, "", "명", "명", "1", dims, "flow", "exact", forms};
	add(RES_MEASURES, v);
}

static void fact_full(const char *measure, const char *coords, const char *period, const char *kind,
		      const char *value, const char *printed)
{
	char source[32];
	snprintf(source, sizeof(source), "r.txt:%ld", 100 + next_line[RES_FACTS]);
	const char *v[JY_CSV_COLUMNS_MAX] = /* provenance columns empty */ {
		measure, coords, period, kind, "", value, printed, source};
	add(RES_FACTS, v);
}

static void fact(const char *measure, const char *coords, const char *value)
{
	fact_full(measure, coords, "2022", "actual", value, value);
}

static void rule_full(const char *id, const char *kind, const char *measures, const char *expr,
		      const char *scope, const char *severity)
{
	const char *v[] = {id, kind, measures, expr, scope, severity, "메시지", "message", ""};
	add(RES_RULES, v);
}

static void rule(const char *id, const char *kind, const char *expr)
{
	rule_full(id, kind, "", expr, "", "error");
}

/* Runs the check with a memstream for diagnostics; returns check_run's code. */
static int run(void)
{
	struct jy_err err;
	FILE *out = open_memstream(&diag_text, &diag_len);
	cr_assert_not_null(out);
	memset(&err, 0, sizeof(err));
	int rc = check_run(&M, NULL, &R, out, &err);
	fclose(out);
	ran = 1;
	return rc;
}

static void run_ok(void)
{
	int rc = run();
	cr_assert_eq(rc, 0, "check_run failed; diagnostics:\n%s", diag_text);
	cr_assert_eq(diag_len, 0, "unexpected diagnostics:\n%s", diag_text);
}

static void assert_diag(const char *text);

static const char *S(struct dec d)
{
	static char out[8][32];
	static int k;
	k = (k + 1) % 8;
	return dec_str(d, out[k]);
}

static const struct finding *only_finding(void)
{
	cr_assert_eq(R.n_findings, 1, "%zu findings, expected 1%s%s", R.n_findings,
		     R.n_findings ? ": first " : "", R.n_findings ? R.findings[0].rule : "");
	return &R.findings[0];
}

static void no_findings(void)
{
	cr_assert_eq(R.n_findings, 0, "%zu findings, expected none (first: %s %s %s vs %s)",
		     R.n_findings, R.n_findings ? R.findings[0].rule : "",
		     R.n_findings ? R.findings[0].expr : "",
		     R.n_findings ? S(R.findings[0].stated) : "",
		     R.n_findings ? S(R.findings[0].computed) : "");
	cr_assert_eq(R.errors, 0);
	cr_assert_eq(R.warnings, 0);
}

static void values_are(const struct finding *f, const char *stated, const char *computed,
		       const char *delta)
{
	cr_assert(f->has_values);
	cr_assert_str_eq(S(f->stated), stated, "stated %s, expected %s", S(f->stated), stated);
	cr_assert_str_eq(S(f->computed), computed, "computed %s, expected %s", S(f->computed),
			 computed);
	cr_assert_str_eq(S(f->delta), delta, "delta %s, expected %s", S(f->delta), delta);
}

/* The facts a finding read (stated, then read), by their keys. */
static size_t n_facts(const struct finding *f)
{
	size_t n = 0;
	for (size_t i = 0; i < f->n_targets; i++)
		n += f->targets[i].type == TARGET_FACT &&
		     (f->targets[i].role == ROLE_STATED || f->targets[i].role == ROLE_READ);
	return n;
}

static size_t n_stated(const struct finding *f)
{
	size_t n = 0;
	for (size_t i = 0; i < f->n_targets; i++)
		n += f->targets[i].type == TARGET_FACT && f->targets[i].role == ROLE_STATED;
	return n;
}

static const struct fact_info *fact_of(const struct finding *f, size_t i)
{
	cr_assert_lt(i, n_facts(f));
	for (size_t k = 0; k < f->n_targets; k++) {
		const struct target *t = &f->targets[k];
		if (t->type != TARGET_FACT || (t->role != ROLE_STATED && t->role != ROLE_READ) ||
		    i--)
			continue;
		/* by its key, as a client holding only the JSON would find it */
		long fi = factset_find_key(&R.fs, t->fact.measure, t->fact.coords, t->fact.period,
					   t->fact.kind, t->fact.table);
		cr_assert_geq(fi, 0, "the key of target %zu finds no fact", k);
		return &R.fs.facts[fi];
	}
	return NULL;
}

static size_t n_suspects(const struct finding *f)
{
	size_t n = 0;
	for (size_t i = 0; i < f->n_targets; i++)
		n += f->targets[i].role == ROLE_SUSPECT;
	return n;
}

static const struct target *suspect(const struct finding *f, size_t i)
{
	for (size_t k = 0; k < f->n_targets; k++)
		if (f->targets[k].role == ROLE_SUSPECT && i-- == 0)
			return &f->targets[k];
	cr_assert_fail("no suspect %zu", i);
	return NULL;
}

static const struct fact_info *suspect_fact(const struct finding *f, size_t i)
{
	long fi = check_target_index(&R, suspect(f, i));
	cr_assert_geq(fi, 0);
	return &R.fs.facts[fi];
}

/* Rendered texts, kept until the next call of the same helper. */
static const char *explained(const struct finding *f)
{
	static struct buf b;
	if (!b.data)
		buf_init(&b);
	check_explanation(&R, f, CHECK_BOTH, &b);
	return b.len ? b.data : NULL;
}

static const char *finding_msg(const struct finding *f, int en)
{
	static struct buf b[2];
	if (!b[en].data)
		buf_init(&b[en]);
	check_message(f, en, &b[en]);
	return b[en].data;
}

static const char *sources_of(const struct finding *f)
{
	static struct buf b;
	const char **list;
	size_t n = check_sources(&R, f, &list);
	if (!b.data)
		buf_init(&b);
	buf_reset(&b);
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s%s", i ? ";" : "", list[i]);
	free(list);
	return b.data ? b.data : "";
}

/* A column: item total and members a, b, c, no hierarchy. */
static void items_model(const char *measure_kind, const char *total, const char *a, const char *b,
			const char *c)
{
	dimension("item");
	member("item", "total", "");
	member("item", "a", "");
	member("item", "b", "");
	member("item", "c", "");
	measure("m", measure_kind, "item");
	fact("m", "item=total", total);
	fact("m", "item=a", a);
	fact("m", "item=b", b);
	fact("m", "item=c", c);
	rule("col-total", "sum", "m{item=total} = sum(m by item)");
}

/* ---- sums ---------------------------------------------------------------------- */

Test(check, sum_that_holds)
{
	items_model("count", "6", "1", "2", "3");
	run_ok();
	no_findings();
	cr_assert_eq(R.rules_evaluated, 1);
}

Test(check, sum_off_is_an_error)
{
	items_model("count", "7", "1", "2", "3");
	run_ok();
	const struct finding *f = only_finding();
	cr_assert_str_eq(f->rule, "col-total");
	cr_assert_str_eq(check_kind_name(f->kind), "sum");
	cr_assert_eq(f->severity, SEV_ERROR);
	values_are(f, "7", "6", "1");
	cr_assert_eq(n_stated(f), 1);
	cr_assert_eq(n_facts(f), 4);
	cr_assert_str_eq(fact_coords(&R.fs, fact_of(f, 0)), "item=total");
	cr_assert(strstr(f->expr, "m{item=total}"), "expr: %s", f->expr);
	cr_assert_null(explained(f), "no member explains a delta of +1: %s", explained(f));
	cr_assert_str_eq(finding_msg(f, 0), "메시지");
	cr_assert_eq(R.errors, 1);
	cr_assert_eq(R.warnings, 0);
}

Test(check, rule_severity_warning_caps_an_error)
{
	dimension("item");
	member("item", "total", "");
	member("item", "a", "");
	measure("m", "count", "item");
	fact("m", "item=total", "9");
	fact("m", "item=a", "1");
	rule_full("soft", "sum", "", "m{item=total} = sum(m by item)", "", "warning");
	run_ok();
	const struct finding *f = only_finding();
	cr_assert_eq(f->severity, SEV_WARNING);
	values_are(f, "9", "1", "8");
}

Test(check, rounded_amounts_off_by_one_is_a_warning)
{
	/* 33 + 33 + 33 = 99 printed as 100 백만원: each part is ±0.5 */
	items_model("mil", "100", "33", "33", "33");
	run_ok();
	const struct finding *f = only_finding();
	cr_assert_eq(f->severity, SEV_WARNING);
	values_are(f, "100", "99", "1");
	cr_assert_eq(R.warnings, 1);
	cr_assert_eq(R.errors, 0);
}

Test(check, rounded_amounts_off_beyond_rounding_is_an_error)
{
	/* the parts allow 97.5..100.5, the total 101.5..102.5 */
	items_model("mil", "102", "33", "33", "33");
	run_ok();
	const struct finding *f = only_finding();
	cr_assert_eq(f->severity, SEV_ERROR);
	values_are(f, "102", "99", "3");
}

Test(check, sum_in_base_units_is_converted)
{
	/* "1억원" is 100 백만원; "5,000만원" is 50 */
	dimension("item");
	member("item", "total", "");
	member("item", "a", "");
	member("item", "b", "");
	measure("m", "mil", "item");
	fact_full("m", "item=total", "2022", "actual", "150", "1.5억원");
	fact_full("m", "item=a", "2022", "actual", "100", "1억원");
	fact_full("m", "item=b", "2022", "actual", "50", "5,000만원");
	rule("col-total", "sum", "m{item=total} = sum(m by item)");
	run_ok();
	no_findings();
}

Test(check, reconciliation_explains_a_left_out_member)
{
	/* 5 = 6 - 1: the stated total is the sum without item a */
	items_model("count", "5", "1", "2", "3");
	run_ok();
	const struct finding *f = only_finding();
	values_are(f, "5", "6", "-1");
	cr_assert_not_null(explained(f));
	/* named as printed (the member's name, its figure), not by a coordinate */
	cr_assert(strstr(explained(f), "the sum without a 1 (r.txt:"), "explanation: %s",
		  explained(f));
	cr_assert(strstr(explained(f), "a 1을 빼면"), "explanation: %s", explained(f));
	cr_assert(strstr(explained(f), "r.txt:"), "explanation lacks the source: %s", explained(f));
}

Test(check, no_reconciliation_when_no_member_explains)
{
	items_model("count", "10", "1", "2", "3");
	run_ok();
	const struct finding *f = only_finding();
	values_are(f, "10", "6", "4");
	cr_assert_null(explained(f));
}

/* ---- ratios --------------------------------------------------------------------- */

static void ratio_model(const char *rate_printed)
{
	measure("employed", "count", "");
	measure("population", "count", "");
	measure("rate", "pct", "");
	fact("employed", "", "1");
	fact("population", "", "16");
	fact("rate", "", rate_printed);
	rule("emp-rate", "ratio", "rate = employed / population * 100");
}

Test(check, ratio_holds_after_half_up_rounding)
{
	/* 1 / 16 * 100 = 6.25, printed as 6.3: half-up (not half-even, not truncation) */
	ratio_model("6.3");
	run_ok();
	no_findings();
	cr_assert_eq(R.rules_evaluated, 1);
}

Test(check, ratio_that_does_not_hold_is_an_error)
{
	ratio_model("7.0");
	run_ok();
	const struct finding *f = only_finding();
	cr_assert_str_eq(check_kind_name(f->kind), "ratio");
	cr_assert_eq(f->severity, SEV_ERROR);
	values_are(f, "7.0", "6.25", "0.75"); /* computed shown unrounded */
	cr_assert_eq(n_stated(f), 1);
	cr_assert_eq(n_facts(f), 3);
}

static const char *shown_value(const struct finding *f, int which)
{
	static struct buf b[3];
	if (!b[which].data)
		buf_init(&b[which]);
	check_format_value(f, which, &b[which]);
	return b[which].data;
}

Test(check, numbers_are_shown_as_people_print_them)
{
	/* a computed share: two decimals, not 4.340473506200 */
	measure("city", "count", "");
	measure("raised", "count", "");
	fact("city", "", "1234");
	fact("raised", "", "28430");
	rule("share", "bound", "city / raised * 100 >= 5");
	/* a total: thousands grouped, at the printed decimals (one) */
	measure("amount", "mil", "");
	measure("part", "mil", "");
	fact("amount", "", "1234567.5");
	fact("part", "", "1234000.25");
	rule("total", "equal", "amount = part");
	run_ok();
	cr_assert_eq(R.n_findings, 2);
	const struct finding *share = &R.findings[0], *total = &R.findings[1];
	cr_assert_str_eq(S(share->stated), "4.340485402700"); /* the data keeps every digit */
	cr_assert_str_eq(shown_value(share, 0), "4.34");
	cr_assert_str_eq(shown_value(share, 1), "5");
	cr_assert_str_eq(shown_value(share, 2), "-0.66");
	cr_assert_str_eq(shown_value(total, 0), "1,234,567.5");
	cr_assert_str_eq(shown_value(total, 1), "1,234,000.25");
	cr_assert_str_eq(shown_value(total, 2), "567.25");
}

Test(check, ratio_within_the_printed_interval_is_a_warning)
{
	/* 6.2 stands for 6.15..6.25, which holds 6.25: not an error, but it does not
	 * round to what is printed */
	ratio_model("6.2");
	run_ok();
	const struct finding *f = only_finding();
	cr_assert_eq(f->severity, SEV_WARNING);
	values_are(f, "6.2", "6.25", "-0.05");
}

Test(check, ratio_with_percent_sign_and_integer_rate)
{
	measure("part", "count", "");
	measure("whole", "count", "");
	measure("rate", "pct", "");
	fact("part", "", "1");
	fact("whole", "", "8");
	fact_full("rate", "", "2022", "actual", "13", "13%");
	rule("r", "ratio", "rate = part / whole * 100");
	run_ok();
	no_findings(); /* 12.5 rounds half-up to 13 */
}

/* A rate is judged at its own printed decimals, not at its value's (whose
 * canonical form drops trailing zeros): "0.0%" says 0.387 is wrong (it prints
 * as 0.4), "0%" lets it pass. */
static void rate_printed_model(const char *rate_printed)
{
	measure("part", "count", "");
	measure("whole", "count", "");
	measure("rate", "pct", "");
	fact("part", "", "387");
	fact("whole", "", "100000");
	fact_full("rate", "", "2022", "actual", "0", rate_printed);
	rule("r", "ratio", "rate = part / whole * 100");
}

Test(check, a_rate_is_judged_at_its_printed_decimals)
{
	rate_printed_model("0.0%");
	run_ok();
	const struct finding *f = only_finding();
	cr_assert_eq(f->severity, SEV_ERROR);
	cr_assert_eq(f->scale, 1, "shown at the printed decimals, not the value's");
	cr_assert_str_eq(shown_value(f, 0), "0.0");
}

Test(check, a_rate_printed_without_decimals_is_judged_without)
{
	rate_printed_model("0%");
	run_ok();
	no_findings(); /* 0.387 rounds to 0 */
}

/* ---- instances that cannot be evaluated ---------------------------------------- */

Test(check, division_by_zero_is_an_error_that_says_so)
{
	measure("employed", "count", "");
	measure("population", "count", "");
	measure("rate", "pct", "");
	fact("employed", "", "1");
	fact_full("population", "", "2022", "actual", "0", "-");
	fact("rate", "", "5");
	rule("emp-rate", "ratio", "rate = employed / population * 100");
	run_ok();
	const struct finding *f = only_finding();
	cr_assert_str_eq(f->rule, "emp-rate");
	cr_assert_str_eq(check_kind_name(f->kind), "unevaluable");
	cr_assert_eq(f->severity, SEV_ERROR);
	cr_assert(strstr(finding_msg(f, 1), "division by zero"), "%s", finding_msg(f, 1));
	cr_assert(strstr(finding_msg(f, 0), "0으로 나눔"), "%s", finding_msg(f, 0));
	cr_assert_eq(R.errors, 1);
	cr_assert_eq(n_facts(f), 3); /* every fact it read, for the report's marks */
}

Test(check, overflow_is_an_error_never_a_pass)
{
	/* false in every instance, but the product leaves the exact range */
	measure("a", "count", "");
	measure("b", "count", "");
	fact("a", "", "50");
	fact("b", "", "1");
	rule("big", "bound", "a * 1000000000000000000 <= b");
	run_ok();
	const struct finding *f = only_finding();
	cr_assert_str_eq(check_kind_name(f->kind), "unevaluable");
	cr_assert_eq(f->severity, SEV_ERROR);
	cr_assert(strstr(finding_msg(f, 1), "beyond the exact range"), "%s", finding_msg(f, 1));
	cr_assert_eq(R.errors, 1);
}

Test(check, a_value_of_more_digits_than_the_exact_range_is_refused)
{
	measure("m", "count", "");
	fact_full("m", "", "2022", "actual", "9223372036854775807", "9223372036854775807");
	fact_full("m", "", "2021", "actual", "999999999999999", "999,999,999,999,999");
	cr_assert_eq(run(), JY_EINPUT);
	assert_diag("facts.csv:2:6: value: \"9223372036854775807\" has more than 15 digits");
	cr_assert_null(strstr(diag_text, "facts.csv:3:"), "15 digits are fine:\n%s", diag_text);
}

/* ---- bounds --------------------------------------------------------------------- */

Test(check, bound)
{
	dimension("unit");
	member("unit", "u1", "");
	member("unit", "u2", "");
	member("unit", "u3", "");
	measure("obligations", "count", "unit");
	measure("budget", "count", "unit");
	fact("obligations", "unit=u1", "50");
	fact("budget", "unit=u1", "100");
	fact("obligations", "unit=u2", "120");
	fact("budget", "unit=u2", "100");
	fact("obligations", "unit=u3", "100");
	fact("budget", "unit=u3", "100");
	rule("within-budget", "bound", "obligations <= budget");
	run_ok();
	cr_assert_eq(R.rules_evaluated, 3);
	const struct finding *f = only_finding();
	cr_assert_str_eq(check_kind_name(f->kind), "bound");
	cr_assert_eq(f->severity, SEV_ERROR);
	values_are(f, "120", "100", "20");
	/* a bound's sides are a left and a right, not stated and computed */
	cr_assert(f->left_right);
	cr_assert_str_eq(f->relation, "<=");
	struct buf b;
	buf_init(&b);
	check_values_text(f, &b);
	cr_assert_str_eq(b.data, "좌변 left 120, 우변 right 100 (좌변 <= 우변 / left <= right)");
	buf_release(&b);
	cr_assert(strstr(f->expr, "unit=u2"), "expr: %s", f->expr);
	cr_assert_str_eq(fact_coords(&R.fs, fact_of(f, 0)), "unit=u2");
	cr_assert_str_eq(fact_coords(&R.fs, fact_of(f, 1)), "unit=u2");
}

Test(check, strict_bound_fails_on_equality)
{
	measure("a", "count", "");
	measure("b", "count", "");
	fact("a", "", "5");
	fact("b", "", "5");
	rule("lt", "bound", "a < b");
	rule("ge", "bound", "a >= b");
	run_ok();
	const struct finding *f = only_finding();
	cr_assert_str_eq(f->rule, "lt");
	cr_assert_eq(f->severity, SEV_ERROR);
}

/* ---- sums over periods ------------------------------------------------------------ */

static void visitors_model(const char *v2022)
{
	measure("visitors", "count", "");
	fact_full("visitors", "", "2019..2022", "actual", "100", "100");
	fact_full("visitors", "", "2019", "actual", "10", "10");
	fact_full("visitors", "", "2020", "actual", "20", "20");
	fact_full("visitors", "", "2021", "actual", "30", "30");
	fact_full("visitors", "", "2022", "actual", v2022, v2022);
	rule("over-years", "sum", "visitors{period=2019..2022} = sum(visitors by period)");
}

Test(check, sum_by_period_holds)
{
	visitors_model("40");
	run_ok();
	no_findings();
	cr_assert_eq(R.rules_evaluated, 1);
}

Test(check, sum_by_period_off)
{
	visitors_model("45");
	run_ok();
	const struct finding *f = only_finding();
	cr_assert_eq(f->severity, SEV_ERROR);
	values_are(f, "100", "105", "-5");
	cr_assert_eq(n_facts(f), 5);
	cr_assert(strstr(f->expr, "@2019..2022"), "expr: %s", f->expr);
}

/* A sum over periods leaves `kind` free by design (docs/DESIGN.md): a 합계
 * of ’19~’22 adds the actual years and the planned (or estimated) last one. */
Test(check, sum_by_period_adds_a_planned_year)
{
	measure("visitors", "count", "");
	fact_full("visitors", "", "2019..2022", "actual", "100", "100");
	fact_full("visitors", "", "2019", "actual", "10", "10");
	fact_full("visitors", "", "2020", "actual", "20", "20");
	fact_full("visitors", "", "2021", "actual", "30", "30");
	fact_full("visitors", "", "2022", "plan", "40", "40");
	rule("over-years", "sum", "visitors{period=2019..2022} = sum(visitors by period)");
	run_ok();
	no_findings();
	cr_assert_eq(R.rules_evaluated, 1);
}

/* ---- hierarchies -------------------------------------------------------------------- */

static void org_model(const char *div_a2)
{
	dimension("org");
	member("org", "all", "");
	member("org", "bureau-a", "all");
	member("org", "div-a1", "bureau-a");
	member("org", "div-a2", "bureau-a");
	member("org", "bureau-b", "all");
	measure("staff", "count", "org");
	fact("staff", "org=all", "10");
	fact("staff", "org=bureau-a", "6");
	fact("staff", "org=div-a1", "2");
	fact("staff", "org=div-a2", div_a2);
	fact("staff", "org=bureau-b", "4");
}

Test(check, reconciliation_over_periods_names_the_year_and_kind_as_printed)
{
	/* the total 60 leaves out ’22년(추정) 2,500: named as the report prints it */
	measure("visitors", "count", "");
	fact_full("visitors", "", "2019..2022", "actual", "60", "60");
	fact_full("visitors", "", "2019", "actual", "10", "10");
	fact_full("visitors", "", "2020", "actual", "20", "20");
	fact_full("visitors", "", "2021", "actual", "30", "30");
	fact_full("visitors", "", "2022", "estimate", "2500", "2,500");
	rule("over-years", "sum", "visitors{period=2019..2022} = sum(visitors by period)");
	run_ok();
	const struct finding *f = only_finding();
	cr_assert(strstr(explained(f), "’22년(추정) 2,500을 빼면 합계와 일치"), "%s", explained(f));
	cr_assert(strstr(explained(f), "the sum without ’22년(추정) 2,500 (r.txt:"), "%s",
		  explained(f));
	cr_assert_null(strstr(explained(f), "period"), "%s", explained(f));
}

Test(check, a_power_of_ten_delta_is_a_unit_slip)
{
	/* the total printed in 천 units' digits: 6,000 for 6 */
	items_model("count", "6000", "1", "2", "3");
	run_ok();
	const struct finding *f = only_finding();
	cr_assert_eq(f->expl, EXPL_UNIT_SLIP);
	cr_assert_eq(f->exp10, 3);
	cr_assert(strstr(explained(f), "1,000 times the computed one: a unit slip (천)"), "%s",
		  explained(f));
	cr_assert(strstr(explained(f), "1,000배"), "%s", explained(f));
}

Test(check, an_explanation_is_one_language_when_asked)
{
	/* check's table prints the locale's language only; the report and the
	 * JSON both ("English / Korean") */
	items_model("count", "6000", "1", "2", "3");
	run_ok();
	const struct finding *f = only_finding();
	struct buf b;
	buf_init(&b);
	check_explanation(&R, f, CHECK_KO, &b);
	cr_assert_str_eq(b.data, "명시값이 계산값의 1,000배: 단위(천) 착오 의심");
	check_explanation(&R, f, CHECK_EN, &b);
	cr_assert_str_eq(b.data,
			 "the stated figure is 1,000 times the computed one: a unit slip (천)");
	check_explanation(&R, f, CHECK_BOTH, &b);
	cr_assert_str_eq(b.data, "the stated figure is 1,000 times the computed one: a unit slip "
				 "(천) / 명시값이 계산값의 1,000배: 단위(천) 착오 의심");
	buf_release(&b);
}

Test(check, a_delta_that_is_no_unit_multiple_is_no_unit_slip)
{
	items_model("count", "5999", "1", "2", "3");
	run_ok();
	cr_assert_null(explained(only_finding()));
}

Test(check, a_hundredfold_total_is_not_called_a_unit_slip)
{
	items_model("count", "600", "1", "2", "3");
	run_ok();
	cr_assert_null(explained(only_finding()));
}

Test(check, a_thousandth_is_a_unit_slip_too)
{
	items_model("mil", "6", "1000", "2000", "3000");
	run_ok();
	const struct finding *f = only_finding();
	cr_assert_eq(f->exp10, -3);
	cr_assert(strstr(explained(f), "1/1,000 times"), "%s", explained(f));
}

Test(check, hierarchy_total_sums_only_its_descendants)
{
	org_model("4");
	rule("bureau-a", "sum", "staff{org=bureau-a} = sum(staff by org)");
	rule("all", "sum", "staff{org=all} = sum(staff by org)");
	run_ok();
	/* bureau-a = 2 + 4 (not bureau-b, not all); all = 6 + 4 (not the divisions again) */
	no_findings();
	cr_assert_eq(R.rules_evaluated, 2);
}

Test(check, hierarchy_sum_off)
{
	org_model("5");
	rule("bureau-a", "sum", "staff{org=bureau-a} = sum(staff by org)");
	run_ok();
	const struct finding *f = only_finding();
	values_are(f, "6", "7", "-1");
	cr_assert_eq(n_facts(f), 3, "bureau-a sums its two divisions only");
	cr_assert_str_eq(fact_coords(&R.fs, fact_of(f, 0)), "org=bureau-a");
	for (size_t i = 1; i < n_facts(f); i++)
		cr_assert(strstr(fact_coords(&R.fs, fact_of(f, i)), "org=div-a"), "part %s",
			  fact_coords(&R.fs, fact_of(f, i)));
}

Test(check, hierarchy_grand_total_uses_the_children)
{
	/* the divisions of bureau-a do not add up to it (2 + 5 != 6), but the
	 * grand total sums the bureaus (6 + 4) and never the divisions again */
	org_model("5");
	rule("all", "sum", "staff{org=all} = sum(staff by org)");
	run_ok();
	no_findings();
	cr_assert_eq(R.rules_evaluated, 1);
}

Test(check, flat_total_leaves_out_a_part_whose_parent_is_a_part)
{
	/* "sum" has no children, so it sums every other member; div-a1 is in
	 * bureau-a already and is not counted again (6 + 4, not 6 + 2 + 4) */
	dimension("org");
	member("org", "sum", "");
	member("org", "bureau-a", "");
	member("org", "div-a1", "bureau-a");
	member("org", "bureau-b", "");
	measure("staff", "count", "org");
	fact("staff", "org=sum", "10");
	fact("staff", "org=bureau-a", "6");
	fact("staff", "org=div-a1", "2");
	fact("staff", "org=bureau-b", "4");
	rule("sum", "sum", "staff{org=sum} = sum(staff by org)");
	run_ok();
	no_findings();
	cr_assert_eq(R.rules_evaluated, 1);
}

/* docs/DATA.md, sum over a hierarchy: a child that is not printed passes its
 * place to its own children (bureau-a's divisions count toward all when
 * bureau-a has no fact), and so does one printed as not applicable. */
Test(check, hierarchy_total_adds_the_children_of_an_unprinted_subtotal)
{
	dimension("org");
	member("org", "all", "");
	member("org", "bureau-a", "all");
	member("org", "div-a1", "bureau-a");
	member("org", "div-a2", "bureau-a");
	member("org", "bureau-b", "all");
	measure_na("staff", "org", "-");
	fact("staff", "org=all", "10");
	fact_full("staff", "org=bureau-a", "2022", "actual", "0", "-");
	fact("staff", "org=div-a1", "2");
	fact("staff", "org=div-a2", "4");
	fact("staff", "org=bureau-b", "4");
	rule("all", "sum", "staff{org=all} = sum(staff by org)");
	run_ok();
	no_findings(); /* 2 + 4 + 4 */
	cr_assert_eq(R.rules_evaluated, 1);
}

/* ---- suspects ------------------------------------------------------------------------- */

static void grid_model(const char *r2c2)
{
	static const char *rows[] = {"r1", "r2", "r3", "total"};
	static const char *cols[] = {"c1", "c2", "c3", "total"};
	static const int v[4][4] = {{1, 2, 3, 6}, {4, 5, 6, 15}, {7, 8, 9, 24}, {12, 15, 18, 45}};

	dimension("row");
	dimension("col");
	for (int i = 0; i < 4; i++) {
		member("row", rows[i], "");
		member("col", cols[i], "");
	}
	measure("amt", "count", "row;col");
	for (int i = 0; i < 4; i++)
		for (int k = 0; k < 4; k++) {
			char coords[32], value[16];
			snprintf(coords, sizeof(coords), "row=%s;col=%s", rows[i], cols[k]);
			snprintf(value, sizeof(value), "%d", v[i][k]);
			fact("amt", coords, i == 1 && k == 1 ? r2c2 : value);
		}
	rule("row-totals", "sum", "amt{col=total} = sum(amt by col)");
	rule("col-totals", "sum", "amt{row=total} = sum(amt by row)");
}

Test(check, grid_that_holds)
{
	grid_model("5");
	run_ok();
	no_findings();
	cr_assert_eq(R.rules_evaluated, 8);
}

Test(check, suspect_cell_fails_its_row_and_its_column)
{
	grid_model("8");
	run_ok();
	cr_assert_eq(R.n_findings, 2, "%zu findings", R.n_findings);
	const struct finding *row = NULL, *col = NULL;
	for (size_t i = 0; i < R.n_findings; i++) {
		if (strcmp(R.findings[i].rule, "row-totals") == 0)
			row = &R.findings[i];
		if (strcmp(R.findings[i].rule, "col-totals") == 0)
			col = &R.findings[i];
	}
	cr_assert_not_null(row);
	cr_assert_not_null(col);
	cr_assert_eq(row->severity, SEV_ERROR);
	cr_assert_eq(col->severity, SEV_ERROR);
	values_are(row, "15", "18", "-3");
	values_are(col, "15", "18", "-3");
	cr_assert_str_eq(fact_coords(&R.fs, fact_of(row, 0)), "row=r2;col=total");
	cr_assert_str_eq(fact_coords(&R.fs, fact_of(col, 0)), "row=total;col=c2");

	const struct finding *both[] = {row, col};
	for (int q = 0; q < 2; q++) {
		const struct finding *f = both[q];
		cr_assert_eq(n_suspects(f), 1, "%s: %zu suspects", f->rule, n_suspects(f));
		const struct fact_info *s = suspect_fact(f, 0);
		cr_assert_str_eq(fact_coords(&R.fs, s), "row=r2;col=c2");
		cr_assert_str_eq(fact_printed(&R.fs, s), "8");
		cr_assert_str_eq(S(suspect(f, 0)->fix), "5");
	}
	cr_assert_eq(R.errors, 2);
}

Test(check, suspect_total_cell)
{
	/* a wrong row total: its row sum fails, and the grand column total over
	 * the row totals fails by the opposite delta on the same cell */
	static const char *rows[] = {"r1", "r2", "total"};
	static const char *cols[] = {"c1", "c2", "total"};
	static const int v[3][3] = {{1, 2, 3}, {4, 5, 9}, {5, 7, 12}};

	dimension("row");
	dimension("col");
	for (int i = 0; i < 3; i++) {
		member("row", rows[i], "");
		member("col", cols[i], "");
	}
	measure("amt", "count", "row;col");
	for (int i = 0; i < 3; i++)
		for (int k = 0; k < 3; k++) {
			char coords[32], value[16];
			snprintf(coords, sizeof(coords), "row=%s;col=%s", rows[i], cols[k]);
			snprintf(value, sizeof(value), "%d", i == 0 && k == 2 ? 4 : v[i][k]);
			fact("amt", coords, value);
		}
	rule("row-totals", "sum", "amt{col=total} = sum(amt by col)");
	rule("col-totals", "sum", "amt{row=total} = sum(amt by row)");
	run_ok();
	cr_assert_eq(R.n_findings, 2);
	for (size_t i = 0; i < R.n_findings; i++) {
		const struct finding *f = &R.findings[i];
		cr_assert_eq(n_suspects(f), 1, "%s: %zu suspects", f->rule, n_suspects(f));
		cr_assert_str_eq(fact_coords(&R.fs, suspect_fact(f, 0)), "row=r1;col=total");
		cr_assert_str_eq(S(suspect(f, 0)->fix), "3");
	}
}

/* ---- unused rules, scope -------------------------------------------------------------- */

Test(check, suspect_where_a_sum_and_an_equal_rule_cross)
{
	/* the total 7 fails its column (parts add to 6) and the headline that
	 * repeats it (6): changing that one cell to 6 satisfies both, though
	 * only one of the rules is a sum */
	items_model("count", "7", "1", "2", "3");
	measure("headline", "count", "");
	fact("headline", "", "6");
	rule("headline", "equal", "headline = m{item=total}");
	run_ok();
	cr_assert_eq(R.n_findings, 2);
	for (size_t i = 0; i < R.n_findings; i++) {
		const struct finding *f = &R.findings[i];
		cr_assert_eq(n_suspects(f), 1, "%s: %zu suspects", f->rule, n_suspects(f));
		cr_assert_str_eq(fact_coords(&R.fs, suspect_fact(f, 0)), "item=total");
		cr_assert_str_eq(S(suspect(f, 0)->fix), "6");
	}
}

Test(check, no_suspect_when_one_change_cannot_satisfy_every_failing_rule)
{
	/* the total 7 fails its column (needs 6) and a headline of 8 (needs 8) */
	items_model("count", "7", "1", "2", "3");
	measure("headline", "count", "");
	fact("headline", "", "8");
	rule("headline", "equal", "headline = m{item=total}");
	run_ok();
	cr_assert_eq(R.n_findings, 2);
	for (size_t i = 0; i < R.n_findings; i++)
		cr_assert_eq(n_suspects(&R.findings[i]), 0);
}

Test(check, rule_matching_nothing_is_unused)
{
	measure("a", "count", "");
	measure("b", "count", "");
	fact("a", "", "1");
	rule("needs-b", "equal", "b = a");
	run_ok();
	const struct finding *f = only_finding();
	cr_assert_str_eq(f->rule, "needs-b");
	cr_assert_str_eq(check_kind_name(f->kind), "unused-rule");
	cr_assert_eq(f->severity, SEV_WARNING);
	cr_assert(strstr(f->expr, "b = a"), "expr: %s", f->expr);
	cr_assert_eq(R.warnings, 1);
	cr_assert_eq(R.rules_evaluated, 0);
}

Test(check, rule_whose_bindings_all_miss_is_unused)
{
	/* the anchor matches, but the other side has no fact: nothing evaluated */
	measure("a", "count", "");
	measure("b", "count", "");
	fact("a", "", "1");
	fact_full("b", "", "2021", "actual", "1", "1");
	rule_full("per-m", "equal", "a", "$m = b", "", "error");
	run_ok();
	const struct finding *f = only_finding();
	cr_assert_str_eq(check_kind_name(f->kind), "unused-rule");
	cr_assert(strstr(f->expr, "$m=a"), "expr: %s", f->expr);
}

Test(check, scope_restricts_the_anchor)
{
	dimension("item");
	member("item", "total", "");
	member("item", "a", "");
	measure("m", "count", "item");
	fact_full("m", "item=total", "2022", "actual", "5", "5");
	fact_full("m", "item=a", "2022", "actual", "5", "5");
	fact_full("m", "item=total", "2021", "actual", "9", "9");
	fact_full("m", "item=a", "2021", "actual", "5", "5");
	rule_full("only-2022", "sum", "", "m{item=total} = sum(m by item)", "period=2022", "error");
	run_ok();
	no_findings();
	cr_assert_eq(R.rules_evaluated, 1);
}

Test(check, rule_for_each_listed_measure)
{
	dimension("item");
	member("item", "total", "");
	member("item", "a", "");
	member("item", "b", "");
	measure("x", "count", "item");
	measure("y", "count", "item");
	fact("x", "item=total", "3");
	fact("x", "item=a", "1");
	fact("x", "item=b", "2");
	fact("y", "item=total", "4");
	fact("y", "item=a", "1");
	fact("y", "item=b", "2");
	rule_full("totals", "sum", "x;y", "$m{item=total} = sum($m by item)", "", "error");
	run_ok();
	cr_assert_eq(R.rules_evaluated, 2);
	const struct finding *f = only_finding();
	cr_assert(strstr(f->expr, "y{item=total}"), "expr: %s", f->expr);
	values_are(f, "4", "3", "1");
}

/* ---- printed forms ----------------------------------------------------------------------- */

Test(check, decimal_comma_is_a_printed_form_warning)
{
	measure("rate", "pct", "");
	fact_full("rate", "", "2022", "actual", "80.4", "80,4");
	run_ok();
	const struct finding *f = only_finding();
	cr_assert_str_eq(f->rule, "printed-form");
	cr_assert_eq(f->severity, SEV_WARNING);
	cr_assert(strstr(f->expr, "80,4"), "expr: %s", f->expr);
	cr_assert(strstr(f->expr, "80.4"), "expr: %s", f->expr);
	cr_assert_eq(n_facts(f), 1);
	cr_assert_str_eq(fact_printed(&R.fs, fact_of(f, 0)), "80,4");
}

/* ---- model_validate: located input errors ------------------------------------------------- */

static void assert_diag(const char *text)
{
	cr_assert(diag_text && strstr(diag_text, text), "diagnostics lack \"%s\":\n%s", text,
		  diag_text ? diag_text : "(none)");
}

Test(check, unknown_member_in_coords)
{
	items_model("count", "6", "1", "2", "3"); /* facts on lines 2..5 */
	fact("m", "item=zzz", "1");		  /* line 6 */
	cr_assert_eq(run(), JY_EINPUT);
	assert_diag("facts.csv:6:2: coords: unknown member \"zzz\" of dimension \"item\"");
}

Test(check, coords_in_the_wrong_order_or_count)
{
	dimension("d1");
	dimension("d2");
	member("d1", "a", "");
	member("d2", "b", "");
	measure("m", "count", "d1;d2");
	fact("m", "d2=b;d1=a", "1"); /* line 2 */
	fact("m", "d1=a", "1");	     /* line 3 */
	cr_assert_eq(run(), JY_EINPUT);
	assert_diag("facts.csv:2:2: coords: coordinate 1 must be \"d1\"");
	assert_diag("facts.csv:3:2: coords: measure \"m\" needs 2 coordinate(s), 1 given");
}

Test(check, printed_not_equal_to_value)
{
	measure("m", "count", "");
	fact_full("m", "", "2022", "actual", "6", "5"); /* line 2 */
	fact_full("m", "", "2021", "actual", "7", "7"); /* line 3: fine */
	cr_assert_eq(run(), JY_EINPUT);
	assert_diag("facts.csv:2:7: printed: \"5\" reads as 5 명 but value is 6");
	cr_assert_null(strstr(diag_text, "facts.csv:3:"), "line 3 is fine:\n%s", diag_text);
}

Test(check, unknown_measure_in_rule_expression)
{
	items_model("count", "6", "1", "2", "3");		 /* rule col-total on line 2 */
	rule("bad", "sum", "nope{item=total} = sum(m by item)"); /* line 3 */
	cr_assert_eq(run(), JY_EINPUT);
	assert_diag("rules.csv:3:4: expr: unknown measure \"nope\"");
	cr_assert_null(strstr(diag_text, "rules.csv:2:"), "line 2 is fine:\n%s", diag_text);
}

Test(check, rule_expression_syntax_error_names_the_character)
{
	items_model("count", "6", "1", "2", "3");
	rule("bad", "sum", "m{item=total} = sum(m)"); /* line 3 */
	cr_assert_eq(run(), JY_EINPUT);
	assert_diag("rules.csv:3:4: expr: expected 'by'");
	assert_diag("(character 22 of the expression)");
}

Test(check, periods_and_seq_ranges_that_cannot_be_are_located)
{
	items_model("count", "6", "1", "2", "3");			  /* rule on line 2 */
	rule("rev", "bound", "m{item=a,period=2022..2019} <= m{item=b}"); /* line 3 */
	rule_full("yest", "bound", "", "m{item=a} <= m{item=b}", "period=yesterday", "error");
	fact_full("m", "item=a", "2023..2021", "actual", "1", "1"); /* facts.csv line 6 */
	cr_assert_eq(run(), JY_EINPUT);
	assert_diag("rules.csv:3:4: expr: period=\"2022..2019\" is a period that ends before it "
		    "starts");
	assert_diag("rules.csv:4:5: scope: period=\"yesterday\" is not a period");
	assert_diag("facts.csv:6:3: period: \"2023..2021\" is a period that ends before it starts");
}

Test(check, a_member_that_is_its_own_ancestor_is_located)
{
	dimension("item");
	member("item", "a", "b"); /* line 2 */
	member("item", "b", "a"); /* line 3 */
	member("item", "c", "c"); /* line 4 */
	member("item", "d", "a"); /* line 5: below the cycle, not in it */
	cr_assert_eq(run(), JY_EINPUT);
	assert_diag("members.csv:2:3: parent: parents form a cycle: a → b → a");
	assert_diag("members.csv:4:3: parent: \"c\" is its own parent");
	cr_assert_null(strstr(diag_text, "members.csv:3:"), "one message per cycle:\n%s",
		       diag_text);
	cr_assert_null(strstr(diag_text, "members.csv:5:"), "d is in no cycle:\n%s", diag_text);
}

Test(check, input_problems_are_items_a_program_can_use)
{
	dimension("item");
	member("item", "a", "b"); /* line 2: a cycle */
	member("item", "b", "a");
	measure("m", "count", "");
	fact_full("m", "", "2022", "actual", "1234567890123456", "1234567890123456");
	struct diag d;
	struct factset fs;
	struct jy_err err;
	diag_init(&d, NULL, 1); /* kept, not printed */
	cr_assert_eq(model_validate_diag(&M, &d, &fs, &err), JY_EINPUT);
	cr_assert_eq(d.count, 2);
	cr_assert_eq(d.n_items, 2);
	const struct diag_item *cycle = NULL, *digits = NULL;
	for (size_t i = 0; i < d.n_items; i++) {
		if (strcmp(d.items[i].code, "parent-cycle") == 0)
			cycle = &d.items[i];
		if (strcmp(d.items[i].code, "value-digits") == 0)
			digits = &d.items[i];
	}
	cr_assert_not_null(cycle);
	cr_assert_str_eq(cycle->file, "members.csv");
	cr_assert_eq(cycle->line, 2);
	cr_assert_eq(cycle->col, 3);
	cr_assert_str_eq(cycle->field, "parent");
	cr_assert(strstr(cycle->message, "a → b → a"), "%s", cycle->message);
	cr_assert_not_null(digits);
	cr_assert_str_eq(digits->file, "facts.csv");
	cr_assert_eq(digits->line, 2);
	cr_assert_eq(digits->col, 6);
	cr_assert_str_eq(digits->field, "value");
	diag_release(&d);
}

Test(check, duplicate_fact_key)
{
	items_model("count", "6", "1", "2", "3"); /* item=a on line 3 */
	fact("m", "item=a", "1");		  /* line 6 */
	cr_assert_eq(run(), JY_EINPUT);
	assert_diag("facts.csv:6");
	assert_diag("already on line 3");
}

/* BUG (facts.c build_fact, diag_add(..., line, 0, NULL, ...)): the duplicate
 * fact is reported without a column ("facts.csv:6: the same fact ..."), while
 * model.h promises "file:line:column: field: message" and every other
 * duplicate key (validate.c check_keys) is reported at column 1. */
Test(check, duplicate_fact_key_has_a_column)
{
	items_model("count", "6", "1", "2", "3");
	fact("m", "item=a", "1"); /* line 6 */
	cr_assert_eq(run(), JY_EINPUT);
	assert_diag("facts.csv:6:1: ");
}

Test(check, several_problems_are_all_reported)
{
	items_model("count", "6", "1", "2", "3");
	fact("m", "item=zzz", "1");			      /* line 6 */
	fact_full("m", "item=a", "2021", "actual", "2", "3"); /* line 7 */
	rule("bad", "sum", "nope = m");			      /* rules line 3 */
	struct jy_err err;
	FILE *out = open_memstream(&diag_text, &diag_len);
	cr_assert_eq(model_validate(&M, out, &err), JY_EINPUT);
	fclose(out);
	assert_diag("facts.csv:6:2: coords:");
	assert_diag("facts.csv:7:7: printed:");
	assert_diag("rules.csv:3:4: expr: unknown measure \"nope\"");
	cr_assert(strstr(err.msg, "3 problems"), "err: %s", err.msg);
}

Test(check, paths_include_the_package_dir)
{
	M.dir = arena_strdup(&M.arena, "pkg/seoul");
	measure("m", "count", "");
	fact_full("m", "", "2022", "actual", "6", "5");
	cr_assert_eq(run(), JY_EINPUT);
	assert_diag("pkg/seoul/facts.csv:2:7: printed:");
}

Test(check, valid_model_validates_clean)
{
	grid_model("5");
	struct jy_err err;
	FILE *out = open_memstream(&diag_text, &diag_len);
	cr_assert_eq(model_validate(&M, out, &err), 0);
	fclose(out);
	cr_assert_eq(diag_len, 0, "%s", diag_text);
}

/* ---- printing ------------------------------------------------------------------------------ */

Test(check, json_output_has_one_line_per_finding)
{
	items_model("count", "7", "1", "2", "3");
	rule("a-ge-b", "bound", "m{item=a} >= m{item=b}");
	run_ok();
	cr_assert_eq(R.n_findings, 2);
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	check_print_json(&R, out);
	fclose(out);
	int lines = 0;
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	cr_assert_eq(lines, 2, "%s", text);
	cr_assert(strstr(text, "col-total") && strstr(text, "a-ge-b"), "%s", text);
	free(text);
}

/* The table says where by the caller's labeller, never by the finding's
 * expression or rule id. */
static void test_label(void *ctx, const struct target *t, struct buf *out)
{
	buf_addf(out, "%s:%s", (const char *)ctx, t->type == TARGET_FACT ? t->fact.measure : "?");
}

Test(check, table_output_names_every_finding)
{
	items_model("count", "7", "1", "2", "3");
	run_ok();
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	check_print_table(&R, out, test_label, "LABEL");
	fclose(out);
	cr_assert(strstr(text, "LABEL:m "), "%s", text);
	cr_assert(!strstr(text, "col-total"), "%s", text);
	cr_assert(!strstr(text, "m{"), "%s", text);
	free(text);
}

/* ---- dates and counts: milestones and listed fields --------------------------- */

static void node(const char *id)
{
	const char *v[] = {id, "", "program", "1", "", id, "", "", ""};
	add(RES_NODES, v);
}

static void milestone(const char *node_id, const char *seq, const char *when)
{
	char source[32];
	snprintf(source, sizeof(source), "r.txt:%s", seq);
	const char *v[] = {node_id, seq, "stage", when, "planned", "2022-09-22", "", source};
	add(RES_MILESTONES, v);
}

static void field(const char *node_id, const char *seq, const char *key, const char *value)
{
	const char *v[] = {node_id, seq, key, value, "r.txt:7"};
	add(RES_FIELDS, v);
}

Test(check, same_event_same_range_holds)
{
	node("p");
	milestone("p", "1", "’22.9.30~10.6");
	milestone("p", "2", "’22.9.30.~10.6.");
	rule("one-range", "date", "milestone{node=p,seq=1} = milestone{node=p,seq=2}");
	run_ok();
	no_findings();
	cr_assert_eq(R.rules_evaluated, 1);
}

Test(check, same_event_two_ranges_is_an_error_naming_both)
{
	node("p");
	milestone("p", "1", "’22.9.30~10.6");
	milestone("p", "2", "’22.9.30~10.2");
	rule("one-range", "date", "milestone{node=p,seq=1} = milestone{node=p,seq=2}");
	run_ok();
	const struct finding *f = only_finding();
	cr_assert_eq(f->severity, SEV_ERROR);
	cr_assert_not(f->has_values);
	cr_assert(strstr(f->expr, "2022-09-30..2022-10-06"), "%s", f->expr);
	cr_assert(strstr(f->expr, "2022-09-30..2022-10-02"), "%s", f->expr);
	cr_assert_str_eq(sources_of(f), "r.txt:1;r.txt:2");
	cr_assert(strstr(explained(f), "ends 4 day(s) later"), "%s", explained(f));
	cr_assert_null(strstr(explained(f), "starts"), "%s", explained(f));
}

Test(check, every_stage_inside_the_programme_period)
{
	node("p");
	milestone("p", "1", "’15.10."); /* before: a plan, not a stage */
	milestone("p", "2", "’16. 5. ~ ’25. 11.");
	milestone("p", "3", "’22. 6.~"); /* open end: only its start is known */
	milestone("p", "4", "’22. 12. ~ ’25. 11.");
	milestone("p", "5", "’25. 12. ~ ’26. 4.");
	milestone("p", "6", "’26. 5.");
	rule("in-period", "date", "milestone{node=p,seq=3..} in milestone{node=p,seq=2}");
	run_ok();
	cr_assert_eq(R.rules_evaluated, 4, "stages 3..6 are anchors, not 1 or 2");
	cr_assert_eq(R.n_findings, 2);
	cr_assert(strstr(R.findings[0].expr, "p#5"), "%s", R.findings[0].expr);
	cr_assert(strstr(R.findings[1].expr, "p#6"), "%s", R.findings[1].expr);
	cr_assert(strstr(explained(&R.findings[0]), "ends 151 day(s) later"), "%s",
		  explained(&R.findings[0]));
}

Test(check, day_and_month_counts_against_ranges)
{
	node("p");
	measure("days", "count", "");
	measure("months", "count", "");
	fact_full("days", "", "2022-10", "plan", "6", "6일간");
	fact_full("months", "", "2022-07..2023-02", "plan", "7", "7개월");
	milestone("p", "1", "’22.10.10(월) ~ 10.15(토)");
	milestone("p", "2", "’22.7~’23.2");
	rule("days", "date", "days = days(milestone{node=p,seq=1})");
	rule("months", "date", "months = months(milestone{node=p,seq=2})");
	run_ok();
	const struct finding *f = only_finding();
	cr_assert_str_eq(f->rule, "months");
	values_are(f, "7", "8", "-1");
	/* the stated fact's line, then the milestone's */
	cr_assert_str_eq(sources_of(f), "r.txt:103;r.txt:2");
	cr_assert_eq(f->targets[1].type, TARGET_MILESTONE);
	cr_assert_str_eq(f->targets[1].node, "p");
	cr_assert_str_eq(f->targets[1].seq, "2");
}

Test(check, start_and_end_compare_as_dates)
{
	node("p");
	milestone("p", "1", "2019년~2022년");
	milestone("p", "2", "~’22. 12.");
	milestone("p", "3", "’23. 1~12.");
	rule("done-at-end", "date", "end(milestone{node=p,seq=2}) = end(milestone{node=p,seq=1})");
	rule("after", "date", "start(milestone{node=p,seq=3}) <= end(milestone{node=p,seq=1})");
	run_ok();
	const struct finding *f = only_finding();
	cr_assert_str_eq(f->rule, "after");
	cr_assert(f->dates);
	cr_assert_eq(f->delta.coef, 1, "2023-01-01 is one day after 2022-12-31");
}

Test(check, count_of_listed_items_and_milestones)
{
	node("p");
	measure("n", "count", "");
	fact("n", "", "4");
	field("p", "1", "센터", "마포, 서대문, 서초, 강남");
	field("p", "2", "분야", "경제, 문화, 교육·혁신");
	field("p", "3", "권역", "동북권·서북권·남부권");
	milestone("p", "1", "’09.11");
	milestone("p", "2", "’18.8");
	rule("centres", "count", "n = count(field{node=p,key=센터})");
	rule("fields", "count", "n = count(field{node=p,key=분야})");
	rule("regions", "count", "n = count(field{node=p,key=권역})");
	rule("stages", "count", "n = count(milestone{node=p})");
	run_ok();
	cr_assert_eq(R.n_findings, 3);
	values_are(&R.findings[0], "4", "3", "1"); /* '·' inside a comma list joins */
	values_are(&R.findings[1], "4", "3", "1"); /* '·' alone separates */
	values_are(&R.findings[2], "4", "2", "2");
	cr_assert_str_eq(R.findings[0].rule, "fields");
}

Test(check, unknown_milestone_and_node_in_rules_are_input_errors)
{
	node("p");
	milestone("p", "1", "’22.9.");
	rule("a", "date", "milestone{node=p,seq=9} = milestone{node=p,seq=1}");
	rule("b", "count", "x = count(field{node=q,key=k})");
	rule("c", "date", "milestone{node=p,when=x} = milestone{node=p,seq=1}");
	measure("x", "count", "");
	cr_assert_eq(run(), JY_EINPUT);
	cr_assert(strstr(diag_text, "has no milestone 9"), "%s", diag_text);
	cr_assert(strstr(diag_text, "unknown node \"q\""), "%s", diag_text);
	cr_assert(strstr(diag_text, "has no key \"when\""), "%s", diag_text);
}

Test(check, a_stock_does_not_sum_over_periods)
{
	const char *v[10] = {"employed", "누적 고용", "",      "명",	"명",
			     "1",	 "",	      "stock", "exact", ""};
	add(RES_MEASURES, v);
	fact_full("employed", "", "2019..2022", "actual", "21421", "21,421");
	fact_full("employed", "", "2021", "actual", "15631", "15,631");
	fact_full("employed", "", "2022", "actual", "21421", "21,421");
	rule("total", "sum", "employed{period=2019..2022} = sum(employed by period)");
	cr_assert_eq(run(), JY_EINPUT);
	cr_assert(strstr(diag_text, "cannot sum \"employed\" by period"), "%s", diag_text);
}

Test(check, stages_in_order_with_next)
{
	node("p");
	milestone("p", "1", "’22.7월");
	milestone("p", "2", "’22.8월");
	milestone("p", "3", "’22.6월"); /* out of order */
	milestone("p", "4", "’22.9월말");
	rule("ordered", "date", "start(milestone{node=p}) <= start(milestone{node=p,seq=next})");
	run_ok();
	cr_assert_eq(R.rules_evaluated, 3, "the last stage has no next one");
	const struct finding *f = only_finding();
	cr_assert(f->dates);
	cr_assert(strstr(f->expr, "p#2"), "%s", f->expr);
	cr_assert_eq(f->delta.coef, 61, "2022-08-01 is 61 days after 2022-06-01");
	cr_assert_str_eq(sources_of(f), "r.txt:2;r.txt:3");
}

/* ---- not applicable (measures.csv not_applicable) ---------------------- */

/* The seed's case: "-" under applications, 12 selected. Declared n/a, the
 * instance that reads it is skipped, the other is evaluated. */
Test(check, a_bound_over_a_not_applicable_fact_is_skipped)
{
	dimension("field");
	member("field", "tips", "");
	member("field", "bio", "");
	measure_na("applied", "field", "-|해당없음");
	measure("selected", "count", "field");
	fact_full("applied", "field=tips", "2022", "actual", "0", "-");
	fact("applied", "field=bio", "246");
	fact("selected", "field=tips", "12");
	fact("selected", "field=bio", "26");
	rule("le", "bound", "selected <= applied");
	run_ok();
	no_findings();
	cr_assert_eq(R.rules_evaluated, 1);
}

/* An anchor that is n/a is skipped too (here printed 해당없음). */
Test(check, a_not_applicable_anchor_is_skipped)
{
	dimension("field");
	member("field", "tips", "");
	measure_na("applied", "field", "-|해당없음");
	measure("selected", "count", "field");
	fact_full("applied", "field=tips", "2022", "actual", "0", "해당없음");
	fact("selected", "field=tips", "12");
	rule("ge", "bound", "applied >= selected");
	run_ok();
	cr_assert_eq(R.rules_evaluated, 0);
	/* no instance evaluated: the rule says it matched nothing */
	cr_assert_eq(R.errors, 0);
	cr_assert_eq(only_finding()->kind, FK_UNUSED_RULE);
}

/* A sum leaves an n/a addend out (absent, not zero): 1,269 = 648 + 621. */
Test(check, a_sum_skips_a_not_applicable_addend)
{
	dimension("field");
	member("field", "total", "");
	member("field", "a", "");
	member("field", "b", "");
	member("field", "tips", "");
	measure_na("applied", "field", "-");
	fact("applied", "field=total", "1269");
	fact("applied", "field=a", "648");
	fact("applied", "field=b", "621");
	fact_full("applied", "field=tips", "2022", "actual", "0", "-");
	rule("sum", "sum", "applied{field=total} = sum(applied by field)");
	run_ok();
	no_findings();
	cr_assert_eq(R.rules_evaluated, 1);
}

/* Without the declaration "-" is zero, as it always was: 12 > 0. */
Test(check, without_the_declaration_a_dash_reads_as_zero)
{
	dimension("field");
	member("field", "tips", "");
	measure("applied", "count", "field");
	measure("selected", "count", "field");
	fact_full("applied", "field=tips", "2022", "actual", "0", "-");
	fact("selected", "field=tips", "12");
	rule("le", "bound", "selected <= applied");
	run_ok();
	const struct finding *f = only_finding();
	values_are(f, "12", "0", "12");
	cr_assert_eq(f->severity, SEV_ERROR);
}

/* A form that is not declared still has to read as a number. */
Test(check, an_undeclared_form_is_still_read)
{
	measure_na("applied", "", "-");
	fact_full("applied", "", "2022", "actual", "0", "해당없음");
	cr_assert_eq(run(), JY_EINPUT);
	cr_assert(strstr(diag_text, "printed: \"해당없음\" is not a number as printed"), "%s",
		  diag_text);
}

Test(check, a_not_applicable_fact_with_a_value_is_refused)
{
	measure_na("applied", "", "-");
	fact_full("applied", "", "2022", "actual", "3", "-");
	cr_assert_eq(run(), JY_EINPUT);
	cr_assert(strstr(diag_text, ":6: value: \"-\" means not applicable for measure "
				    "\"applied\" (measures.csv not_applicable), so value must "
				    "be 0, not 3"),
		  "%s", diag_text);
}

Test(check, an_empty_not_applicable_form_is_refused)
{
	measure_na("applied", "", "-||해당없음");
	fact_full("applied", "", "2022", "actual", "0", "-");
	cr_assert_eq(run(), JY_EINPUT);
	cr_assert(strstr(diag_text, "measures.csv:2:10: not_applicable: \"-||해당없음\" has an "
				    "empty form"),
		  "%s", diag_text);
}
