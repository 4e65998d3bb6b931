/*
 * ledger.c - transaction kinds, parsing a ledger row, cumulative figures
 * (see ledger.h; the format is in docs/DATA.md).
 */
#include "ledger.h"

#include <assert.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/kdate.h"
#include "base/mem.h"
#include "base/msg.h"

static const struct {
	const char *ko, *en;
	enum ledger_class cls;
} kinds[LK_COUNT] = {
	[LK_ORIGINAL] = {"본예산", "original", LC_BUDGET},
	[LK_SUPPLEMENTARY] = {"추경", "supplementary", LC_BUDGET},
	[LK_CARRY_IN] = {"이월", "carry-in", LC_CARRY},
	[LK_RESERVE] = {"예비비", "reserve", LC_RESERVE},
	[LK_TRANSFER_JEON] = {"전용", "transfer-jeonyong", LC_TRANSFER},
	[LK_TRANSFER_IYONG] = {"이용", "transfer-iyong", LC_TRANSFER},
	[LK_TRANSFER_ICHE] = {"이체", "transfer-iche", LC_TRANSFER},
	[LK_OBLIGATION] = {"원인행위", "obligation", LC_OBLIGATION},
	[LK_OBLIGATION_CANCEL] = {"원인행위취소", "obligation-cancel", LC_OBLIGATION},
	[LK_EXPENDITURE] = {"지출", "expenditure", LC_EXPENDITURE},
	[LK_RETURN] = {"반납", "return", LC_EXPENDITURE},
};

const char *const ledger_columns[LCOL_COUNT] = {"year", "date",	  "unit", "program", "line",
						"kind", "amount", "ref",  "memo"};

const char *ledger_kind_name(enum ledger_kind k)
{
	assert(k >= 0 && k < LK_COUNT);
	return kinds[k].ko;
}

enum ledger_class ledger_kind_class(enum ledger_kind k)
{
	assert(k >= 0 && k < LK_COUNT);
	return kinds[k].cls;
}

int ledger_kind_is_transfer(enum ledger_kind k)
{
	return ledger_kind_class(k) == LC_TRANSFER;
}

int ledger_kind_is_negative(enum ledger_kind k)
{
	return k == LK_OBLIGATION_CANCEL || k == LK_RETURN;
}

int ledger_kind_parse(const char *s)
{
	for (int k = 0; k < LK_COUNT; k++)
		if (strcmp(s, kinds[k].ko) == 0 || strcmp(s, kinds[k].en) == 0)
			return k;
	return -1;
}

int ledger_parse_amount(const char *s, int64_t *out)
{
	static const char tri[] = "\xe2\x96\xb3"; /* △ */
	int neg = 0, digits = 0, since_comma = -1;
	uint64_t v = 0;

	if (*s == '-') {
		neg = 1, s++;
	} else if (strncmp(s, tri, 3) == 0) {
		neg = 1, s += 3;
	}
	for (; *s; s++) {
		if (*s == ',') {
			/* a separator between groups of three: "1,234" not "12,34" */
			if (!digits || (since_comma >= 0 && since_comma != 3))
				return -1;
			since_comma = 0;
			continue;
		}
		if (!isdigit((unsigned char)*s))
			break;
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
		digits++;
		if (since_comma >= 0)
			since_comma++;
	}
	if (*s && strcmp(s, "원") != 0)
		return -1;
	if (!digits || (since_comma >= 0 && since_comma != 3))
		return -1;
	if (v > (uint64_t)INT64_MAX)
		return -1;
	*out = neg ? -(int64_t)v : (int64_t)v;
	return 0;
}

