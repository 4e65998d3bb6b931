/*
 * test_expr.c - unit tests of the rule expression parser (src/check/expr.c):
 * every construct of the grammar, the anchor, and the refusals with their
 * character columns.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "rule/expr.h"

static struct arena A;

static void setup(void)
{
	arena_init(&A);
}

static void teardown(void)
{
	arena_release(&A);
}

TestSuite(expr, .init = setup, .fini = teardown);

/* Parses text (with measure for $m) and fails the test on an error. */
static struct rule_expr parse_ok(const char *text, const char *measure)
{
	struct rule_expr re;
	struct jy_err err;

	memset(&err, 0, sizeof(err));
	int rc = expr_parse(text, measure, &A, &re, &err);
	cr_assert_eq(rc, 0, "\"%s\": %s (col %ld)", text, err.msg, err.col);
	cr_assert_not_null(re.lhs, "\"%s\": no left side", text);
	cr_assert_not_null(re.rhs, "\"%s\": no right side", text);
	cr_assert_not_null(re.anchor, "\"%s\": no anchor", text);
	return re;
}

/* Checks that text is refused at character column col with a message containing what. */
static void parse_bad(const char *text, const char *measure, long col, const char *what)
{
	struct rule_expr re;
	struct jy_err err;

	memset(&err, 0, sizeof(err));
	int rc = expr_parse(text, measure, &A, &re, &err);
	cr_assert_eq(rc, JY_EINPUT, "\"%s\" should be refused", text);
	cr_assert_eq(err.code, JY_EINPUT, "\"%s\": code %d", text, err.code);
	cr_assert_eq(err.col, col, "\"%s\": col %ld, expected %ld (%s)", text, err.col, col,
		     err.msg);
	cr_assert(strstr(err.msg, what), "\"%s\": message \"%s\" lacks \"%s\"", text, err.msg,
		  what);
}

static void is_ref(const struct expr *e, const char *measure, int n_pins)
{
	cr_assert_not_null(e);
	cr_assert_eq(e->kind, EX_REF, "kind %d, expected EX_REF", e->kind);
	cr_assert_str_eq(e->ref.measure, measure);
	cr_assert_eq(e->ref.n_pins, n_pins, "%s: %d pins, expected %d", measure, e->ref.n_pins,
		     n_pins);
	cr_assert_null(e->ref.by);
}

static void is_pin(const struct expr_ref *r, int i, const char *key, const char *value)
{
	cr_assert_lt(i, r->n_pins);
	cr_assert_str_eq(r->pins[i].key, key);
	cr_assert_str_eq(r->pins[i].value, value);
}

static void is_num(const struct expr *e, const char *value)
{
	char s[32];
	cr_assert_not_null(e);
	cr_assert_eq(e->kind, EX_NUM, "kind %d, expected EX_NUM", e->kind);
	cr_assert_str_eq(dec_str(e->num, s), value);
}

/* ---- references and pins ---------------------------------------------- */

Test(expr, bare_refs)
{
	struct rule_expr re = parse_ok("obligations <= budget_current", NULL);
	is_ref(re.lhs, "obligations", 0);
	is_ref(re.rhs, "budget_current", 0);
	cr_assert_eq(re.cmp, CMP_LE);
	cr_assert_eq(re.anchor, &re.lhs->ref);
}

Test(expr, ref_with_pins)
{
	struct rule_expr re =
		parse_ok("budget{unit=econ-office, kind=actual,table=t-1} = budget{unit=x}", NULL);
	is_ref(re.lhs, "budget", 3);
	is_pin(&re.lhs->ref, 0, "unit", "econ-office");
	is_pin(&re.lhs->ref, 1, "kind", "actual");
	is_pin(&re.lhs->ref, 2, "table", "t-1");
	is_ref(re.rhs, "budget", 1);
	is_pin(&re.rhs->ref, 0, "unit", "x");
}

