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

static void put64(unsigned char *p, int64_t v)
{
	uint64_t u = (uint64_t)v;
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(u >> (8 * i));
}

static int64_t get64(const unsigned char *p)
{
	uint64_t u = 0;
	for (int i = 0; i < 8; i++)
		u |= (uint64_t)p[i] << (8 * i);
	return (int64_t)u;
}

void ledger_series_encode(const struct ledger_cum *pts, size_t n, unsigned char *out)
{
	for (size_t i = 0; i < n; i++, out += LEDGER_POINT_BYTES) {
		const struct ledger_cum *c = &pts[i];
		int64_t f[7] = {c->day,	     c->budget,	    c->carry,	   c->reserve,
				c->transfer, c->obligation, c->expenditure};
		for (int k = 0; k < 7; k++)
			put64(out + 8 * k, f[k]);
	}
}

void ledger_series_point(const unsigned char *blob, size_t i, struct ledger_cum *out)
{
	const unsigned char *p = blob + i * LEDGER_POINT_BYTES;
	out->day = (long)get64(p);
	out->budget = get64(p + 8);
	out->carry = get64(p + 16);
	out->reserve = get64(p + 24);
	out->transfer = get64(p + 32);
	out->obligation = get64(p + 40);
	out->expenditure = get64(p + 48);
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