static int digits_at(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

long ledger_parse_day(const char *s, int ref_year)
{
	struct kdate_range r;
	struct jy_err e;

	/* the common form first, without the general parser: 20M rows */
	if (strlen(s) == 10 && s[4] == '-' && s[7] == '-') {
		struct kdate d = {digits_at(s, 4), digits_at(s + 5, 2), digits_at(s + 8, 2)};
		if (d.year < 0 || d.month < 0 || d.day < 0 || !kdate_valid(d))
			return -1;
		return kdate_daynum(d);
	}
	if (kdate_parse(s, ref_year, &r, &e) != 0 || r.is_range || r.gran != KDATE_DAY ||
	    r.open_start || !kdate_valid(r.start))
		return -1;
	return kdate_daynum(r.start);
}

int ledger_check_header(const char *file, const char *const *fields, int n_fields,
			struct jy_err *err)
{
	for (int i = 0; i < LCOL_COUNT; i++) {
		if (i >= n_fields)
			return jy_err_msg(err, JY_EINPUT, file, 1, i + 1, NULL,
					  M_LEDGER_HEADER_LACKS, ledger_columns[i]);
		if (strcmp(fields[i], ledger_columns[i]) != 0)
			return jy_err_msg(err, JY_EINPUT, file, 1, i + 1, NULL,
					  M_LEDGER_HEADER_COLUMN, i + 1, ledger_columns[i],
					  fields[i]);
	}
	if (n_fields > LCOL_COUNT)
		return jy_err_msg(err, JY_EINPUT, file, 1, LCOL_COUNT + 1, NULL,
				  M_LEDGER_HEADER_EXTRA, fields[LCOL_COUNT]);
	return 0;
}

static int row_error(struct jy_err *err, const char *file, long row, enum ledger_col c,
		     const char *ko, const char *en, const char *value)
{
	/* the pairs are this file's table of row checks: one language printed */
	return jy_err_at(err, JY_EINPUT, file, row, c + 1, ledger_columns[c], "%s: \"%s\"",
			 msg_korean() ? ko : en, value);
}

static int parse_year(const char *s)
{
	return strlen(s) == 4 ? digits_at(s, 4) : -1;
}

int ledger_parse_row(const char *file, long row, const char *const *fields, int n_fields,
		     struct ledger_tx *tx, struct jy_err *err)
{
	int k;

	if (n_fields != LCOL_COUNT)
		return jy_err_msg(err, JY_EINPUT, file, row, 0, NULL, M_ROW_COLUMNS, n_fields,
				  LCOL_COUNT);
	memset(tx, 0, sizeof(*tx));
	tx->year = parse_year(fields[LCOL_YEAR]);
	if (tx->year < 1900)
		return row_error(err, file, row, LCOL_YEAR, "회계연도가 아님", "not a fiscal year",
				 fields[LCOL_YEAR]);
	tx->day = ledger_parse_day(fields[LCOL_DATE], tx->year);
	if (tx->day < 0)
		return row_error(err, file, row, LCOL_DATE, "날짜가 아님", "not a date",
				 fields[LCOL_DATE]);
	/* an ISO date that starts with the fiscal year is in it (the common
	 * case, without two more day numbers a row) */
	const char *date = fields[LCOL_DATE];
	int in_year =
		strlen(date) == 10 && date[4] == '-' && memcmp(date, fields[LCOL_YEAR], 4) == 0;
	if (!in_year && (tx->day < kdate_daynum((struct kdate){tx->year, 1, 1}) ||
			 tx->day > kdate_daynum((struct kdate){tx->year, 12, 31})))
		return row_error(err, file, row, LCOL_DATE, "회계연도 밖의 날짜",
				 "a date outside the fiscal year", fields[LCOL_DATE]);
	static const struct {
		enum ledger_col c;
		const char *ko, *en;
	} needed[] = {
		{LCOL_UNIT, "부서가 없음", "no unit"},
		{LCOL_PROGRAM, "사업이 없음", "no program"},
		{LCOL_LINE, "예산과목이 없음", "no budget line"},
	};
	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++)
		if (!*fields[needed[i].c])
			return row_error(err, file, row, needed[i].c, needed[i].ko, needed[i].en,
					 "");
	tx->unit = fields[LCOL_UNIT];
	tx->program = fields[LCOL_PROGRAM];
	tx->line = fields[LCOL_LINE];
	k = ledger_kind_parse(fields[LCOL_KIND]);
	if (k < 0)
		return row_error(err, file, row, LCOL_KIND, "알 수 없는 종류", "unknown kind",
				 fields[LCOL_KIND]);
	tx->kind = (enum ledger_kind)k;
	if (ledger_parse_amount(fields[LCOL_AMOUNT], &tx->amount))
		return row_error(err, file, row, LCOL_AMOUNT, "금액(원)이 아님",
				 "not an amount in won", fields[LCOL_AMOUNT]);
	if (ledger_kind_is_negative(tx->kind)
		    ? tx->amount > 0
		    : (tx->amount < 0 && !ledger_kind_is_transfer(tx->kind)))
		return row_error(
			err, file, row, LCOL_AMOUNT,
			ledger_kind_is_negative(tx->kind) ? "취소·반납 금액은 음수여야 함"
							  : "음수 금액은 취소·반납·전용 등에만",
			ledger_kind_is_negative(tx->kind)
				? "a cancellation or return is a negative amount"
				: "only cancellations, returns and transfer legs are negative",
			fields[LCOL_AMOUNT]);
	tx->ref = fields[LCOL_REF];
	if (!*tx->ref && ledger_kind_class(tx->kind) >= LC_TRANSFER)
		return row_error(err, file, row, LCOL_REF, "증빙번호가 없음",
				 "this kind needs a voucher number", "");
	tx->memo = fields[LCOL_MEMO];
	return 0;
}