Test(expr, spaces_around_braces_and_pins)
{
	struct rule_expr re = parse_ok("  a { d = m1 , e = m2 }  =  b\t", NULL);
	is_ref(re.lhs, "a", 2);
	is_pin(&re.lhs->ref, 0, "d", "m1");
	is_pin(&re.lhs->ref, 1, "e", "m2");
	is_ref(re.rhs, "b", 0);
}

Test(expr, period_pins)
{
	struct rule_expr re =
		parse_ok("visitors{period=2019..2022} = visitors{period=2022-08-29}", NULL);
	is_ref(re.lhs, "visitors", 1);
	is_pin(&re.lhs->ref, 0, "period", "2019..2022");
	is_ref(re.rhs, "visitors", 1);
	is_pin(&re.rhs->ref, 0, "period", "2022-08-29");

	/* open periods */
	re = parse_ok("v{period=..2023-08} >= v{period=2019..2022}", NULL);
	is_pin(&re.lhs->ref, 0, "period", "..2023-08");
	is_pin(&re.rhs->ref, 0, "period", "2019..2022");

	re = parse_ok("v{period=2022-07} >= v{period=2022-H1}", NULL);
	is_pin(&re.lhs->ref, 0, "period", "2022-07");
	is_pin(&re.rhs->ref, 0, "period", "2022-H1");
	cr_assert_eq(re.cmp, CMP_GE);
}

/* An open-ended period "2019.." (a valid fact period) is one pin value. */
Test(expr, open_ended_period_pin)
{
	struct rule_expr re = parse_ok("v{period=2019..} = w{period=2019..,kind=plan}", NULL);
	is_pin(&re.lhs->ref, 0, "period", "2019..");
	is_pin(&re.rhs->ref, 0, "period", "2019..");
	is_pin(&re.rhs->ref, 1, "kind", "plan");
}

Test(expr, many_pins_up_to_the_limit)
{
	/* JY_FACT_DIMS_MAX dimensions + period, kind, table */
	char text[512] = "m{";
	int n = JY_FACT_DIMS_MAX + 3;
	for (int i = 0; i < n; i++) {
		char pin[32];
		snprintf(pin, sizeof(pin), "%sd%d=v%d", i ? "," : "", i, i);
		strcat(text, pin);
	}
	strcat(text, "} = 1");
	struct rule_expr re = parse_ok(text, NULL);
	cr_assert_eq(re.lhs->ref.n_pins, n);
	is_pin(&re.lhs->ref, n - 1, "d10", "v10");

	/* one more is refused */
	char more[600];
	snprintf(more, sizeof(more), "m{");
	for (int i = 0; i <= n; i++) {
		char pin[32];
		snprintf(pin, sizeof(pin), "%sd%d=v%d", i ? "," : "", i, i);
		strcat(more, pin);
	}
	strcat(more, "} = 1");
	struct jy_err err;
	cr_assert_eq(expr_parse(more, NULL, &A, &re, &err), JY_EINPUT);
	cr_assert(strstr(err.msg, "too many coordinates"), "%s", err.msg);
}

Test(expr, pin_given_twice)
{
	parse_bad("a{x=1,x=2} = b", NULL, 10, "coordinate given twice");
}

Test(expr, pin_errors)
{
	parse_bad("a{=1} = b", NULL, 3, "expected a dimension name");
	parse_bad("a{x 1} = b", NULL, 5, "expected '='");
	parse_bad("a{x=} = b", NULL, 5, "expected a value");
}

/* ---- sum ----------------------------------------------------------------- */

Test(expr, sum_by_dimension)
{
	struct rule_expr re = parse_ok("budget{unit=office} = sum(budget by unit)", NULL);
	is_ref(re.lhs, "budget", 1);
	cr_assert_eq(re.rhs->kind, EX_SUM);
	cr_assert_str_eq(re.rhs->ref.measure, "budget");
	cr_assert_str_eq(re.rhs->ref.by, "unit");
	cr_assert_eq(re.rhs->ref.n_pins, 0);
}

