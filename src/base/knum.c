/*
 * knum.c - parsing and printing Korean report numbers (see knum.h).
 *
 * Grammar of one printed number (spaces = ASCII space, tab, CR, LF, U+00A0,
 * U+3000):
 *
 *   knum   := sp* prefix* part (sp* part)* sp* ["여"] sp* unit? sp*
 *   prefix := "약" sp* | "+" | "-" | "−" | "△" sp* | "▲" sp*   (one sign at most)
 *   part   := digits [group* | decimal-comma] ["." digits] [small] [big]
 *   group  := "," three digits      (the first run then has 1-3 digits, no leading 0)
 *   decimal-comma := "," one or two digits, not followed by "," or ".", with no
 *             thousands group before it ("80,4" is 80.4; "1,234" is 1234)
 *   small  := 십 | 백 | 천          big := 만 | 억 | 조
 *   unit   := up to 31 bytes of letters: ASCII letters, "%", "/", any non-ASCII
 *             character but spaces, tildes, signs; not starting with a magnitude
 *
 * Several parts add up ("1조 4천억" = 1조 + 4천억). Every part but the last
 * must carry a magnitude word and no fraction; magnitude words strictly
 * decrease ("1억 2억", "9만 0만" are refused) and each part must be smaller
 * than the magnitude of the part before ("1억 12,000만" is refused). The last
 * part may lack a magnitude word ("1만 2,345.5" = 12345.5), which is how
 * knum_format_korean prints fractions.
 */
#include "knum.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "msg.h"
#include "utf8.h"

typedef __int128 i128;

#define CP_YAK 0xC57D	/* 약: about */
#define CP_YEO 0xC5EC	/* 여: more than */
#define CP_TRI_W 0x25B3 /* △ */
#define CP_TRI_B 0x25B2 /* ▲ */
#define CP_MINUS 0x2212 /* − */
#define CP_UNIT_MAX 31

struct cur {
	const char *s;
	size_t len;
	size_t i;
	int cp; /* code point at i */
	int n;	/* its length in bytes; 0 at the end */
};

struct part {
	long col;	  /* 1-based column of the first digit */
	int frac;	  /* digits printed after the point or decimal comma */
	int mag;	  /* exponent of the magnitude word, -1 when there is none */
	struct dec value; /* in base units */
	struct dec ulp;
};

static void cur_peek(struct cur *c)
{
	c->n = utf8_decode(c->s + c->i, c->len - c->i, &c->cp);
	if (c->n < 0) { /* cannot happen: the input was validated */
		c->n = 0;
		c->i = c->len;
	}
	if (c->n == 0)
		c->cp = 0;
}

static void cur_next(struct cur *c)
{
	c->i += (size_t)c->n;
	cur_peek(c);
}

static int is_space(int cp)
{
	return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0xA0 || cp == 0x3000;
}

static int is_digit(int cp)
{
	return cp >= '0' && cp <= '9';
}

static int is_tilde(int cp)
{
	return cp == '~' || cp == 0x301C || cp == 0x223C || cp == 0xFF5E;
}

static int small_mag(int cp)
{
	switch (cp) {
	case 0xC2ED: /* 십 */
		return 1;
	case 0xBC31: /* 백 */
		return 2;
	case 0xCC9C: /* 천 */
		return 3;
	}
	return -1;
}

static int big_mag(int cp)
{
	switch (cp) {
	case 0xB9CC: /* 만 */
		return 4;
	case 0xC5B5: /* 억 */
		return 8;
	case 0xC870: /* 조 */
		return 12;
	}
	return -1;
}

static int is_unit_cp(int cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '%' ||
		       cp == '/';
	if (is_space(cp) || is_tilde(cp) || cp == CP_TRI_W || cp == CP_TRI_B || cp == CP_MINUS)
		return 0;
	if (cp >= 0xFF10 && cp <= 0xFF19) /* full-width digits */
		return 0;
	return 1;
}