int64_t ledger_cum_current(const struct ledger_cum *c)
{
	/* each part fits, and accumulate checked their sum when it was built */
	return c->budget + c->carry + c->reserve + c->transfer;
}

static int add64(int64_t *a, int64_t b)
{
	return __builtin_add_overflow(*a, b, a) ? -1 : 0;
}

int ledger_cum_add(struct ledger_cum *c, enum ledger_kind k, int64_t amount)
{
	switch (ledger_kind_class(k)) {
	case LC_BUDGET:
		return add64(&c->budget, amount);
	case LC_CARRY:
		return add64(&c->carry, amount);
	case LC_RESERVE:
		return add64(&c->reserve, amount);
	case LC_TRANSFER:
		return add64(&c->transfer, amount);
	case LC_OBLIGATION:
		return add64(&c->obligation, amount);
	case LC_EXPENDITURE:
		return add64(&c->expenditure, amount);
	}
	assert(!"a kind without a class");
	return -1;
}

int ledger_cum_sum(struct ledger_cum *a, const struct ledger_cum *b)
{
	return add64(&a->budget, b->budget) | add64(&a->carry, b->carry) |
	       add64(&a->reserve, b->reserve) | add64(&a->transfer, b->transfer) |
	       add64(&a->obligation, b->obligation) | add64(&a->expenditure, b->expenditure);
}

int ledger_cum_violation(const struct ledger_cum *c)
{
	int64_t current = ledger_cum_current(c);
	if (c->expenditure < 0 || c->obligation < 0 || current < 0)
		return 3;
	if (c->expenditure > c->obligation)
		return 1;
	if (c->obligation > current)
		return 2;
	return 0;
}

const char *ledger_violation_message(int v)
{
	switch (v) {
	case 1:
		return msg(M_LEDGER_OVER_OBLIGATION);
	case 2:
		return msg(M_LEDGER_OVER_BUDGET);
	case 3:
		return msg(M_LEDGER_BELOW_ZERO);
	}
	return "";
}