Test(expr, sum_with_pins_and_spaces)
{
	struct rule_expr re = parse_ok("t = sum ( x{kind=plan, area=a-1}  by  area )", NULL);
	cr_assert_eq(re.rhs->kind, EX_SUM);
	cr_assert_str_eq(re.rhs->ref.measure, "x");
	cr_assert_str_eq(re.rhs->ref.by, "area");
	is_pin(&re.rhs->ref, 0, "kind", "plan");
	is_pin(&re.rhs->ref, 1, "area", "a-1");
}

Test(expr, sum_by_period)
{
	struct rule_expr re = parse_ok("v{period=2019..2022} = sum(v by period)", NULL);
	cr_assert_eq(re.rhs->kind, EX_SUM);
	cr_assert_str_eq(re.rhs->ref.by, "period");
}

Test(expr, sum_in_arithmetic)
{
	struct rule_expr re = parse_ok("a = sum(b by d) - c", NULL);
	cr_assert_eq(re.rhs->kind, EX_SUB);
	cr_assert_eq(re.rhs->a->kind, EX_SUM);
	is_ref(re.rhs->b, "c", 0);
}

Test(expr, names_starting_with_sum_are_refs)
{
	struct rule_expr re = parse_ok("summary = sum", NULL);
	is_ref(re.lhs, "summary", 0);
	is_ref(re.rhs, "sum", 0);
	re = parse_ok("sum-total = sum_x", NULL);
	is_ref(re.lhs, "sum-total", 0);
	is_ref(re.rhs, "sum_x", 0);
}

/* ---- $m ------------------------------------------------------------------ */

Test(expr, dollar_m_substitution)
{
	struct rule_expr re = parse_ok("$m{unit=office} = sum($m by unit)", "budget_current");
	is_ref(re.lhs, "budget_current", 1);
	is_pin(&re.lhs->ref, 0, "unit", "office");
	cr_assert_eq(re.rhs->kind, EX_SUM);
	cr_assert_str_eq(re.rhs->ref.measure, "budget_current");
	cr_assert_str_eq(re.anchor->measure, "budget_current");
}

Test(expr, dollar_m_only_as_a_whole_name)
{
	/* "$mx" is a name of its own, not $m followed by x */
	struct rule_expr re = parse_ok("$mx = $m", "budget");
	is_ref(re.lhs, "$mx", 0);
	is_ref(re.rhs, "budget", 0);
}

/* ---- arithmetic ---------------------------------------------------------- */

Test(expr, numbers)
{
	struct rule_expr re = parse_ok("rate = 100 * 0.25 + 12.50", NULL);
	cr_assert_eq(re.rhs->kind, EX_ADD);
	cr_assert_eq(re.rhs->a->kind, EX_MUL);
	is_num(re.rhs->a->a, "100");
	is_num(re.rhs->a->b, "0.25");
	is_num(re.rhs->b, "12.50");
}

Test(expr, mul_binds_tighter_than_add)
{
	struct rule_expr re = parse_ok("a + b * c = d", NULL);
	cr_assert_eq(re.lhs->kind, EX_ADD);
	is_ref(re.lhs->a, "a", 0);
	cr_assert_eq(re.lhs->b->kind, EX_MUL);
	is_ref(re.lhs->b->a, "b", 0);
	is_ref(re.lhs->b->b, "c", 0);
	cr_assert_eq(re.anchor, &re.lhs->a->ref);
}

Test(expr, div_binds_tighter_than_sub)
{
	struct rule_expr re = parse_ok("r = o / b - c / d", NULL);
	cr_assert_eq(re.rhs->kind, EX_SUB);
	cr_assert_eq(re.rhs->a->kind, EX_DIV);
	cr_assert_eq(re.rhs->b->kind, EX_DIV);
	is_ref(re.rhs->a->a, "o", 0);
	is_ref(re.rhs->a->b, "b", 0);
	is_ref(re.rhs->b->a, "c", 0);
	is_ref(re.rhs->b->b, "d", 0);
}

