/*
 * kdate.c - parsing and printing Korean report dates (see kdate.h).
 *
 * Parsing has three steps. A lexer turns the UTF-8 text into tokens:
 * numbers, apostrophes, dots, "~", parentheses and the few Korean words a
 * date may carry (년 월 일 말 초 중 분기 상반기 하반기 기준 and weekdays).
 * An endpoint parser collects what each side of "~" printed without deciding
 * what a lone number means. A resolver then reads each endpoint in the light
 * of the other (a lone "12" after "’22.7" is a month, after "’22.9.21" a
 * day; the "3" of "3~4월" is a month because of the "월" after the 4) and
 * computes the calendar days.
 *
 * Everything is bounded: the text is at most JY_PRINTED_BYTES_MAX bytes,
 * every loop consumes at least one byte or token per turn, and numbers have
 * at most four digits.
 */
#include "kdate.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "limits.h"
#include "msg.h"
#include "utf8.h"

/* Years a four-digit printing may name (a business report of the 2020s:
 * anything else is more likely an amount or a typo); two-digit years are
 * 2000..2099. kdate_valid() itself accepts any year 1..9999. */
#define YEAR_MIN 1900
#define YEAR_MAX 2199

enum tok_type {
	T_END,
	T_NUM,
	T_APOS, /* ’ ‘ ' before a two-digit year */
	T_DOT,
	T_TILDE, /* ~ ～ 〜 ∼ */
	T_LP,
	T_RP,
	T_YEAR,	   /* 년 */
	T_MONTH,   /* 월: a month after a number, Monday in parentheses */
	T_DAY,	   /* 일: a day after a number, Sunday in parentheses */
	T_PART,	   /* 말 초 중 after 월: end, beginning, middle of the month */
	T_QUARTER, /* 분기 */
	T_HALF,	   /* 상반기 (1), 하반기 (2) */
	T_ASOF,	   /* 기준 */
	T_WDAY,	   /* 화 수 목 금 토 (2..6) */
	T_YOIL	   /* 요일, as in "(수요일)" */
};

struct tok {
	enum tok_type type;
	int val;     /* a number's value, a word's variant */
	int ndig;    /* digits of a number */
	size_t pos;  /* byte offset of the token */
	size_t next; /* byte offset just after it */
};

struct word {
	const char *text;
	enum tok_type type;
	int val;
};

static const struct word words[] = {
	{"\xe2\x80\x99", T_APOS, 0}, /* ’ */
	{"\xe2\x80\x98", T_APOS, 0}, /* ‘ */
	{"'", T_APOS, 0},
	{".", T_DOT, 0},
	{"~", T_TILDE, 0},
	{"\xef\xbd\x9e", T_TILDE, 0}, /* ～ */
	{"\xe3\x80\x9c", T_TILDE, 0}, /* 〜 */
	{"\xe2\x88\xbc", T_TILDE, 0}, /* ∼ */
	{"(", T_LP, 0},
	{")", T_RP, 0},
	{"\xef\xbc\x88", T_LP, 0}, /* （ */
	{"\xef\xbc\x89", T_RP, 0}, /* ） */
	{"상반기", T_HALF, 1},
	{"하반기", T_HALF, 2},
	{"분기", T_QUARTER, 0},
	{"기준", T_ASOF, 0},
	{"요일", T_YOIL, 0},
	{"년", T_YEAR, 0},
	{"월", T_MONTH, 1},
	{"일", T_DAY, 0},
	{"말", T_PART, 3},
	{"초", T_PART, 1},
	{"중", T_PART, 2},
	{"화", T_WDAY, 2},
	{"수", T_WDAY, 3},
	{"목", T_WDAY, 4},
	{"금", T_WDAY, 5},
	{"토", T_WDAY, 6},
};

#define NWORDS (sizeof(words) / sizeof(words[0]))

static const char *const wday_names[7] = {"일", "월", "화", "수", "목", "금", "토"};

