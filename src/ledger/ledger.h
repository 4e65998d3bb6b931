/*
 * ledger.h - the budget execution ledger: transactions, their kinds, parsing
 * a ledger CSV row, and the cumulative figures per budget line and day.
 *
 * A transaction moves an exact amount of won on one budget line (a unit, a
 * program node and the line's code) on one day of its fiscal year. Its kind
 * says which figure it moves: the budget (본예산, 추경, 이월, 예비비, and the
 * transfers 전용 / 이용 / 이체, two legs that balance), obligations
 * (원인행위 and its cancellation) or expenditure (지출 and 반납). Figures for
 * any date are lookups in cumulative series, one point per line and day
 * (struct ledger_cum), so that an as-of report never adds transactions up.
 * docs/DESIGN.md, "The budget execution ledger", has the reasons; the CSV
 * format is in docs/DATA.md.
 */
#ifndef JY_LEDGER_H
#define JY_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

enum ledger_kind {
	LK_ORIGINAL,	      /* 본예산 */
	LK_SUPPLEMENTARY,     /* 추경 */
	LK_CARRY_IN,	      /* 이월 */
	LK_RESERVE,	      /* 예비비 */
	LK_TRANSFER_JEON,     /* 전용 */
	LK_TRANSFER_IYONG,    /* 이용 */
	LK_TRANSFER_ICHE,     /* 이체 */
	LK_OBLIGATION,	      /* 원인행위 */
	LK_OBLIGATION_CANCEL, /* 원인행위취소 */
	LK_EXPENDITURE,	      /* 지출 */
	LK_RETURN,	      /* 반납 */
	LK_COUNT
};

/* Which figure a kind moves, and how its amount may be signed. */
enum ledger_class { LC_BUDGET, LC_CARRY, LC_RESERVE, LC_TRANSFER, LC_OBLIGATION, LC_EXPENDITURE };

const char *ledger_kind_name(enum ledger_kind k); /* as written in the CSV: "원인행위취소" */
enum ledger_class ledger_kind_class(enum ledger_kind k);
int ledger_kind_is_transfer(enum ledger_kind k);
/* Cancellation and return: the only kinds whose amount is negative. */
int ledger_kind_is_negative(enum ledger_kind k);
/* The kind named s (Korean, or its English slug: "obligation-cancel"); -1 when none. */
int ledger_kind_parse(const char *s);

/* The columns of a ledger CSV, in order. */
enum ledger_col {
	LCOL_YEAR,
	LCOL_DATE,
	LCOL_UNIT,
	LCOL_PROGRAM,
	LCOL_LINE,
	LCOL_KIND,
	LCOL_AMOUNT,
	LCOL_REF,
	LCOL_MEMO,
	LCOL_COUNT
};
extern const char *const ledger_columns[LCOL_COUNT];

/* One parsed row. Strings point into the caller's fields (valid as long as
 * they are). */
struct ledger_tx {
	int year;
	long day; /* kdate_daynum */
	const char *unit, *program, *line;
	enum ledger_kind kind;
	int64_t amount;	  /* won */
	const char *ref;  /* the voucher; "" when none */
	const char *memo; /* "" when none */
};

/* Integer won: digits with optional thousands commas, a sign ('-' or the
 * printed '△'); an optional trailing "원". Overflow of int64 is an error. */
int ledger_parse_amount(const char *s, int64_t *out);
/* A day: ISO (2022-08-29) or as printed (’22.8.29., 2022.8.29.); ref_year
 * completes a form without a year. Returns the day number or -1. */
long ledger_parse_day(const char *s, int ref_year);

/* Fills tx from the fields of one data row, checking each field alone and
 * the row's own rules (the date within the fiscal year, the sign of the
 * amount for its kind, a voucher where the kind needs one). An error is
 * located at file:row and names the field. */
int ledger_parse_row(const char *file, long row, const char *const *fields, int n_fields,
		     struct ledger_tx *tx, struct jy_err *err);
