/*
 * kdate.h - Korean report dates and date ranges as printed.
 *
 * Parses every form the seed report uses into a closed range [start, end]
 * of calendar days with the granularity it was printed at:
 *   ’22.9.22.            day          2022-09-22
 *   (’22.8.29. 기준)      day          2022-08-29 (an as-of date)
 *   ’22.7~12.            month range  2022-07-01 .. 2022-12-31
 *   ’22.9.30~10.6        day range    2022-09-30 .. 2022-10-06
 *   ’22. 11월 / ’22.11월  month        2022-11-01 .. 2022-11-30
 *   2022. 9.             month
 *   ’23. 1~12.           month range
 *   ’22.7.1.~12.20.      day range
 *   ’19~                 open end     2019-01-01 .. (open)
 *   ~’22. 12.            open start   (open) .. 2022-12-31
 *   ’15. 7. ~ ’24. 3.    month range  2015-07-01 .. 2024-03-31
 *   ’22. 하반기           half         2022-07-01 .. 2022-12-31 (상반기: H1)
 *   1분기 / ’22. 3분기     quarter
 *   ’22.9.21(수) ~ 9.23(금) day range with printed weekdays
 *   9.29(목) ~ 10. 2(월), 8.18(목), 3~4월, 7월~8월, ’22.9월말, 2022.3.18.,
 *   ’22.09.22. (목), ’28년, 2019년~2022년
 * Apostrophes may be ’ ‘ ' or absent before a two-digit year ("22.9.").
 * A form without a year takes ref_year. The end of a range inherits the
 * year (and month) of its start when it omits them.
 */
#ifndef JY_KDATE_H
#define JY_KDATE_H

#include "buf.h"
#include "err.h"

enum kdate_gran { KDATE_DAY, KDATE_MONTH, KDATE_QUARTER, KDATE_HALF, KDATE_YEAR };

struct kdate {
	int year, month, day; /* a calendar day; all 0 when open */
};

struct kdate_range {
	struct kdate start; /* first day covered */
	struct kdate end;   /* last day covered */
	enum kdate_gran gran;
	int open_start, open_end; /* "~’22.12." / "’22.9.~" */
	/* Weekdays as printed in parentheses, 0=Sunday..6=Saturday, -1 if none:
	 * "9.21(수)" -> start_wday 3. Checked against the calendar by a rule.
	 * A single date ("8.18(목)") fills only start_wday. */
	int start_wday, end_wday;
	int is_range; /* printed with "~" (even when open) */
};

int kdate_parse(const char *s, int ref_year, struct kdate_range *out, struct jy_err *err);

/* Days since 1970-01-01 of a valid calendar day: dates compare and subtract
 * as exact integers. */
long kdate_daynum(struct kdate d);
struct kdate kdate_from_daynum(long n);
/* 0=Sunday .. 6=Saturday for a valid calendar day. */
int kdate_weekday(struct kdate d);
/* Days from start to end inclusive ("3일간"); requires a closed range:
 * 0 for an open one, <= 0 for a range printed end-before-start. */
int kdate_days_inclusive(const struct kdate_range *r);
/* ISO form: "2022-09-22", "2022-09", "2022-07..2022-12", "2019..", "..2022-12". */
void kdate_format_iso(const struct kdate_range *r, struct buf *out);
/* Parses that ISO form back (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Hn, YYYY-Qn, and
 * A..B, A.., ..B) into first and last days; -1 when it is not one. */
int kdate_parse_iso(const char *s, struct kdate_range *out);
/* The report's own form: "’22.9.22.", "’22.7~12.", "’22.9.30~10.6.", "’22. 하반기". */
void kdate_format_korean(const struct kdate_range *r, struct buf *out);
/* An ISO period as people read it (’22.8.29., ’22.8월, ’22년, ’19년~’22년,
 * ’22.1월~7월, ’22. 하반기): appended to out. -1 (and iso appended as it is)
 * when it is no ISO period. */
int kdate_label_iso(const char *iso, struct buf *out);
/* A moment stored as UTC ISO ("2022-08-29T05:05:00Z") as people read it, in
 * the local time zone with its name: "’22.8.29. 14:05 KST" (TZ=Asia/Seoul).
 * -1 (and iso appended as it is) when it is no such moment. */
int kdate_label_moment(const char *iso, struct buf *out);
/* -1, 0, 1 comparing calendar days. */
int kdate_cmp(struct kdate a, struct kdate b);
int kdate_valid(struct kdate d);

#endif