static void skip_space(struct cur *c)
{
	while (c->n && is_space(c->cp))
		cur_next(c);
}

/* An input error at byte offset `at` (reported as the 1-based column at+1). */
static int fail(struct jy_err *err, size_t at, enum msg_id id, ...)
{
	char text[JY_ERR_MSG_BYTES];
	va_list ap;

	va_start(ap, id);
	vsnprintf(text, sizeof(text), msg(id), ap);
	va_end(ap);
	return jy_err_at(err, JY_EINPUT, NULL, 0, (long)at + 1, NULL, "%s", text);
}

static i128 p10(int n)
{
	i128 v = 1;

	while (n-- > 0)
		v *= 10;
	return v;
}

static int add_digit(i128 *mant, int cp)
{
	*mant = *mant * 10 + (cp - '0');
	return *mant > INT64_MAX ? -1 : 0;
}

/* Digits, thousands groups or a decimal comma, a point and digits, and a
 * magnitude word. c is at the first digit. */
static int parse_part(struct cur *c, struct part *p, int *flags, struct jy_err *err)
{
	size_t start = c->i, dot = c->i;
	i128 mant = 0;
	int nint = 0, grouped = 0, dcomma = 0, small, big, e;

	memset(p, 0, sizeof(*p));
	p->col = (long)start + 1;
	for (; is_digit(c->cp); cur_next(c), nint++)
		if (add_digit(&mant, c->cp))
			return fail(err, start, M_NUM_TOO_LARGE);
	while (c->cp == ',') {
		size_t comma = c->i;
		int k = 0, i;
		char after;

		while (is_digit((unsigned char)c->s[comma + 1 + k]))
			k++;
		after = c->s[comma + 1 + k];
		if (k == 3) {
			if (!grouped && (nint > 3 || c->s[start] == '0'))
				return fail(err, comma, M_NUM_COMMA_LEAD);
			grouped = 1;
		} else if ((k == 1 || k == 2) && !grouped && after != ',' && after != '.') {
			dcomma = 1;
			p->frac = k;
		} else {
			return fail(err, comma, M_NUM_COMMA_GROUPS);
		}
		cur_next(c);
		for (i = 0; i < k; i++, cur_next(c))
			if (add_digit(&mant, c->cp))
				return fail(err, start, M_NUM_TOO_LARGE);
		if (dcomma)
			break;
	}
	if (grouped)
		*flags |= KNUM_GROUPED;
	if (dcomma)
		*flags |= KNUM_DECIMAL_COMMA;
	if (!dcomma && c->cp == '.') {
		dot = c->i;
		cur_next(c);
		for (; is_digit(c->cp); cur_next(c), p->frac++)
			if (add_digit(&mant, c->cp))
				return fail(err, start, M_NUM_TOO_LARGE);
		if (!p->frac)
			return fail(err, dot, M_NUM_AFTER_POINT);
	}
	if (c->cp == '.' || c->cp == ',')
		return fail(err, c->i, M_NUM_MISPLACED, (char)c->cp);
	small = small_mag(c->cp);
	if (small >= 0)
		cur_next(c);
	big = big_mag(c->cp);
	if (big >= 0)
		cur_next(c);
	p->mag = small < 0 && big < 0 ? -1 : (small > 0 ? small : 0) + (big > 0 ? big : 0);
	if (p->mag >= 0)
		*flags |= KNUM_MAGNITUDE;
	e = p->mag > 0 ? p->mag : 0;
	if (p->frac > e) {
		int scale = p->frac - e;

		if (scale > JY_DEC_SCALE_MAX)
			return fail(err, dot, M_NUM_SCALE, JY_DEC_SCALE_MAX);
		p->value = (struct dec){(int64_t)mant, scale};
		p->ulp = (struct dec){1, scale};
	} else {
		i128 v = mant * p10(e - p->frac);

		if (v > INT64_MAX)
			return fail(err, start, M_NUM_TOO_LARGE);
		p->value = (struct dec){(int64_t)v, 0};
		p->ulp = (struct dec){(int64_t)p10(e - p->frac), 0};
	}
	return 0;
}