Test(expr, rate_example_from_the_docs)
{
	struct rule_expr re =
		parse_ok("obligation_rate = obligations / budget_current * 100", NULL);
	/* left associative: (obligations / budget_current) * 100 */
	cr_assert_eq(re.rhs->kind, EX_MUL);
	cr_assert_eq(re.rhs->a->kind, EX_DIV);
	is_ref(re.rhs->a->a, "obligations", 0);
	is_ref(re.rhs->a->b, "budget_current", 0);
	is_num(re.rhs->b, "100");
}

Test(expr, left_associative_subtraction)
{
	struct rule_expr re = parse_ok("x = a - b - c", NULL);
	cr_assert_eq(re.rhs->kind, EX_SUB);
	cr_assert_eq(re.rhs->a->kind, EX_SUB);
	is_ref(re.rhs->a->a, "a", 0);
	is_ref(re.rhs->a->b, "b", 0);
	is_ref(re.rhs->b, "c", 0);
}

Test(expr, parentheses_override_precedence)
{
	struct rule_expr re = parse_ok("x = (a + b) * c", NULL);
	cr_assert_eq(re.rhs->kind, EX_MUL);
	cr_assert_eq(re.rhs->a->kind, EX_ADD);
	is_ref(re.rhs->b, "c", 0);
}

Test(expr, unary_minus)
{
	struct rule_expr re = parse_ok("a = -3", NULL);
	cr_assert_eq(re.rhs->kind, EX_NEG);
	is_num(re.rhs->a, "3");

	re = parse_ok("a = -b + c", NULL);
	cr_assert_eq(re.rhs->kind, EX_ADD);
	cr_assert_eq(re.rhs->a->kind, EX_NEG);
	is_ref(re.rhs->a->a, "b", 0);

	re = parse_ok("a = b * -c", NULL);
	cr_assert_eq(re.rhs->kind, EX_MUL);
	cr_assert_eq(re.rhs->b->kind, EX_NEG);
	is_ref(re.rhs->b->a, "c", 0);

	re = parse_ok("a = --b", NULL);
	cr_assert_eq(re.rhs->kind, EX_NEG);
	cr_assert_eq(re.rhs->a->kind, EX_NEG);
	is_ref(re.rhs->a->a, "b", 0);
}

Test(expr, negated_anchor)
{
	struct rule_expr re = parse_ok("-a + b = c", NULL);
	cr_assert_eq(re.lhs->kind, EX_ADD);
	cr_assert_eq(re.lhs->a->kind, EX_NEG);
	cr_assert_str_eq(re.anchor->measure, "a");
	cr_assert_eq(re.anchor, &re.lhs->a->a->ref);
}

/* ---- '-' inside names ---------------------------------------------------- */

Test(expr, hyphen_inside_a_name)
{
	struct rule_expr re = parse_ok("net-income = a-b", NULL);
	is_ref(re.lhs, "net-income", 0);
	is_ref(re.rhs, "a-b", 0);
}

Test(expr, spaced_hyphen_is_subtraction)
{
	struct rule_expr re = parse_ok("x = a - b", NULL);
	cr_assert_eq(re.rhs->kind, EX_SUB);
	is_ref(re.rhs->a, "a", 0);
	is_ref(re.rhs->b, "b", 0);

	/* a hyphen followed by a space ends the name */
	re = parse_ok("x = a- b", NULL);
	cr_assert_eq(re.rhs->kind, EX_SUB);
	is_ref(re.rhs->a, "a", 0);
	is_ref(re.rhs->b, "b", 0);

	re = parse_ok("x = a -b", NULL);
	cr_assert_eq(re.rhs->kind, EX_SUB);
	is_ref(re.rhs->a, "a", 0);
	is_ref(re.rhs->b, "b", 0);
}

/* ---- comparisons --------------------------------------------------------- */