/* Checks a header row: exactly ledger_columns, in order. */
int ledger_check_header(const char *file, const char *const *fields, int n_fields,
			struct jy_err *err);

/* The cumulative figures of one budget line at the end of one day: every
 * transaction of the line up to and including that day, by figure. */
struct ledger_cum {
	long day;
	int64_t budget;	     /* 예산액: 본예산 + 추경 */
	int64_t carry;	     /* 이월액 (carried in) */
	int64_t reserve;     /* 예비비 */
	int64_t transfer;    /* 전용·이용·이체, net */
	int64_t obligation;  /* 원인행위액, net of cancellations */
	int64_t expenditure; /* 지출액, net of returns */
};

/* 예산현액 = 예산액 + 이월액 + 예비비 + 전용·이용·이체. */
int64_t ledger_cum_current(const struct ledger_cum *c);
/* Adds one transaction's amount to the figure its kind moves; 0, or -1 on
 * overflow. */
int ledger_cum_add(struct ledger_cum *c, enum ledger_kind k, int64_t amount);
/* a += b figure by figure (the day left as it is); -1 on overflow. */
int ledger_cum_sum(struct ledger_cum *a, const struct ledger_cum *b);

/* Which invariant a cumulative point breaks: 0 none, 1 expenditure above
 * obligations, 2 obligations above 예산현액, 3 a negative figure. */
int ledger_cum_violation(const struct ledger_cum *c);
const char *ledger_violation_message(int v);

/* Turns per-day deltas (sorted by day, days unique) into running totals in
 * place, starting from base (the line's figures before the first day, or
 * NULL for zero). Returns the index of the first point that breaks an
 * invariant, n when none, or -1 on overflow. */
long ledger_cum_accumulate(struct ledger_cum *pts, size_t n, const struct ledger_cum *base);

/* A line's whole series as stored, one blob per line (an import writes one
 * row per line touched, not one per line and day): a format byte, then each
 * point as its changes from the point before, in varints (ledger.c has the
 * layout). Exact for every int64; the blob is read from its start. */
enum { LEDGER_SERIES_FORMAT = 1, LEDGER_POINT_BYTES_MAX = 10 + 6 * 10 };
/* The bytes that n points may take at most. */
size_t ledger_series_bound(size_t n);
/* Writes pts[0..n) (days strictly rising) to out, which holds
 * ledger_series_bound(n) bytes; returns the bytes written. */
size_t ledger_series_encode(const struct ledger_cum *pts, size_t n, unsigned char *out);

/* Reading a stored series point by point. */
struct ledger_series_iter {
	const unsigned char *p, *end;
	struct ledger_cum cur;
	size_t n; /* points read */
};
/* 0, or -1 when the blob is not a series of this format. */
int ledger_series_begin(struct ledger_series_iter *it, const unsigned char *blob, size_t len);
/* 1 and the next point in *out, 0 at the end, -1 when the bytes are cut. */
int ledger_series_next(struct ledger_series_iter *it, struct ledger_cum *out);

/* A series of format 0 (before this one: a fixed 56-byte record per point,
 * the day and six figures as little-endian int64) in this format, in a
 * buffer to free; NULL when len is no whole number of records or the days
 * do not rise. The store's migration calls it. */
unsigned char *ledger_series_from_format0(const unsigned char *old, size_t len, size_t *out_len);

/* Rounds won to 백만원 (half away from zero) and prints it with thousands
 * separators: "1,234". */
void ledger_format_mil(struct buf *out, int64_t won);
/* Exact won with thousands separators and the unit: "1,234,567원". */
void ledger_format_won(struct buf *out, int64_t won);
/* Prints a rate num/den*100 with one decimal ("68.6"), or "-" when den is 0. */
void ledger_format_rate(struct buf *out, int64_t num, int64_t den);
/* A day as the report prints it: "’22.8.29.". */
void ledger_format_day(struct buf *out, long day);

#endif
