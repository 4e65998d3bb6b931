/*
 * expr.c - recursive-descent parser for rule expressions (see expr.h).
 */
#include "expr.h"

#include <string.h>

#include "base/msg.h"

struct parser {
	const char *text;
	const char *p;
	const char *measure;
	struct arena *a;
	struct jy_err *err;
	int depth;
};

static long column(const struct parser *ps)
{
	long col = 1;
	for (const char *q = ps->text; q < ps->p; q++)
		if (((unsigned char)*q & 0xC0) != 0x80)
			col++;
	return col;
}

static int fail(struct parser *ps, enum msg_id what)
{
	const char *at = *ps->p ? ps->p : msg(M_EXPR_END);
	return jy_err_msg(ps->err, JY_EINPUT, NULL, 0, column(ps), NULL, M_EXPR_FAIL_AT, msg(what),
			  at);
}

static void skip_space(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t')
		ps->p++;
}

/* ASCII classes by hand: <ctype.h>'s are a call per byte (Jipyo never sets
 * a locale, so they are these ranges) and every rule instance is parsed. */
static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(char c)
{
	return is_alpha(c) || is_digit(c);
}

static int is_name_start(char c)
{
	return is_alpha(c) || c == '_' || c == '$';
}

static int is_name_char(const char *p)
{
	/* bytes >= 0x80: UTF-8 in values such as a field's key ("사업기간") */
	if (is_alnum(*p) || *p == '_' || (unsigned char)*p >= 0x80)
		return 1;
	/* '-' inside a slug, '.' inside a period ("2019..2022"): only when
	 * followed by a name character, so "a - b" stays a subtraction. */
	return (*p == '-' || *p == '.') && (is_alnum(p[1]) || p[1] == '.');
}

/* Reads a name (or a pin value); returns it in the arena or NULL. */
static const char *read_name(struct parser *ps, int value)
{
	const char *start = ps->p;

	skip_space(ps);
	start = ps->p;
	/* values may be open periods: "..2023-08" */
	if (!(value ? (is_alnum(*ps->p) || *ps->p == '_' || (unsigned char)*ps->p >= 0x80 ||
		       (ps->p[0] == '.' && ps->p[1] == '.'))
		    : is_name_start(*ps->p)))
		return NULL;
	ps->p++;
	while (is_name_char(ps->p))
		ps->p++;
	if (value && ps->p[0] == '.' && ps->p[-1] == '.')
		ps->p++; /* an open range's end: "2019..", "3.." */
	if (ps->p - start == 2 && start[0] == '$' && start[1] == 'm') {
		if (!ps->measure) {
			ps->p = start; /* the error points at the $m */
			return NULL;
		}
		return ps->measure;
	}
	if (ps->p - start > JY_ID_BYTES_MAX)
		return NULL;
	return arena_strndup(ps->a, start, (size_t)(ps->p - start));
}

static struct expr *new_expr(struct parser *ps, enum expr_kind k)
{
	struct expr *e = arena_zalloc(ps->a, sizeof(*e));
	e->kind = k;
	return e;
}

static int parse_side(struct parser *ps, struct expr **out);

static int parse_ref(struct parser *ps, struct expr_ref *ref)
{
	const char *name = read_name(ps, 0);

	if (!name)
		return fail(ps, ps->measure || strncmp(ps->p, "$m", 2) != 0 ? M_EXPR_WANT_MEASURE
									    : M_EXPR_NO_MEASURES);
	ref->measure = name;
	skip_space(ps);
	if (*ps->p == '{' && strcmp(name, "milestone") == 0)
		ref->target = REF_MILESTONE;
	else if (*ps->p == '{' && strcmp(name, "field") == 0)
		ref->target = REF_FIELD;
	if (*ps->p != '{')
		return 0;
	ps->p++;
	for (;;) {
		const char *key = read_name(ps, 0);
		if (!key)
			return fail(ps, M_EXPR_WANT_DIM);
		skip_space(ps);
		if (*ps->p != '=')
			return fail(ps, M_EXPR_WANT_EQ);
		ps->p++;
		const char *val = read_name(ps, 1);
		if (!val)
			return fail(ps, M_EXPR_WANT_VALUE);
		if (ref->n_pins >= (int)(sizeof(ref->pins) / sizeof(ref->pins[0])))
			return fail(ps, M_EXPR_TOO_MANY_COORDS);
		for (int i = 0; i < ref->n_pins; i++)
			if (strcmp(ref->pins[i].key, key) == 0)
				return fail(ps, M_EXPR_COORD_TWICE);
		ref->pins[ref->n_pins].key = key;
		ref->pins[ref->n_pins].value = val;
		ref->n_pins++;
		skip_space(ps);
		if (*ps->p == ',') {
			ps->p++;
			continue;
		}
		if (*ps->p == '}') {
			ps->p++;
			return 0;
		}
		return fail(ps, M_EXPR_WANT_COMMA);
	}
}