Test(expr, every_comparison)
{
	static const struct {
		const char *text;
		enum expr_cmp cmp;
		const char *str;
	} cases[] = {
		{"a = b", CMP_EQ, "="}, {"a <= b", CMP_LE, "<="}, {"a >= b", CMP_GE, ">="},
		{"a < b", CMP_LT, "<"}, {"a > b", CMP_GT, ">"},	  {"a<b", CMP_LT, "<"},
		{"a>=b", CMP_GE, ">="},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rule_expr re = parse_ok(cases[i].text, NULL);
		cr_assert_eq(re.cmp, cases[i].cmp, "\"%s\"", cases[i].text);
		cr_assert_str_eq(expr_cmp_str(re.cmp), cases[i].str);
		is_ref(re.lhs, "a", 0);
		is_ref(re.rhs, "b", 0);
	}
}

/* ---- the anchor ---------------------------------------------------------- */

Test(expr, anchor_is_first_ref_of_lhs)
{
	struct rule_expr re = parse_ok("2 * (x{d=a} + y) = z", NULL);
	cr_assert_str_eq(re.anchor->measure, "x");
	cr_assert_eq(re.anchor->n_pins, 1);
	is_pin(re.anchor, 0, "d", "a");
	cr_assert_eq(re.anchor, &re.lhs->b->a->ref);
}

Test(expr, anchor_never_comes_from_rhs)
{
	parse_bad("1 = a", NULL, 1, "anchor");
	parse_bad("(2 + 3) * 4 = a", NULL, 1, "anchor");
}

struct collected {
	const char *names[16];
	int kinds[16];
	int n;
};

static void collect(const struct expr *e, void *p)
{
	struct collected *c = p;
	c->names[c->n] = e->ref.measure;
	c->kinds[c->n++] = e->kind;
}

Test(expr, foreach_ref_visits_in_order)
{
	struct rule_expr re = parse_ok("a + 2 * b = sum(c by d) - -e / 3", NULL);
	struct collected c = {{0}, {0}, 0};
	expr_foreach_ref(re.lhs, collect, &c);
	expr_foreach_ref(re.rhs, collect, &c);
	cr_assert_eq(c.n, 4);
	cr_assert_str_eq(c.names[0], "a");
	cr_assert_str_eq(c.names[1], "b");
	cr_assert_str_eq(c.names[2], "c");
	cr_assert_eq(c.kinds[2], EX_SUM);
	cr_assert_str_eq(c.names[3], "e");
	cr_assert_eq(c.kinds[3], EX_REF);
}

/* ---- errors and their columns -------------------------------------------- */

Test(expr, missing_comparison)
{
	parse_bad("a b", NULL, 3, "expected a comparison");
	parse_bad("a + b", NULL, 6, "expected a comparison");
	parse_bad("a", NULL, 2, "expected a comparison");
}

Test(expr, unclosed_brace)
{
	parse_bad("a{unit=x = 1", NULL, 10, "expected ',' or '}'");
	parse_bad("a{unit=x", NULL, 9, "expected ',' or '}'");
}

Test(expr, unclosed_parenthesis)
{
	parse_bad("x = (a + b", NULL, 11, "expected ')'");
	parse_bad("x = sum(a by d", NULL, 15, "expected ')' closing sum(");
}

Test(expr, sum_without_by)
{
	parse_bad("a = sum(x)", NULL, 10, "expected 'by'");
	parse_bad("a = sum(x bye d)", NULL, 11, "expected 'by'");
	parse_bad("a = sum(x by)", NULL, 13, "expected a dimension after 'by'");
}

Test(expr, trailing_text)
{
	parse_bad("a = b c", NULL, 7, "unexpected text");
	parse_bad("a = b)", NULL, 6, "unexpected text");
	parse_bad("a <= b = c", NULL, 8, "unexpected text");
}

Test(expr, lhs_starting_with_sum)
{
	parse_bad("sum(a by d) = b", NULL, 1, "anchor");
	parse_bad("(sum(a by d)) = b", NULL, 1, "anchor");
}