/* Bytes of the white space at s (0 if none): space, tab, NBSP, U+3000. */
static size_t space_len(const char *s, size_t left)
{
	if (left >= 1 && (s[0] == ' ' || s[0] == '\t'))
		return 1;
	if (left >= 2 && memcmp(s, "\xc2\xa0", 2) == 0)
		return 2;
	if (left >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

static int unexpected_char(const char *s, size_t len, size_t i, struct jy_err *err)
{
	int cp = 0;
	int n = utf8_decode(s + i, len - i, &cp);
	long col = (long)i + 1;

	if (n <= 0)
		return jy_err_msg(err, JY_EINPUT, NULL, 0, col, NULL, M_DATE_BAD_UTF8,
				  (unsigned char)s[i]);
	if (cp < 0x20 || cp == 0x7f)
		return jy_err_msg(err, JY_EINPUT, NULL, 0, col, NULL, M_DATE_CONTROL, (unsigned)cp);
	return jy_err_msg(err, JY_EINPUT, NULL, 0, col, NULL, M_DATE_CHAR, n, s + i, (unsigned)cp);
}

/* Reads the token at or after pos (skipping white space) into *t. */
static int lex(const char *s, size_t len, size_t pos, struct tok *t, struct jy_err *err)
{
	size_t i = pos;
	size_t n;
	size_t k;

	while (i < len && (n = space_len(s + i, len - i)) > 0)
		i += n;
	memset(t, 0, sizeof(*t));
	t->pos = i;
	t->next = i;
	if (i >= len) {
		t->type = T_END;
		return 0;
	}
	if (s[i] >= '0' && s[i] <= '9') {
		t->type = T_NUM;
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			if (t->ndig == 4)
				return jy_err_msg(err, JY_EINPUT, NULL, 0, (long)t->pos + 1, NULL,
						  M_DATE_NUM_LONG);
			t->val = t->val * 10 + (s[i] - '0');
			t->ndig++;
			i++;
		}
		t->next = i;
		return 0;
	}
	for (k = 0; k < NWORDS; k++) {
		size_t wl = strlen(words[k].text);

		if (wl <= len - i && memcmp(s + i, words[k].text, wl) == 0) {
			t->type = words[k].type;
			t->val = words[k].val;
			t->next = i + wl;
			return 0;
		}
	}
	return unexpected_char(s, len, i, err);
}

struct parser {
	const char *s;
	size_t len;
	struct tok t; /* the current token */
	struct jy_err *err;
};

static long tcol(const struct tok *t)
{
	return (long)t->pos + 1;
}

static int advance(struct parser *p)
{
	return lex(p->s, p->len, p->t.next, &p->t, p->err);
}

static int peek(const struct parser *p, struct tok *t)
{
	return lex(p->s, p->len, p->t.next, t, p->err);
}

static int fail(struct parser *p, long col, enum msg_id id, ...)
{
	char text[JY_ERR_MSG_BYTES];
	va_list ap;

	va_start(ap, id);
	vsnprintf(text, sizeof(text), msg(id), ap);
	va_end(ap);
	return jy_err_at(p->err, JY_EINPUT, NULL, 0, col, NULL, "%s", text);
}

/* The printed bytes of a token, for messages (valid UTF-8: the lexer checked). */
static int tok_len(const struct tok *t)
{
	return (int)(t->next - t->pos);
}

/* The token where something else was expected (what: the message of id). */
static int fail_unexpected(struct parser *p, enum msg_id id, ...)
{
	char what[JY_ERR_MSG_BYTES];
	va_list ap;

	va_start(ap, id);
	vsnprintf(what, sizeof(what), msg(id), ap);
	va_end(ap);
	if (p->t.type == T_END)
		return fail(p, tcol(&p->t), M_DATE_ENDS_EARLY, what);
	return fail(p, tcol(&p->t), M_DATE_UNEXPECTED, tok_len(&p->t), p->s + p->t.pos, what);
}

/* What one side of "~" printed. */
enum { K_NONE, K_MONTH, K_DAY, K_QUARTER };

struct ep {
	int year; /* 0 when not printed */
	long ycol;
	int yword; /* the year was followed by 년 */
	int n;	   /* numbers after the year */
	int num[3], kind[3], dig[3];
	long ncol[3];
	int half; /* 1, 2 for 상반기, 하반기 */
	int wday; /* -1 when not printed */
	long wcol;
	long col;
};

static int starts_ep(enum tok_type t)
{
	return t == T_APOS || t == T_NUM || t == T_HALF;
}

/* After a year: "." or "년"; *sep says whether one was there. */
static int year_suffix(struct parser *p, struct ep *e, int *sep)
{
	*sep = 1;
	if (p->t.type == T_DOT)
		return advance(p);
	if (p->t.type == T_YEAR) {
		int rc;
		e->yword = 1;
		if ((rc = advance(p)))
			return rc;
		/* "’22년말" / "’22년초": a part of the year, kept at year granularity */
		if (p->t.type == T_PART)
			return advance(p);
		return 0;
	}
	*sep = 0;
	return 0;
}

/* "(수)" / "(수요일)" followed by an optional ".". */
static int parse_weekday(struct parser *p, struct ep *e)
{
	struct tok nx;
	int rc;

	if ((rc = peek(p, &nx)))
		return rc;
	if (nx.type == T_ASOF)
		return 0; /* "(기준)": the caller's */
	if (nx.type != T_DAY && nx.type != T_MONTH && nx.type != T_WDAY)
		return fail(p, tcol(&nx), M_DATE_WANT_WDAY, "일 월 화 수 목 금 토");
	e->wday = nx.type == T_DAY ? 0 : nx.type == T_MONTH ? 1 : nx.val;
	e->wcol = tcol(&nx);
	if ((rc = advance(p)) || (rc = advance(p)))
		return rc;
	if (p->t.type == T_YOIL && (rc = advance(p)))
		return rc;
	if (p->t.type != T_RP)
		return fail_unexpected(p, M_DATE_WANT_RP_WDAY);
	if ((rc = advance(p)))
		return rc;
	if (p->t.type == T_DOT)
		return advance(p);
	return 0;
}

/* Numbers after the year; sep: the previous token separates ("." "년"). */
static int parse_numbers(struct parser *p, struct ep *e, int sep)
{
	int rc;

	while (p->t.type == T_NUM) {
		struct tok num = p->t;
		int kind = K_NONE;
		int stop = 0;

		if (!sep)
			return fail(p, tcol(&num), M_DATE_WANT_DOT, tok_len(&num), p->s + num.pos);
		if (e->n == 3 || (e->year && e->n == 2))
			return fail(p, tcol(&num), M_DATE_TOO_MANY);
		if (num.ndig > 2)
			return fail(p, tcol(&num), M_DATE_NOT_YMD, tok_len(&num), p->s + num.pos);
		if ((rc = advance(p)))
			return rc;
		sep = 1;
		switch (p->t.type) {
		case T_DOT:
			if ((rc = advance(p)))
				return rc;
			break;
		case T_YEAR:
			if (e->year || e->n || num.ndig != 2)
				return fail(p, tcol(&p->t), M_DATE_YEAR_WORD, "년");
			e->year = 2000 + num.val;
			e->ycol = tcol(&num);
			e->yword = 1;
			if ((rc = advance(p)))
				return rc;
			continue;
		case T_MONTH:
			if (e->n)
				return fail(p, tcol(&p->t), M_DATE_MONTH_WORD, "월");
			kind = K_MONTH;
			if ((rc = advance(p)))
				return rc;
			if (p->t.type == T_PART) {
				stop = 1;
				if ((rc = advance(p)))
					return rc;
			}
			break;
		case T_DAY:
			kind = K_DAY;
			stop = 1;
			if ((rc = advance(p)))
				return rc;
			break;
		case T_QUARTER:
			if (e->n)
				return fail(p, tcol(&p->t), M_DATE_QUARTER_WORD, "분기");
			kind = K_QUARTER;
			stop = 1;
			if ((rc = advance(p)))
				return rc;
			break;
		default:
			sep = 0;
			break;
		}
		if (e->n == 1 && e->kind[0] == K_MONTH && kind != K_DAY)
			return fail(p, tcol(&num), M_DATE_DAY_WORD, "월", "일", num.val, "일");
		e->num[e->n] = num.val;
		e->dig[e->n] = num.ndig;
		e->ncol[e->n] = tcol(&num);
		e->kind[e->n] = kind;
		e->n++;
		if (stop)
			break;
	}
	return 0;
}

static int ep_parse(struct parser *p, struct ep *e)
{
	int sep = 1;
	int rc;

	memset(e, 0, sizeof(*e));
	e->wday = -1;
	e->col = tcol(&p->t);
	if (p->t.type == T_APOS) {
		if ((rc = advance(p)))
			return rc;
		if (p->t.type != T_NUM || p->t.ndig != 2)
			return fail_unexpected(p, M_DATE_WANT_YEAR2);
		e->year = 2000 + p->t.val;
		e->ycol = tcol(&p->t);
		if ((rc = advance(p)) || (rc = year_suffix(p, e, &sep)))
			return rc;
	} else if (p->t.type == T_NUM && p->t.ndig == 4) {
		if (p->t.val < YEAR_MIN || p->t.val > YEAR_MAX)
			return fail(p, tcol(&p->t), M_DATE_YEAR_RANGE, p->t.val, YEAR_MIN,
				    YEAR_MAX);
		e->year = p->t.val;
		e->ycol = tcol(&p->t);
		if ((rc = advance(p)) || (rc = year_suffix(p, e, &sep)))
			return rc;
	}
	if ((rc = parse_numbers(p, e, sep)))
		return rc;
	if (e->n == 0 && p->t.type == T_HALF) {
		e->half = p->t.val;
		if ((rc = advance(p)))
			return rc;
		if (p->t.type == T_DOT && (rc = advance(p)))
			return rc;
	}
	if (p->t.type == T_LP && (rc = parse_weekday(p, e)))
		return rc;
	if (!e->year && !e->n && !e->half)
		return fail_unexpected(p, M_DATE_WANT_DATE);
	return 0;
}

/* An endpoint read as calendar days. */
struct res {
	enum kdate_gran gran;
	int year;
	int month; /* DAY and MONTH */
	int day;   /* DAY */
	int part;  /* QUARTER: 1..4, HALF: 1..2 */
	struct kdate first, last;
};

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

static struct kdate mkdate(int y, int m, int d)
{
	struct kdate k = {y, m, d};

	return k;
}

static void bounds(struct res *r)
{
	int y = r->year;

	switch (r->gran) {
	case KDATE_DAY:
		r->first = r->last = mkdate(y, r->month, r->day);
		break;
	case KDATE_MONTH:
		r->first = mkdate(y, r->month, 1);
		r->last = mkdate(y, r->month, days_in_month(y, r->month));
		break;
	case KDATE_QUARTER:
		r->first = mkdate(y, 3 * r->part - 2, 1);
		r->last = mkdate(y, 3 * r->part, days_in_month(y, 3 * r->part));
		break;
	case KDATE_HALF:
		r->first = mkdate(y, 6 * r->part - 5, 1);
		r->last = mkdate(y, 6 * r->part, days_in_month(y, 6 * r->part));
		break;
	case KDATE_YEAR:
		r->first = mkdate(y, 1, 1);
		r->last = mkdate(y, 12, 31);
		break;
	}
}

/* What the other side's suffix says a lone start number is ("3~4월"). */
static int hint_of(const struct ep *b)
{
	if (b->n >= 1 && b->kind[0] == K_MONTH)
		return KDATE_MONTH;
	if (b->n >= 1 && b->kind[0] == K_QUARTER)
		return KDATE_QUARTER;
	if (b->n == 0 && b->yword)
		return KDATE_YEAR;
	return -1;
}

/* The "22.9.30" and "22.9." printings: a two-digit year without apostrophe. */
static int bare_year(struct parser *p, struct ep *e, int may_inherit)
{
	int i;

	if (e->year)
		return 0;
	if (e->n == 3) {
		if (e->kind[0] != K_NONE || e->kind[1] != K_NONE || e->dig[0] != 2)
			return fail(p, e->ncol[0], M_DATE_TOO_MANY);
	} else if (!(e->n == 2 && !may_inherit && e->kind[0] == K_NONE && e->kind[1] == K_NONE &&
		     e->dig[0] == 2 && e->num[0] > 12)) {
		return 0;
	}
	e->year = 2000 + e->num[0];
	e->ycol = e->ncol[0];
	for (i = 1; i < e->n; i++) {
		e->num[i - 1] = e->num[i];
		e->dig[i - 1] = e->dig[i];
		e->ncol[i - 1] = e->ncol[i];
		e->kind[i - 1] = e->kind[i];
	}
	e->n--;
	return 0;
}

/* The granularity of a lone number with no suffix. */
static int lone_gran(struct parser *p, const struct ep *e, const struct res *prev, int is_end,
		     int hint)
{
	if (!is_end) {
		if (hint == KDATE_QUARTER || hint == KDATE_MONTH)
			return hint;
		if (hint == KDATE_YEAR && !e->year)
			return KDATE_YEAR;
		if (e->year)
			return KDATE_MONTH;
		return fail(p, e->ncol[0], M_DATE_MONTH_OR_DAY, e->num[0], e->num[0], "월",
			    e->num[0]);
	}
	if (e->year || !prev)
		return KDATE_MONTH;
	if (prev->gran == KDATE_HALF)
		return fail(p, e->ncol[0], M_DATE_AFTER_HALF, e->num[0], "반기");
	return (int)prev->gran;
}

static int resolve(struct parser *p, struct ep *e, int ref_year, const struct res *prev, int is_end,
		   int hint, struct res *r)
{
	long mcol = 0, dcol = 0;
	int rc, g;

	memset(r, 0, sizeof(*r));
	if ((rc = bare_year(p, e, is_end && prev)))
		return rc;
	if (e->year)
		r->year = e->year;
	else if (prev)
		r->year = prev->year;
	else
		r->year = ref_year;
	if (r->year < YEAR_MIN || r->year > YEAR_MAX)
		return jy_err_set(p->err, JY_EINTERNAL, "reference year %d is out of range",
				  ref_year);
	if (e->n == 0) {
		r->gran = e->half ? KDATE_HALF : KDATE_YEAR;
		r->part = e->half;
	} else if (e->n == 2) {
		r->gran = KDATE_DAY;
		r->month = e->num[0];
		r->day = e->num[1];
		mcol = e->ncol[0];
		dcol = e->ncol[1];
	} else if (e->kind[0] == K_MONTH) {
		r->gran = KDATE_MONTH;
		r->month = e->num[0];
		mcol = e->ncol[0];
	} else if (e->kind[0] == K_QUARTER) {
		r->gran = KDATE_QUARTER;
		r->part = e->num[0];
	} else if (e->kind[0] == K_DAY) {
		if (!is_end || !prev || e->year ||
		    (prev->gran != KDATE_DAY && prev->gran != KDATE_MONTH))
			return fail(p, e->ncol[0], M_DATE_DAY_NEEDS_MONTH, e->num[0], "일");
		r->gran = KDATE_DAY;
		r->month = prev->month;
		r->day = e->num[0];
		dcol = e->ncol[0];
	} else {
		g = lone_gran(p, e, prev, is_end, hint);
		if (g < 0)
			return g;
		r->gran = (enum kdate_gran)g;
		switch (r->gran) {
		case KDATE_DAY:
			r->month = prev->month;
			r->day = e->num[0];
			dcol = e->ncol[0];
			break;
		case KDATE_MONTH:
			r->month = e->num[0];
			mcol = e->ncol[0];
			break;
		case KDATE_QUARTER:
			r->part = e->num[0];
			break;
		case KDATE_YEAR:
			if (e->dig[0] != 2)
				return fail(p, e->ncol[0], M_DATE_YEAR_DIGITS);
			r->year = 2000 + e->num[0];
			break;
		case KDATE_HALF:
			break;
		}
	}
	if (r->gran == KDATE_QUARTER && (r->part < 1 || r->part > 4))
		return fail(p, e->ncol[0], M_DATE_QUARTER_RANGE, r->part);
	if ((r->gran == KDATE_DAY || r->gran == KDATE_MONTH) && (r->month < 1 || r->month > 12))
		return fail(p, mcol ? mcol : e->col, M_DATE_MONTH_RANGE, r->month);
	if (r->gran == KDATE_DAY && (r->day < 1 || r->day > days_in_month(r->year, r->month)))
		return fail(p, dcol ? dcol : e->col, M_DATE_NOT_DAY, r->year, r->month, r->day);
	if (e->wday >= 0 && r->gran != KDATE_DAY)
		return fail(p, e->wcol,
			    r->gran == KDATE_MONTH ? M_DATE_WDAY_MONTH : M_DATE_WDAY_PERIOD);
	bounds(r);
	return 0;
}

static void range_clear(struct kdate_range *r)
{
	memset(r, 0, sizeof(*r));
	r->start_wday = -1;
	r->end_wday = -1;
}

/* Reads the text into the two raw endpoints; *which says which are present
 * (1 start, 2 end). */
static int parse_text(struct parser *p, struct ep *a, struct ep *b, int *which, int *tilde)
{
	struct tok nx;
	int wrapped = 0;
	int rc;

	if (p->t.type == T_END)
		return fail(p, 1, M_DATE_EMPTY);
	if (p->t.type == T_LP) {
		wrapped = 1;
		if ((rc = advance(p)))
			return rc;
	}
	if (p->t.type == T_TILDE) {
		*tilde = 1;
		if ((rc = advance(p)))
			return rc;
		if (!starts_ep(p->t.type))
			return fail_unexpected(p, M_DATE_WANT_AFTER_TILDE);
		if ((rc = ep_parse(p, b)))
			return rc;
		*which = 2;
	} else {
		if (!starts_ep(p->t.type))
			return fail_unexpected(p, M_DATE_WANT_DATE);
		if ((rc = ep_parse(p, a)))
			return rc;
		*which = 1;
		if (p->t.type == T_TILDE) {
			*tilde = 1;
			if ((rc = advance(p)))
				return rc;
			if (starts_ep(p->t.type)) {
				if ((rc = ep_parse(p, b)))
					return rc;
				*which = 3;
			}
		}
	}
	if (p->t.type == T_ASOF) {
		if ((rc = advance(p)))
			return rc;
	} else if (p->t.type == T_LP) {
		if ((rc = peek(p, &nx)))
			return rc;
		if (nx.type != T_ASOF)
			return fail_unexpected(p, M_DATE_WANT_END);
		if ((rc = advance(p)) || (rc = advance(p)))
			return rc;
		if (p->t.type != T_RP)
			return fail_unexpected(p, M_DATE_WANT_RP_ASOF, "기준");
		if ((rc = advance(p)))
			return rc;
	}
	if (wrapped) {
		if (p->t.type != T_RP)
			return fail_unexpected(p, M_DATE_WANT_RP_START);
		if ((rc = advance(p)))
			return rc;
	}
	if (p->t.type != T_END)
		return fail_unexpected(p, M_DATE_WANT_END);
	return 0;
}

int kdate_parse(const char *s, int ref_year, struct kdate_range *out, struct jy_err *err)
{
	struct jy_err scratch;
	struct parser p;
	struct ep a, b;
	struct res ra, rb;
	int which = 0, tilde = 0;
	size_t len;
	int rc;

	if (!err)
		err = &scratch;
	if (!out)
		return jy_err_set(err, JY_EINTERNAL, "kdate_parse: no output");
	range_clear(out);
	if (!s)
		return jy_err_set(err, JY_EINTERNAL, "kdate_parse: no text");
	len = strnlen(s, (size_t)JY_PRINTED_BYTES_MAX + 1);
	if (len > JY_PRINTED_BYTES_MAX)
		return jy_err_msg(err, JY_EINPUT, NULL, 0, JY_PRINTED_BYTES_MAX + 1, NULL,
				  M_DATE_TOO_LONG, JY_PRINTED_BYTES_MAX);
	memset(&p, 0, sizeof(p));
	p.s = s;
	p.len = len;
	p.err = err;
	if ((rc = lex(s, len, 0, &p.t, err)))
		return rc;
	if ((rc = parse_text(&p, &a, &b, &which, &tilde)))
		return rc;

	if (which == 2) { /* "~’22.12." */
		if ((rc = resolve(&p, &b, ref_year, NULL, 1, -1, &rb)))
			return rc;
		out->end = rb.last;
		out->gran = rb.gran;
		out->open_start = 1;
		out->end_wday = b.wday;
	} else {
		if ((rc = resolve(&p, &a, ref_year, NULL, 0, which == 3 ? hint_of(&b) : -1, &ra)))
			return rc;
		out->start = ra.first;
		out->end = ra.last;
		out->gran = ra.gran;
		out->start_wday = a.wday;
		if (which == 3) {
			if ((rc = resolve(&p, &b, ref_year, &ra, 1, -1, &rb)))
				return rc;
			out->end = rb.last;
			out->gran = rb.gran < ra.gran ? rb.gran : ra.gran;
			out->end_wday = b.wday;
		} else if (tilde) {
			out->end = mkdate(0, 0, 0);
			out->open_end = 1;
		}
	}
	out->is_range = tilde;
	return 0;
}

int kdate_valid(struct kdate d)
{
	return d.year >= 1 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
	       d.day <= days_in_month(d.year, d.month);
}

int kdate_cmp(struct kdate a, struct kdate b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	if (a.day != b.day)
		return a.day < b.day ? -1 : 1;
	return 0;
}

/* Days since 1970-01-01 of a valid proleptic Gregorian date (H. Hinnant). */
long kdate_daynum(struct kdate d)
{
	long y = d.year - (d.month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long mp = d.month > 2 ? d.month - 3 : d.month + 9;
	long doy = (153 * mp + 2) / 5 + d.day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

/* The inverse of kdate_daynum (H. Hinnant's civil_from_days). */
struct kdate kdate_from_daynum(long n)
{
	long z = n + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	struct kdate d;

	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = (int)(yoe + era * 400 + (d.month <= 2));
	return d;
}

int kdate_weekday(struct kdate d)
{
	long n;

	if (!kdate_valid(d))
		return -1;
	n = kdate_daynum(d);
	return (int)(((n % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
}

int kdate_days_inclusive(const struct kdate_range *r)
{
	if (!r || r->open_start || r->open_end || !kdate_valid(r->start) || !kdate_valid(r->end))
		return 0;
	return (int)(kdate_daynum(r->end) - kdate_daynum(r->start) + 1);
}

/* --- ISO periods (the inverse of kdate_format_iso) --- */

/* Does s have the shape of pattern, 'd' standing for a digit ("dddd-dd")? */
static int iso_shape(const char *s, size_t n, const char *pattern)
{
	if (strlen(pattern) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (pattern[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != pattern[i])
			return 0;
	return 1;
}

/* The number written by the n digits at s. */
static int digits_value(const char *s, int n)
{
	int v = 0;
	while (n-- > 0)
		v = v * 10 + (*s++ - '0');
	return v;
}

/* One side of an ISO period: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Hn, YYYY-Qn.
 * Each form is matched by its shape first, so a digit is read only where
 * the shape has one. */
static int iso_part(const char *s, size_t n, struct kdate *start, struct kdate *end)
{
	if (iso_shape(s, n, "dddd-dd-dd")) {
		*start = *end = (struct kdate){digits_value(s, 4), digits_value(s + 5, 2),
					       digits_value(s + 8, 2)};
		return kdate_valid(*start) ? 0 : -1;
	}
	if (iso_shape(s, n, "dddd-Hd") || iso_shape(s, n, "dddd-Qd")) {
		int y = digits_value(s, 4), months = s[5] == 'H' ? 6 : 3;
		int last = digits_value(s + 6, 1) * months;
		if (last < months || last > 12)
			return -1;
		*start = (struct kdate){y, last - months + 1, 1};
		*end = (struct kdate){y, last, days_in_month(y, last)};
		return 0;
	}
	if (iso_shape(s, n, "dddd-dd")) {
		int y = digits_value(s, 4), month = digits_value(s + 5, 2);
		if (month < 1 || month > 12)
			return -1;
		*start = (struct kdate){y, month, 1};
		*end = (struct kdate){y, month, days_in_month(y, month)};
		return 0;
	}
	if (iso_shape(s, n, "dddd") && digits_value(s, 4) > 0) {
		*start = (struct kdate){digits_value(s, 4), 1, 1};
		*end = (struct kdate){digits_value(s, 4), 12, 31};
		return 0;
	}
	return -1;
}

int kdate_parse_iso(const char *p, struct kdate_range *r)
{
	const char *dots = strstr(p, "..");
	struct kdate ignore;

	memset(r, 0, sizeof(*r));
	if (!*p)
		return -1;
	if (!dots)
		return iso_part(p, strlen(p), &r->start, &r->end);
	r->is_range = 1;
	if (dots == p)
		r->open_start = 1;
	else if (iso_part(p, (size_t)(dots - p), &r->start, &ignore))
		return -1;
	if (!dots[2])
		r->open_end = 1;
	else if (iso_part(dots + 2, strlen(dots + 2), &ignore, &r->end))
		return -1;
	return r->open_start && r->open_end ? -1 : 0;
}

/* --- printing --- */

static int gran_ok(const struct kdate_range *r)
{
	return r->gran >= KDATE_DAY && r->gran <= KDATE_YEAR;
}

/* The number of d's month, quarter or half at granularity g. */
static int unit_part(struct kdate d, enum kdate_gran g)
{
	switch (g) {
	case KDATE_QUARTER:
		return (d.month + 2) / 3;
	case KDATE_HALF:
		return d.month <= 6 ? 1 : 2;
	default:
		return d.month;
	}
}

static int same_unit(struct kdate a, struct kdate b, enum kdate_gran g)
{
	if (a.year != b.year)
		return 0;
	if (g == KDATE_YEAR)
		return 1;
	if (unit_part(a, g) != unit_part(b, g))
		return 0;
	return g != KDATE_DAY || a.day == b.day;
}

static void iso_unit(struct buf *b, struct kdate d, enum kdate_gran g)
{
	switch (g) {
	case KDATE_DAY:
		buf_addf(b, "%04d-%02d-%02d", d.year, d.month, d.day);
		break;
	case KDATE_MONTH:
		buf_addf(b, "%04d-%02d", d.year, d.month);
		break;
	case KDATE_QUARTER:
		buf_addf(b, "%04d-Q%d", d.year, unit_part(d, g));
		break;
	case KDATE_HALF:
		buf_addf(b, "%04d-H%d", d.year, unit_part(d, g));
		break;
	case KDATE_YEAR:
		buf_addf(b, "%04d", d.year);
		break;
	}
}

void kdate_format_iso(const struct kdate_range *r, struct buf *out)
{
	if (!r || !out)
		return;
	if (!gran_ok(r)) {
		buf_adds(out, "?");
		return;
	}
	if (!r->is_range && !r->open_start && !r->open_end &&
	    same_unit(r->start, r->end, r->gran)) {
		iso_unit(out, r->start, r->gran);
		return;
	}
	if (!r->open_start)
		iso_unit(out, r->start, r->gran);
	buf_adds(out, "..");
	if (!r->open_end)
		iso_unit(out, r->end, r->gran);
}

/* "’22" for 2000..2099, the four digits otherwise. */
static void kyear(struct buf *b, int y)
{
	if (y >= 2000 && y <= 2099)
		buf_addf(b, "\xe2\x80\x99%02d", y - 2000);
	else
		buf_addf(b, "%d", y);
}

static int has_wday(int wday)
{
	return wday >= 0 && wday <= 6;
}

static void kwday(struct buf *b, int wday)
{
	if (has_wday(wday))
		buf_addf(b, "(%s)", wday_names[wday]);
}

static const char *half_name(int h)
{
	return h == 1 ? "상반기" : "하반기";
}

/* The unit of d at granularity g after its year (without the year):
 * ".9.22" ".11" ". 3분기" ". 하반기" ("" for a year). */
static void kunit(struct buf *b, struct kdate d, enum kdate_gran g)
{
	switch (g) {
	case KDATE_DAY:
		buf_addf(b, ".%d.%d", d.month, d.day);
		break;
	case KDATE_MONTH:
		buf_addf(b, ".%d", d.month);
		break;
	case KDATE_QUARTER:
		buf_addf(b, ". %d분기", unit_part(d, g));
		break;
	case KDATE_HALF:
		buf_addf(b, ". %s", half_name(unit_part(d, g)));
		break;
	case KDATE_YEAR:
		break;
	}
}

/* A whole endpoint standing alone: "’22.9.22." "’22.9.22(목)" "’22.11." "’19년". */
static void ksingle(struct buf *b, struct kdate d, enum kdate_gran g, int wday)
{
	kyear(b, d.year);
	kunit(b, d, g);
	if (g == KDATE_YEAR)
		buf_adds(b, "년");
	else if (g == KDATE_DAY && has_wday(wday))
		kwday(b, wday);
	else if (g == KDATE_DAY || g == KDATE_MONTH)
		buf_addc(b, '.');
}

/* The end of a closed range after "~", without repeating a shared year. */
static void kend(struct buf *b, struct kdate s, struct kdate e, enum kdate_gran g, int wday)
{
	int own_year = s.year != e.year || g == KDATE_YEAR;

	if (own_year)
		kyear(b, e.year);
	switch (g) {
	case KDATE_DAY:
		buf_addf(b, "%s%d.%d", own_year ? "." : "", e.month, e.day);
		if (has_wday(wday))
			kwday(b, wday);
		else
			buf_addc(b, '.');
		break;
	case KDATE_MONTH:
		buf_addf(b, "%s%d.", own_year ? "." : "", e.month);
		break;
	case KDATE_QUARTER:
		buf_addf(b, "%s%d분기", own_year ? ". " : "", unit_part(e, g));
		break;
	case KDATE_HALF:
		buf_addf(b, "%s%s", own_year ? ". " : "", half_name(unit_part(e, g)));
		break;
	case KDATE_YEAR:
		buf_adds(b, "년");
		break;
	}
}

void kdate_format_korean(const struct kdate_range *r, struct buf *out)
{
	enum kdate_gran g;

	if (!r || !out)
		return;
	if (!gran_ok(r)) {
		buf_adds(out, "?");
		return;
	}
	g = r->gran;
	if (r->open_start && r->open_end) {
		buf_adds(out, "~");
		return;
	}
	if (r->open_start) {
		buf_adds(out, "~");
		ksingle(out, r->end, g, r->end_wday);
		return;
	}
	if (r->open_end) {
		if (g == KDATE_YEAR)
			kyear(out, r->start.year); /* "’19~" */
		else
			ksingle(out, r->start, g, r->start_wday);
		buf_adds(out, "~");
		return;
	}
	if (!r->is_range && same_unit(r->start, r->end, g)) {
		ksingle(out, r->start, g, r->start_wday);
		return;
	}
	kyear(out, r->start.year);
	kunit(out, r->start, g);
	if (g == KDATE_YEAR)
		buf_adds(out, "년");
	else if (g == KDATE_DAY)
		kwday(out, r->start_wday);
	buf_adds(out, "~");
	kend(out, r->start, r->end, g, r->end_wday);
}

/* One end of an ISO period as printed: ’22.8.29. / ’22.8월 / ’22년 /
 * ’22. 하반기 / ’22. 3분기; the year left out when same_year. */
static int label_one(const char *s, size_t n, int same_year, struct buf *out)
{
	int y, mo, d;
	char c;

	if (n == 10 && sscanf(s, "%4d-%2d-%2d", &y, &mo, &d) == 3) {
		if (!same_year)
			buf_addf(out, "’%02d.", y % 100);
		buf_addf(out, "%d.%d.", mo, d);
	} else if (n == 7 && sscanf(s, "%4d-%c%d", &y, &c, &mo) == 3 && (c == 'H' || c == 'Q'))
		buf_addf(out, "’%02d. %s", y % 100,
			 c == 'H' ? (mo == 1 ? "상반기" : "하반기")
				  : (const char *[]){"1분기", "2분기", "3분기",
						     "4분기"}[(mo - 1) & 3]);
	else if (n == 7 && sscanf(s, "%4d-%2d", &y, &mo) == 2) {
		if (!same_year)
			buf_addf(out, "’%02d.", y % 100);
		buf_addf(out, "%d월", mo);
	} else if (n == 4 && sscanf(s, "%4d", &y) == 1)
		buf_addf(out, "’%02d년", y % 100);
	else
		return -1;
	return 0;
}

int kdate_label_iso(const char *iso, struct buf *out)
{
	const char *dots = strstr(iso, "..");
	size_t start = out->len;
	int rc;

	if (!dots)
		rc = label_one(iso, strlen(iso), 0, out);
	else {
		size_t a = (size_t)(dots - iso), b = strlen(dots + 2);
		int same = a >= 4 && b >= 7 && a == b && strncmp(iso, dots + 2, 4) == 0;
		rc = a ? label_one(iso, a, 0, out) : 0;
		buf_adds(out, "~");
		if (!rc && b)
			rc = label_one(dots + 2, b, same, out);
	}
	if (rc) { /* not an ISO period: as it is */
		out->len = start;
		out->data[start] = 0;
		buf_adds(out, iso);
	}
	return rc;
}

int kdate_label_moment(const char *iso, struct buf *out)
{
	struct tm tm = {0};
	char zone[16];
	int n = 0;

	if (!iso ||
	    sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 ||
	    n != (int)strlen(iso) ||
	    !kdate_valid((struct kdate){tm.tm_year, tm.tm_mon, tm.tm_mday})) {
		buf_adds(out, iso ? iso : "");
		return -1;
	}
	tm.tm_year -= 1900;
	tm.tm_mon--;
	time_t t = timegm(&tm); /* UTC, then the reader's own clock */
	localtime_r(&t, &tm);
	if (!strftime(zone, sizeof(zone), "%Z", &tm))
		zone[0] = '\0';
	buf_addf(out, "’%02d.%d.%d. %02d:%02d%s%s", (tm.tm_year + 1900) % 100, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, *zone ? " " : "", zone);
	return 0;
}