static int parse_prefix(struct cur *c, int *neg, int *flags, struct jy_err *err)
{
	int sign = 0;

	for (;;) {
		int cp = c->cp;

		if (cp == CP_YAK && !(*flags & KNUM_APPROX) && !sign) {
			*flags |= KNUM_APPROX;
			cur_next(c);
			skip_space(c);
			continue;
		}
		if (cp == '+' || cp == '-' || cp == CP_MINUS || cp == CP_TRI_W || cp == CP_TRI_B) {
			if (sign)
				return fail(err, c->i, M_NUM_SECOND_SIGN, c->n, c->s + c->i);
			sign = 1;
			*neg = cp != '+';
			*flags |= cp == CP_TRI_W || cp == CP_TRI_B ? KNUM_NEGATIVE_TRIANGLE
								   : KNUM_SIGN;
			cur_next(c);
			if (cp == CP_TRI_W || cp == CP_TRI_B)
				skip_space(c);
			continue;
		}
		break;
	}
	if (is_digit(c->cp))
		return 0;
	if (!c->n)
		return sign ? fail(err, c->i, M_NUM_AFTER_SIGN)
			    : fail(err, c->i, M_NUM_AFTER_WORD, "약");
	if (is_tilde(c->cp))
		return fail(err, c->i, M_NUM_RANGE, c->n, c->s + c->i);
	if (c->cp == '.')
		return fail(err, c->i, M_NUM_BEFORE_POINT);
	return fail(err, c->i, M_NUM_EXPECTED, c->n, c->s + c->i);
}

/* The parts of the number, added up into *total; *last gets the last part. */
static int parse_parts(struct cur *c, struct dec *total, struct part *last, int *flags,
		       struct jy_err *err)
{
	struct part p, prev;
	int n = 0;

	*total = DEC_ZERO;
	for (;;) {
		struct cur save;
		struct jy_err ignored;
		int rc = parse_part(c, &p, flags, err);

		if (rc)
			return rc;
		if (n > 0) {
			struct dec limit = {(int64_t)p10(prev.mag), 0};

			if (p.mag >= prev.mag)
				return fail(err, (size_t)p.col - 1, M_NUM_MAG_ORDER);
			if (dec_cmp(p.value, limit) >= 0)
				return fail(err, (size_t)p.col - 1, M_NUM_PART_NOT_SMALLER);
		}
		if (dec_add(*total, p.value, total, &ignored))
			return fail(err, (size_t)p.col - 1, M_NUM_TOO_LARGE);
		prev = p;
		n++;
		save = *c;
		skip_space(c);
		if (!is_digit(c->cp)) {
			*c = save;
			break;
		}
		if (prev.mag < 0)
			return fail(err, c->i, M_NUM_SECOND);
		if (prev.frac > 0)
			return fail(err, c->i, M_NUM_FRAC_LAST);
	}
	*last = p;
	return 0;
}