/* At "name (" (a call, not a measure of that name): consumes it, returns 1. */
static int open_call(struct parser *ps, const char *name)
{
	if (*ps->p != *name)
		return 0; /* most factors are references: tried against every name */
	size_t n = strlen(name);
	const char *after = ps->p + n;

	if (strncmp(ps->p, name, n) != 0 || is_name_char(after))
		return 0;
	while (*after == ' ' || *after == '\t')
		after++;
	if (*after != '(')
		return 0;
	ps->p = after + 1;
	return 1;
}

/* Consumes the ')' of a call whose tree is e. */
static int close_call(struct parser *ps, struct expr *e, struct expr **out, enum msg_id what)
{
	skip_space(ps);
	if (*ps->p != ')')
		return fail(ps, what);
	ps->p++;
	*out = e;
	ps->depth--;
	return 0;
}

static int parse_factor(struct parser *ps, struct expr **out)
{
	skip_space(ps);
	if (++ps->depth > JY_EXPR_DEPTH_MAX)
		return fail(ps, M_EXPR_TOO_DEEP);
	if (*ps->p == '-') {
		ps->p++;
		struct expr *e = new_expr(ps, EX_NEG);
		int rc = parse_factor(ps, &e->a);
		*out = e;
		ps->depth--;
		return rc;
	}
	if (*ps->p == '(') {
		ps->p++;
		int rc = parse_side(ps, out);
		if (rc)
			return rc;
		skip_space(ps);
		if (*ps->p != ')')
			return fail(ps, M_EXPR_WANT_RP);
		ps->p++;
		ps->depth--;
		return 0;
	}
	if (is_digit(*ps->p)) {
		const char *start = ps->p;
		char num[48];
		struct jy_err e;
		while (is_digit(*ps->p) || *ps->p == '.')
			ps->p++;
		if ((size_t)(ps->p - start) >= sizeof(num))
			return fail(ps, M_EXPR_NUMBER_LONG);
		memcpy(num, start, (size_t)(ps->p - start));
		num[ps->p - start] = '\0';
		struct expr *n = new_expr(ps, EX_NUM);
		if (dec_parse(num, &n->num, &e)) {
			ps->p = start;
			return fail(ps, M_EXPR_BAD_NUMBER);
		}
		*out = n;
		ps->depth--;
		return 0;
	}
	if (open_call(ps, "sum")) {
		struct expr *e = new_expr(ps, EX_SUM);
		int rc = parse_ref(ps, &e->ref);
		if (rc)
			return rc;
		skip_space(ps);
		if (strncmp(ps->p, "by", 2) != 0 || is_name_char(ps->p + 2))
			return fail(ps, M_EXPR_WANT_BY);
		ps->p += 2;
		e->ref.by = read_name(ps, 0);
		if (!e->ref.by)
			return fail(ps, M_EXPR_WANT_BY_DIM);
		return close_call(ps, e, out, M_EXPR_WANT_RP_SUM);
	}
	static const struct {
		const char *name;
		enum expr_fn fn;
	} fns[] = {{"start", FN_START},	  {"end", FN_END},     {"days", FN_DAYS},
		   {"months", FN_MONTHS}, {"years", FN_YEARS}, {"count", FN_COUNT}};
	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
		if (!open_call(ps, fns[i].name))
			continue;
		struct expr *e = new_expr(ps, EX_FN);
		e->fn = fns[i].fn;
		e->a = new_expr(ps, EX_DATE);
		int rc = parse_ref(ps, &e->a->ref);
		if (rc)
			return rc;
		if (e->a->ref.target == REF_FACT)
			return fail(ps, M_EXPR_WANT_TARGET);
		if (e->a->ref.target == REF_FIELD && e->fn != FN_COUNT)
			return fail(ps, M_EXPR_FIELD_COUNT);
		return close_call(ps, e, out, M_EXPR_WANT_RP);
	}
	struct expr *e = new_expr(ps, EX_REF);
	int rc = parse_ref(ps, &e->ref);
	if (!rc && e->ref.target != REF_FACT)
		e->kind = EX_DATE;
	*out = e;
	ps->depth--;
	return rc;
}