long ledger_cum_accumulate(struct ledger_cum *pts, size_t n, const struct ledger_cum *base)
{
	struct ledger_cum run = {0};
	long bad = (long)n;

	if (base)
		run = *base;
	for (size_t i = 0; i < n; i++) {
		long day = pts[i].day;
		assert(i == 0 || pts[i - 1].day < day);
		if (ledger_cum_sum(&run, &pts[i]))
			return -1;
		int64_t cur;
		if (__builtin_add_overflow(run.budget, run.carry, &cur) ||
		    __builtin_add_overflow(cur, run.reserve, &cur) ||
		    __builtin_add_overflow(cur, run.transfer, &cur))
			return -1;
		run.day = day;
		pts[i] = run;
		if (bad == (long)n && ledger_cum_violation(&run))
			bad = (long)i;
	}
	return bad;
}

/* ---- the stored series ------------------------------------------------------
 *
 * Format 1: a byte 1, then per point a head varint, (x << 6) | mask, and one
 * zigzag varint per figure whose bit is set in mask (bit k: the k-th figure
 * of struct ledger_cum after the day), its change since the point before.
 * x is the first point's day (zigzag), then each day's distance from the
 * one before less one. A line's figures move one at a time, a few days
 * apart: a point is 5-8 bytes where the fixed record of format 0 was 56.
 * The changes are taken modulo 2^64, so that any int64 round-trips exactly,
 * INT64_MIN after INT64_MAX too; overflow is the import's to refuse, on the
 * values before they are encoded. */

enum { SERIES_FIGURES = 6 };

static void cum_figures(const struct ledger_cum *c, uint64_t f[SERIES_FIGURES])
{
	f[0] = (uint64_t)c->budget, f[1] = (uint64_t)c->carry, f[2] = (uint64_t)c->reserve;
	f[3] = (uint64_t)c->transfer, f[4] = (uint64_t)c->obligation;
	f[5] = (uint64_t)c->expenditure;
}

static uint64_t zigzag(uint64_t d)
{
	return (d << 1) ^ ((uint64_t)0 - (d >> 63));
}

static uint64_t unzigzag(uint64_t z)
{
	return (z >> 1) ^ ((uint64_t)0 - (z & 1));
}

static unsigned char *put_varint(unsigned char *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	*p++ = (unsigned char)v;
	return p;
}

/* 0, or -1 when the bytes end inside the varint or it is longer than 10. */
static int get_varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	uint64_t r = 0;
	for (int shift = 0; *p < end && shift < 70; shift += 7) {
		unsigned char b = *(*p)++;
		r |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*v = r;
			return 0;
		}
	}
	return -1;
}

size_t ledger_series_bound(size_t n)
{
	return 1 + n * LEDGER_POINT_BYTES_MAX;
}

size_t ledger_series_encode(const struct ledger_cum *pts, size_t n, unsigned char *out)
{
	unsigned char *p = out;
	uint64_t prev[SERIES_FIGURES] = {0};

	*p++ = LEDGER_SERIES_FORMAT;
	for (size_t i = 0; i < n; i++) {
		uint64_t f[SERIES_FIGURES], x;
		unsigned mask = 0;
		if (i == 0)
			x = zigzag((uint64_t)(int64_t)pts[0].day);
		else {
			assert(pts[i - 1].day < pts[i].day);
			x = (uint64_t)pts[i].day - (uint64_t)pts[i - 1].day - 1;
		}
		/* a day far from the epoch, or a year between two points: none
		 * is a fiscal year's */
		assert(x < (uint64_t)1 << 57);
		cum_figures(&pts[i], f);
		for (int k = 0; k < SERIES_FIGURES; k++)
			if (f[k] != prev[k])
				mask |= 1u << k;
		p = put_varint(p, x << 6 | mask);
		for (int k = 0; k < SERIES_FIGURES; k++)
			if (mask & 1u << k)
				p = put_varint(p, zigzag(f[k] - prev[k]));
		memcpy(prev, f, sizeof(prev));
	}
	assert((size_t)(p - out) <= ledger_series_bound(n));
	return (size_t)(p - out);
}

int ledger_series_begin(struct ledger_series_iter *it, const unsigned char *blob, size_t len)
{
	memset(it, 0, sizeof(*it));
	if (len < 1 || blob[0] != LEDGER_SERIES_FORMAT)
		return -1;
	it->p = blob + 1;
	it->end = blob + len;
	return 0;
}