int knum_parse(const char *s, struct knum *out, struct jy_err *err)
{
	struct cur c;
	struct part last;
	struct dec total;
	size_t len, bad, ustart, ulen;
	int neg = 0, flags = 0, rc;

	memset(out, 0, sizeof(*out));
	out->ulp = (struct dec){1, 0};
	if (!s)
		return jy_err_set(err, JY_EINTERNAL, "knum_parse: no string");
	len = strnlen(s, JY_PRINTED_BYTES_MAX + 1);
	if (len > JY_PRINTED_BYTES_MAX)
		return fail(err, JY_PRINTED_BYTES_MAX, M_NUM_TOO_LONG, JY_PRINTED_BYTES_MAX);
	if (!utf8_valid(s, len, &bad))
		return fail(err, bad, M_NUM_BAD_UTF8);
	c.s = s;
	c.len = len;
	c.i = 0;
	cur_peek(&c);
	skip_space(&c);
	if (!c.n)
		return fail(err, c.i, M_NUM_EMPTY);
	rc = parse_prefix(&c, &neg, &flags, err);
	if (!rc)
		rc = parse_parts(&c, &total, &last, &flags, err);
	if (rc)
		return rc;
	skip_space(&c);
	if (c.cp == CP_YEO) {
		if (flags & KNUM_APPROX)
			flags |= KNUM_APPROX_TWICE; /* "약 193여평" */
		flags |= KNUM_APPROX;
		cur_next(&c);
		skip_space(&c);
	}
	ustart = c.i;
	if (c.n && (small_mag(c.cp) >= 0 || big_mag(c.cp) >= 0))
		return fail(err, c.i, M_NUM_MISPLACED_MAG, c.n, s + c.i);
	while (c.n && is_unit_cp(c.cp))
		cur_next(&c);
	ulen = c.i - ustart;
	if (ulen > CP_UNIT_MAX)
		return fail(err, ustart, M_NUM_UNIT_LONG, CP_UNIT_MAX);
	memcpy(out->unit, s + ustart, ulen);
	out->unit[ulen] = '\0';
	skip_space(&c);
	if (c.n) {
		if (is_tilde(c.cp))
			return fail(err, c.i, M_NUM_RANGE, c.n, s + c.i);
		if (is_digit(c.cp) && ulen)
			return fail(err, c.i, M_NUM_UNIT_MIDDLE, out->unit);
		if (is_digit(c.cp))
			return fail(err, c.i, M_NUM_SECOND);
		return fail(err, c.i, M_NUM_AFTER_NUMBER, c.n, s + c.i);
	}
	if (!strcmp(out->unit, "%"))
		flags |= KNUM_PERCENT;
	out->value = neg ? dec_neg(total) : total;
	out->ulp = last.ulp;
	out->flags = flags;
	return 0;
}

void knum_format_grouped(struct dec d, struct buf *out)
{
	struct buf t;
	size_t i = 0, nint, k;

	buf_init(&t);
	dec_format(d, &t);
	if (t.data[0] == '-') {
		buf_addc(out, '-');
		i = 1;
	}
	for (nint = 0; i + nint < t.len && t.data[i + nint] >= '0' && t.data[i + nint] <= '9';)
		nint++;
	for (k = 0; k < nint; k++) {
		if (k && (nint - k) % 3 == 0)
			buf_addc(out, ',');
		buf_addc(out, t.data[i + k]);
	}
	buf_add(out, t.data + i + nint, t.len - i - nint);
	buf_release(&t);
}

void knum_format_korean(struct dec won, struct buf *out)
{
	static const struct {
		uint64_t size;
		const char *word;
	} groups[] = {
		{1000000000000ULL, "조"},
		{100000000ULL, "억"},
		{10000ULL, "만"},
	};
	uint64_t u, p = 1, ip, fp, g;
	int i, any = 0;

	if (won.scale < 0 || won.scale > JY_DEC_SCALE_MAX) {
		knum_format_grouped(won, out);
		return;
	}
	for (i = 0; i < won.scale; i++)
		p *= 10;
	u = won.coef < 0 ? (uint64_t)0 - (uint64_t)won.coef : (uint64_t)won.coef;
	ip = u / p;
	fp = u % p;
	if (won.coef < 0)
		buf_addc(out, '-');
	for (i = 0; i < 3; i++) {
		g = ip / groups[i].size;
		if (i)
			g %= 10000;
		if (!g)
			continue;
		if (any)
			buf_addc(out, ' ');
		knum_format_grouped(dec_from_int((int64_t)g), out);
		buf_adds(out, groups[i].word);
		any = 1;
	}
	g = ip % 10000;
	if (g || fp || !any) {
		if (any)
			buf_addc(out, ' ');
		knum_format_grouped((struct dec){(int64_t)(g * p + fp), won.scale}, out);
	}
}