static int parse_term(struct parser *ps, struct expr **out)
{
	int rc = parse_factor(ps, out);

	while (!rc) {
		skip_space(ps);
		if (*ps->p != '*' && *ps->p != '/')
			break;
		struct expr *e = new_expr(ps, *ps->p == '*' ? EX_MUL : EX_DIV);
		ps->p++;
		e->a = *out;
		rc = parse_factor(ps, &e->b);
		*out = e;
	}
	return rc;
}

static int parse_side(struct parser *ps, struct expr **out)
{
	int rc = parse_term(ps, out);

	while (!rc) {
		skip_space(ps);
		if (*ps->p != '+' && *ps->p != '-')
			break;
		struct expr *e = new_expr(ps, *ps->p == '+' ? EX_ADD : EX_SUB);
		ps->p++;
		e->a = *out;
		rc = parse_term(ps, &e->b);
		*out = e;
	}
	return rc;
}

static const struct expr_ref *first_ref(const struct expr *e)
{
	const struct expr_ref *r;

	if (!e)
		return NULL;
	if (e->kind == EX_REF || e->kind == EX_SUM || e->kind == EX_DATE)
		return &e->ref;
	if ((r = first_ref(e->a)))
		return r;
	return first_ref(e->b);
}

/* Is there a date range outside a function, below the top of a side? */
static int has_bare_date(const struct expr *e)
{
	if (!e || e->kind == EX_FN)
		return 0;
	if (e->kind == EX_DATE)
		return 1;
	return has_bare_date(e->a) || has_bare_date(e->b);
}

int expr_parse(const char *text, const char *measure, struct arena *a, struct rule_expr *out,
	       struct jy_err *err)
{
	struct parser ps = {text, text, measure, a, err, 0};
	int rc;

	memset(out, 0, sizeof(*out));
	rc = parse_side(&ps, &out->lhs);
	if (rc)
		return rc;
	skip_space(&ps);
	if (ps.p[0] == '<' && ps.p[1] == '=')
		out->cmp = CMP_LE, ps.p += 2;
	else if (ps.p[0] == '>' && ps.p[1] == '=')
		out->cmp = CMP_GE, ps.p += 2;
	else if (ps.p[0] == '<')
		out->cmp = CMP_LT, ps.p++;
	else if (ps.p[0] == '>')
		out->cmp = CMP_GT, ps.p++;
	else if (ps.p[0] == '=')
		out->cmp = CMP_EQ, ps.p++;
	else if (ps.p[0] == 'i' && ps.p[1] == 'n' && !is_name_char(ps.p + 2))
		out->cmp = CMP_IN, ps.p += 2;
	else
		return fail(&ps, M_EXPR_WANT_CMP);
	rc = parse_side(&ps, &out->rhs);
	if (rc)
		return rc;
	skip_space(&ps);
	if (*ps.p)
		return fail(&ps, M_EXPR_UNEXPECTED);
	out->dates = out->lhs->kind == EX_DATE;
	if (out->dates != (out->rhs->kind == EX_DATE) || (out->cmp == CMP_IN && !out->dates) ||
	    (out->dates && out->cmp != CMP_EQ && out->cmp != CMP_IN))
		return jy_err_msg(err, JY_EINPUT, NULL, 0, 1, NULL, M_EXPR_DATES_CMP);
	if (!out->dates && (has_bare_date(out->lhs) || has_bare_date(out->rhs)))
		return jy_err_msg(err, JY_EINPUT, NULL, 0, 1, NULL, M_EXPR_DATES_ARITH);
	if (out->dates &&
	    (out->lhs->ref.target != REF_MILESTONE || out->rhs->ref.target != REF_MILESTONE))
		return jy_err_msg(err, JY_EINPUT, NULL, 0, 1, NULL, M_EXPR_DATES_MILESTONES);
	out->anchor = first_ref(out->lhs);
	if (!out->anchor || out->anchor->by)
		return jy_err_msg(err, JY_EINPUT, NULL, 0, 1, NULL, M_EXPR_ANCHOR);
	return 0;
}

void expr_foreach_ref(const struct expr *e, void (*fn)(const struct expr *, void *), void *ctx)
{
	if (!e)
		return;
	if (e->kind == EX_REF || e->kind == EX_SUM || e->kind == EX_DATE) {
		fn(e, ctx);
		return;
	}
	expr_foreach_ref(e->a, fn, ctx);
	expr_foreach_ref(e->b, fn, ctx);
}

const char *expr_cmp_str(enum expr_cmp c)
{
	static const char *s[] = {"=", "<=", ">=", "<", ">", "in"};
	return s[c];
}

const char *expr_pin(const struct expr_ref *r, const char *key)
{
	for (int i = 0; i < r->n_pins; i++)
		if (strcmp(r->pins[i].key, key) == 0)
			return r->pins[i].value;
	return NULL;
}