int ledger_series_next(struct ledger_series_iter *it, struct ledger_cum *out)
{
	uint64_t head, f[SERIES_FIGURES];

	if (it->p >= it->end)
		return 0;
	if (get_varint(&it->p, it->end, &head))
		return -1;
	uint64_t x = head >> 6;
	if (it->n == 0)
		it->cur.day = (long)(int64_t)unzigzag(x);
	else
		it->cur.day = (long)((uint64_t)it->cur.day + x + 1);
	cum_figures(&it->cur, f);
	for (int k = 0; k < SERIES_FIGURES; k++) {
		uint64_t z;
		if (!(head & 1u << k))
			continue;
		if (get_varint(&it->p, it->end, &z))
			return -1;
		f[k] += unzigzag(z);
	}
	it->cur.budget = (int64_t)f[0], it->cur.carry = (int64_t)f[1];
	it->cur.reserve = (int64_t)f[2], it->cur.transfer = (int64_t)f[3];
	it->cur.obligation = (int64_t)f[4], it->cur.expenditure = (int64_t)f[5];
	it->n++;
	*out = it->cur;
	return 1;
}

static int64_t get64(const unsigned char *p)
{
	uint64_t u = 0;
	for (int i = 0; i < 8; i++)
		u |= (uint64_t)p[i] << (8 * i);
	return (int64_t)u;
}

unsigned char *ledger_series_from_format0(const unsigned char *old, size_t len, size_t *out_len)
{
	enum { POINT0 = 7 * 8 }; /* the day and six figures, little-endian int64 */
	if (len % POINT0)
		return NULL;
	size_t n = len / POINT0;
	struct ledger_cum *pts = xmalloc((n ? n : 1) * sizeof(*pts));
	for (size_t i = 0; i < n; i++) {
		const unsigned char *p = old + i * POINT0;
		pts[i] = (struct ledger_cum){(long)get64(p), get64(p + 8),  get64(p + 16),
					     get64(p + 24),  get64(p + 32), get64(p + 40),
					     get64(p + 48)};
		if (i && pts[i].day <= pts[i - 1].day) {
			free(pts);
			return NULL;
		}
	}
	unsigned char *out = xmalloc(ledger_series_bound(n));
	*out_len = ledger_series_encode(pts, n, out);
	free(pts);
	return out;
}

static void grouped(struct buf *out, int neg, uint64_t m)
{
	char digits[32];
	int n = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)m);

	if (neg && m)
		buf_addc(out, '-');
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf_addc(out, ',');
		buf_addc(out, digits[i]);
	}
}

void ledger_format_mil(struct buf *out, int64_t won)
{
	int neg = won < 0;
	uint64_t w = neg ? (uint64_t)0 - (uint64_t)won : (uint64_t)won;
	grouped(out, neg, (w + 500000) / 1000000);
}

void ledger_format_won(struct buf *out, int64_t won)
{
	int neg = won < 0;
	grouped(out, neg, neg ? (uint64_t)0 - (uint64_t)won : (uint64_t)won);
	buf_adds(out, "원");
}

void ledger_format_rate(struct buf *out, int64_t num, int64_t den)
{
	if (den <= 0) {
		buf_adds(out, "-");
		return;
	}
	/* tenths of a percent, half up, in 128 bits: num * 1000 may not fit */
	__int128 t = ((__int128)num * 2000 + den) / (2 * (__int128)den);
	long long tenths = (long long)t;
	buf_addf(out, "%s%lld.%lld", tenths < 0 ? "-" : "", llabs(tenths) / 10, llabs(tenths) % 10);
}

void ledger_format_day(struct buf *out, long day)
{
	struct kdate d = kdate_from_daynum(day);
	buf_addf(out, "\xe2\x80\x99%02d.%d.%d.", d.year % 100, d.month, d.day);
}