/* The anchor is a fact reference, never a sum, even inside arithmetic. */
Test(expr, lhs_starting_with_sum_in_arithmetic)
{
	parse_bad("sum(a by d) + b = c", NULL, 1, "anchor");
	parse_bad("-sum(a by d) = b", NULL, 1, "anchor");
}

Test(expr, malformed_number)
{
	parse_bad("a = 1..2", NULL, 5, "malformed number");
	parse_bad("a = 12 + 3.", NULL, 10, "malformed number");
}

Test(expr, missing_operand)
{
	parse_bad("a = ", NULL, 5, "expected a measure");
	parse_bad("a = b +", NULL, 8, "expected a measure");
	parse_bad("= b", NULL, 1, "expected a measure");
}

Test(expr, dollar_m_without_measure_is_an_error)
{
	struct rule_expr re;
	struct jy_err err;

	cr_assert_eq(expr_parse("$m = 1", NULL, &A, &re, &err), JY_EINPUT);
	cr_assert_eq(expr_parse("x = sum($m by d)", NULL, &A, &re, &err), JY_EINPUT);
	cr_assert_eq(expr_parse("x{d=a} = $m", NULL, &A, &re, &err), JY_EINPUT);
}

/* The column of a $m without measures is where the $m is. */
Test(expr, dollar_m_without_measure_column_and_message)
{
	parse_bad("$m = 1", NULL, 1, "$m used but the rule lists no measures");
	parse_bad("x = $m", NULL, 5, "$m used but the rule lists no measures");
	parse_bad("x = sum($m by d)", NULL, 9, "$m used but the rule lists no measures");
}

Test(expr, nesting_limit)
{
	char ok[128] = "", bad[128] = "";
	int i;

	/* depth counts factors: n parentheses around a ref nest n + 1 deep */
	for (i = 0; i < JY_EXPR_DEPTH_MAX - 1; i++)
		strcat(ok, "(");
	strcat(ok, "a");
	for (i = 0; i < JY_EXPR_DEPTH_MAX - 1; i++)
		strcat(ok, ")");
	strcat(ok, " = 1");
	struct rule_expr re = parse_ok(ok, NULL);
	cr_assert_str_eq(re.anchor->measure, "a");

	for (i = 0; i < JY_EXPR_DEPTH_MAX; i++)
		strcat(bad, "(");
	strcat(bad, "a");
	for (i = 0; i < JY_EXPR_DEPTH_MAX; i++)
		strcat(bad, ")");
	strcat(bad, " = 1");
	parse_bad(bad, NULL, JY_EXPR_DEPTH_MAX + 1, "nested too deeply");
}

Test(expr, nesting_limit_unary_minus)
{
	char text[128] = "a = ";
	for (int i = 0; i < JY_EXPR_DEPTH_MAX; i++)
		strcat(text, "-");
	strcat(text, "b");
	/* the innermost factor (b) is one level too deep */
	parse_bad(text, NULL, 5 + JY_EXPR_DEPTH_MAX, "nested too deeply");
}

Test(expr, nesting_is_not_length)
{
	/* long flat expressions are fine: depth comes back down after each factor */
	char text[1024] = "a = (b)";
	for (int i = 0; i < 40; i++)
		strcat(text, " + (((b)))");
	parse_ok(text, NULL);
}

Test(expr, column_at_non_ascii_text)
{
	/* non-ASCII text is never part of the grammar: the column points at it */
	parse_bad("a = b 경제", NULL, 7, "unexpected text");
	parse_bad("a = b{d=x,경=y} ", NULL, 11, "expected a dimension name");
}

Test(expr, overlong_name)
{
	char text[JY_ID_BYTES_MAX + 32];
	memset(text, 'a', JY_ID_BYTES_MAX + 1);
	strcpy(text + JY_ID_BYTES_MAX + 1, " = 1");
	struct rule_expr re;
	struct jy_err err;
	cr_assert_eq(expr_parse(text, NULL, &A, &re, &err), JY_EINPUT);
	/* exactly the maximum is fine */
	memset(text, 'b', JY_ID_BYTES_MAX);
	strcpy(text + JY_ID_BYTES_MAX, " = 1");
	re = parse_ok(text, NULL);
	cr_assert_eq(strlen(re.anchor->measure), JY_ID_BYTES_MAX);
}

/* ---- dates and counts ------------------------------------------------------- */

Test(expr, milestone_ranges_compare_with_equal_and_in)
{
	struct rule_expr re = parse_ok("milestone{node=a,seq=1} = milestone{node=b,seq=2}", NULL);
	cr_assert(re.dates);
	cr_assert_eq(re.lhs->kind, EX_DATE);
	cr_assert_eq(re.lhs->ref.target, REF_MILESTONE);
	is_pin(&re.rhs->ref, 1, "seq", "2");
	re = parse_ok("milestone{node=a,seq=3..} in milestone{node=a,seq=2}", NULL);
	cr_assert_eq(re.cmp, CMP_IN);
	is_pin(re.anchor, 1, "seq", "3..");
	re = parse_ok("milestone{node=a,seq=3..5} in milestone{node=a,seq=2}", NULL);
	is_pin(re.anchor, 1, "seq", "3..5");
}

Test(expr, date_functions)
{
	static const struct {
		const char *name;
		enum expr_fn fn;
	} fns[] = {{"start", FN_START},	  {"end", FN_END},     {"days", FN_DAYS},
		   {"months", FN_MONTHS}, {"years", FN_YEARS}, {"count", FN_COUNT}};
	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
		char text[96];
		snprintf(text, sizeof(text), "x{node=a} <= %s ( milestone{node=a,seq=1} ) + 1",
			 fns[i].name);
		struct rule_expr re = parse_ok(text, NULL);
		cr_assert_eq(re.rhs->kind, EX_ADD);
		cr_assert_eq(re.rhs->a->kind, EX_FN, "%s", text);
		cr_assert_eq(re.rhs->a->fn, fns[i].fn, "%s", text);
		cr_assert_eq(re.rhs->a->a->ref.target, REF_MILESTONE);
	}
}

Test(expr, anchor_inside_a_function)
{
	struct rule_expr re =
		parse_ok("end(milestone{node=a}) <= end(milestone{node=a,seq=2})", NULL);
	cr_assert_not(re.dates);
	cr_assert_eq(re.anchor->target, REF_MILESTONE);
	cr_assert_null(expr_pin(re.anchor, "seq"));
}

Test(expr, count_of_a_field_with_a_korean_key)
{
	struct rule_expr re = parse_ok("n{node=a} = count(field{node=a,key=신용보험센터})", NULL);
	cr_assert_eq(re.rhs->a->ref.target, REF_FIELD);
	is_pin(&re.rhs->a->ref, 1, "key", "신용보험센터");
}

Test(expr, function_names_are_measures_unless_called)
{
	struct rule_expr re = parse_ok("start = count{node=a} + days", NULL);
	is_ref(re.lhs, "start", 0);
	is_ref(re.rhs->a, "count", 1);
	is_ref(re.rhs->b, "days", 0);
}

Test(expr, date_errors)
{
	parse_bad("milestone{node=a,seq=1} < milestone{node=b,seq=1}", NULL, 1,
		  "compare only with");
	parse_bad("x in y", NULL, 1, "compare only with");
	parse_bad("milestone{node=a,seq=1} + 1 = x", NULL, 1, "needs start()");
	parse_bad("x = days(y)", NULL, 11, "expected milestone");
	parse_bad("x = start(field{node=a,key=k})", NULL, 30, "only count");
	parse_bad("x = days(milestone{node=a,seq=1}", NULL, 33, "expected ')'");
	parse_bad("field{node=a,key=k} = milestone{node=a,seq=1}", NULL, 1, "field lists items");
}
