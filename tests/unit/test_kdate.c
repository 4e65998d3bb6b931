/*
 * test_kdate.c - unit tests for the Korean report-date parser (src/base/kdate.c).
 *
 * One test per printed form of the seed report, then errors, weekdays,
 * day counts, leap years, both printers and parse -> print -> parse round trips.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/kdate.h"

#define REF 2022

static struct kdate_range parse_ok(const char *s)
{
	struct kdate_range r;
	struct jy_err err;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = kdate_parse(s, REF, &r, &err);
	cr_assert_eq(rc, 0, "kdate_parse(\"%s\") failed: col %ld: %s", s, err.col, err.msg);
	return r;
}

/* Parses s expecting failure; returns the error. */
static struct jy_err parse_bad(const char *s)
{
	struct kdate_range r;
	struct jy_err err;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = kdate_parse(s, REF, &r, &err);
	cr_assert_eq(rc, JY_EINPUT, "kdate_parse(\"%s\"): %d, expected JY_EINPUT", s, rc);
	cr_assert_eq(err.code, JY_EINPUT);
	cr_assert(err.msg[0] != '\0', "no message for \"%s\"", s);
	return err;
}

static void check_day(struct kdate d, int y, int m, int dd, const char *s, const char *which)
{
	cr_assert(d.year == y && d.month == m && d.day == dd,
		  "\"%s\": %s is %04d-%02d-%02d, expected %04d-%02d-%02d", s, which, d.year,
		  d.month, d.day, y, m, dd);
}

/* Closed range [y1-m1-d1, y2-m2-d2] at granularity g. */
static struct kdate_range expect(const char *s, int y1, int m1, int d1, int y2, int m2, int d2,
				 enum kdate_gran g)
{
	struct kdate_range r = parse_ok(s);

	check_day(r.start, y1, m1, d1, s, "start");
	check_day(r.end, y2, m2, d2, s, "end");
	cr_assert_eq(r.gran, g, "\"%s\": granularity %d, expected %d", s, r.gran, g);
	cr_assert_eq(r.open_start, 0, "\"%s\" open_start", s);
	cr_assert_eq(r.open_end, 0, "\"%s\" open_end", s);
	return r;
}

static void expect_wdays(const struct kdate_range *r, int sw, int ew, const char *s)
{
	cr_assert_eq(r->start_wday, sw, "\"%s\": start_wday %d, not %d", s, r->start_wday, sw);
	cr_assert_eq(r->end_wday, ew, "\"%s\": end_wday %d, expected %d", s, r->end_wday, ew);
}

static void expect_korean(const char *s, const char *want)
{
	struct kdate_range r = parse_ok(s);
	struct buf b;

	buf_init(&b);
	kdate_format_korean(&r, &b);
	cr_assert_str_eq(b.data, want, "korean of \"%s\": \"%s\", not \"%s\"", s, b.data, want);
	buf_release(&b);
}

static void expect_iso(const char *s, const char *want)
{
	struct kdate_range r = parse_ok(s);
	struct buf b;

	buf_init(&b);
	kdate_format_iso(&r, &b);
	cr_assert_str_eq(b.data, want, "iso of \"%s\": \"%s\", expected \"%s\"", s, b.data, want);
	buf_release(&b);
}

/* --- the forms of kdate.h --- */

Test(kdate_forms, day)
{
	struct kdate_range r = expect("’22.9.22.", 2022, 9, 22, 2022, 9, 22, KDATE_DAY);

	expect_wdays(&r, -1, -1, "’22.9.22.");
	cr_assert_eq(r.is_range, 0);
}

Test(kdate_forms, as_of)
{
	struct kdate_range r = expect("(’22.8.29. 기준)", 2022, 8, 29, 2022, 8, 29, KDATE_DAY);

	cr_assert_eq(r.is_range, 0);
	expect("’22.8.29. 기준", 2022, 8, 29, 2022, 8, 29, KDATE_DAY);
	expect("(’22.8.29.기준)", 2022, 8, 29, 2022, 8, 29, KDATE_DAY);
	expect("’22.8.29.(기준)", 2022, 8, 29, 2022, 8, 29, KDATE_DAY);
}

Test(kdate_forms, month_range)
{
	struct kdate_range r = expect("’22.7~12.", 2022, 7, 1, 2022, 12, 31, KDATE_MONTH);

	cr_assert_eq(r.is_range, 1);
}

Test(kdate_forms, day_range_across_months)
{
	struct kdate_range r = expect("’22.9.30~10.6", 2022, 9, 30, 2022, 10, 6, KDATE_DAY);

	cr_assert_eq(r.is_range, 1);
	expect_wdays(&r, -1, -1, "’22.9.30~10.6");
}

Test(kdate_forms, month_word)
{
	expect("’22. 11월", 2022, 11, 1, 2022, 11, 30, KDATE_MONTH);
	expect("’22.11월", 2022, 11, 1, 2022, 11, 30, KDATE_MONTH);
	expect("11월", 2022, 11, 1, 2022, 11, 30, KDATE_MONTH);
}

Test(kdate_forms, four_digit_year_month)
{
	expect("2022. 9.", 2022, 9, 1, 2022, 9, 30, KDATE_MONTH);
	expect("2022.9", 2022, 9, 1, 2022, 9, 30, KDATE_MONTH);
}

Test(kdate_forms, month_range_whole_year)
{
	expect("’23. 1~12.", 2023, 1, 1, 2023, 12, 31, KDATE_MONTH);
}

Test(kdate_forms, day_range_with_dots)
{
	expect("’22.7.1.~12.20.", 2022, 7, 1, 2022, 12, 20, KDATE_DAY);
}

Test(kdate_forms, open_end_year)
{
	struct kdate_range r = parse_ok("’19~");

	check_day(r.start, 2019, 1, 1, "’19~", "start");
	check_day(r.end, 0, 0, 0, "’19~", "end");
	cr_assert_eq(r.gran, KDATE_YEAR);
	cr_assert_eq(r.open_end, 1);
	cr_assert_eq(r.open_start, 0);
	cr_assert_eq(r.is_range, 1);
}

Test(kdate_forms, open_end_month)
{
	struct kdate_range r = parse_ok("’22.7.~");

	check_day(r.start, 2022, 7, 1, "’22.7.~", "start");
	check_day(r.end, 0, 0, 0, "’22.7.~", "end");
	cr_assert_eq(r.gran, KDATE_MONTH);
	cr_assert_eq(r.open_end, 1);
	cr_assert_eq(r.is_range, 1);
}

Test(kdate_forms, open_start)
{
	const char *forms[] = {"~’22. 12.", "~’22.12.", "~ ’22. 12"};
	size_t i;

	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		struct kdate_range r = parse_ok(forms[i]);

		check_day(r.start, 0, 0, 0, forms[i], "start");
		check_day(r.end, 2022, 12, 31, forms[i], "end");
		cr_assert_eq(r.gran, KDATE_MONTH);
		cr_assert_eq(r.open_start, 1);
		cr_assert_eq(r.open_end, 0);
		cr_assert_eq(r.is_range, 1);
	}
	{
		struct kdate_range r = parse_ok("~ ’22. 9.");

		check_day(r.end, 2022, 9, 30, "~ ’22. 9.", "end");
		cr_assert_eq(r.open_start, 1);
	}
}

Test(kdate_forms, month_range_across_years)
{
	expect("’15. 7. ~ ’24. 3.", 2015, 7, 1, 2024, 3, 31, KDATE_MONTH);
	expect("’22.8~’23.2.", 2022, 8, 1, 2023, 2, 28, KDATE_MONTH);
}

Test(kdate_forms, halves)
{
	expect("’22. 하반기", 2022, 7, 1, 2022, 12, 31, KDATE_HALF);
	expect("’22. 상반기", 2022, 1, 1, 2022, 6, 30, KDATE_HALF);
	expect("상반기", 2022, 1, 1, 2022, 6, 30, KDATE_HALF);
}

Test(kdate_forms, quarters)
{
	expect("1분기", 2022, 1, 1, 2022, 3, 31, KDATE_QUARTER);
	expect("’22. 3분기", 2022, 7, 1, 2022, 9, 30, KDATE_QUARTER);
	expect("’23. 4분기", 2023, 10, 1, 2023, 12, 31, KDATE_QUARTER);
	expect("’22. 1~3분기", 2022, 1, 1, 2022, 9, 30, KDATE_QUARTER);
}

Test(kdate_forms, day_range_with_weekdays)
{
	struct kdate_range r =
		expect("’22.9.21(수) ~ 9.23(금)", 2022, 9, 21, 2022, 9, 23, KDATE_DAY);

	expect_wdays(&r, 3, 5, "’22.9.21(수) ~ 9.23(금)");
	cr_assert_eq(r.is_range, 1);
}

Test(kdate_forms, no_year_day_range)
{
	struct kdate_range r = expect("9.29(목) ~ 10. 2(월)", 2022, 9, 29, 2022, 10, 2, KDATE_DAY);

	expect_wdays(&r, 4, 1, "9.29(목) ~ 10. 2(월)");
}

Test(kdate_forms, no_year_day)
{
	struct kdate_range r = expect("8.18(목)", 2022, 8, 18, 2022, 8, 18, KDATE_DAY);

	expect_wdays(&r, 4, -1, "8.18(목)");
	cr_assert_eq(r.is_range, 0);
}

Test(kdate_forms, month_ranges_without_year)
{
	expect("3~4월", 2022, 3, 1, 2022, 4, 30, KDATE_MONTH);
	expect("7월~8월", 2022, 7, 1, 2022, 8, 31, KDATE_MONTH);
	expect("5~7월", 2022, 5, 1, 2022, 7, 31, KDATE_MONTH);
}

Test(kdate_forms, month_parts)
{
	expect("’22.9월말", 2022, 9, 1, 2022, 9, 30, KDATE_MONTH);
	expect("’22.3월말", 2022, 3, 1, 2022, 3, 31, KDATE_MONTH);
	expect("’22.8월초", 2022, 8, 1, 2022, 8, 31, KDATE_MONTH);
	expect("’22.8월중", 2022, 8, 1, 2022, 8, 31, KDATE_MONTH);
	expect("’22. 8월 말", 2022, 8, 1, 2022, 8, 31, KDATE_MONTH);
}

Test(kdate_forms, four_digit_year_day)
{
	expect("2022.3.18.", 2022, 3, 18, 2022, 3, 18, KDATE_DAY);
	expect("2022. 3. 18", 2022, 3, 18, 2022, 3, 18, KDATE_DAY);
}

Test(kdate_forms, padded_day_with_spaced_weekday)
{
	struct kdate_range r = expect("’22.09.22. (목)", 2022, 9, 22, 2022, 9, 22, KDATE_DAY);

	expect_wdays(&r, 4, -1, "’22.09.22. (목)");
}

Test(kdate_forms, years)
{
	expect("’28년", 2028, 1, 1, 2028, 12, 31, KDATE_YEAR);
	expect("’20년", 2020, 1, 1, 2020, 12, 31, KDATE_YEAR);
	expect("2019년~2022년", 2019, 1, 1, 2022, 12, 31, KDATE_YEAR);
	expect("’19~’22", 2019, 1, 1, 2022, 12, 31, KDATE_YEAR);
	expect("2022년", 2022, 1, 1, 2022, 12, 31, KDATE_YEAR);
	/* a part of the year stays at year granularity */
	expect("’22년말", 2022, 1, 1, 2022, 12, 31, KDATE_YEAR);
	expect("’23년초", 2023, 1, 1, 2023, 12, 31, KDATE_YEAR);
}

Test(kdate_forms, year_month_day_words)
{
	expect("2022년 9월 30일", 2022, 9, 30, 2022, 9, 30, KDATE_DAY);
	expect("’22. 9월 21일~23일", 2022, 9, 21, 2022, 9, 23, KDATE_DAY);
}

/* --- the rules of the brief --- */

Test(kdate_apostrophes, all_kinds)
{
	expect("’22.9.22.", 2022, 9, 22, 2022, 9, 22, KDATE_DAY);
	expect("‘22.9.22.", 2022, 9, 22, 2022, 9, 22, KDATE_DAY);
	expect("'22.9.22.", 2022, 9, 22, 2022, 9, 22, KDATE_DAY);
	expect("22.9.22.", 2022, 9, 22, 2022, 9, 22, KDATE_DAY);
	expect("22.9.", 2022, 9, 1, 2022, 9, 30, KDATE_MONTH);
	expect("’ 22. 9. 22.", 2022, 9, 22, 2022, 9, 22, KDATE_DAY);
}

Test(kdate_spaces, between_tokens)
{
	expect("’22. 9. 30.", 2022, 9, 30, 2022, 9, 30, KDATE_DAY);
	expect("’22.9.30 ~ 10.6", 2022, 9, 30, 2022, 10, 6, KDATE_DAY);
	expect("’22. 9월 ~ 10월", 2022, 9, 1, 2022, 10, 31, KDATE_MONTH);
	expect("  ’22.9.30  ", 2022, 9, 30, 2022, 9, 30, KDATE_DAY);
	expect("’22.9.30\xc2\xa0~\xe3\x80\x80"
	       "10.6",
	       2022, 9, 30, 2022, 10, 6, KDATE_DAY);
}

Test(kdate_spaces, trailing_dot_optional)
{
	expect("’22.9.22", 2022, 9, 22, 2022, 9, 22, KDATE_DAY);
	expect("’22.11", 2022, 11, 1, 2022, 11, 30, KDATE_MONTH);
}

Test(kdate_ranges, day_inherits_month)
{
	expect("’22.9.21~23", 2022, 9, 21, 2022, 9, 23, KDATE_DAY);
}

Test(kdate_ranges, day_range_own_year)
{
	expect("’22.3.1~’25.2.28", 2022, 3, 1, 2025, 2, 28, KDATE_DAY);
}

Test(kdate_ranges, day_range_dots_mixed)
{
	expect("’22.10.19.~11.2", 2022, 10, 19, 2022, 11, 2, KDATE_DAY);
}

Test(kdate_ranges, month_range_spaced)
{
	expect("’22.11 ~ 12.", 2022, 11, 1, 2022, 12, 31, KDATE_MONTH);
}

Test(kdate_ranges, finer_granularity_wins)
{
	expect("’22.7~12.20", 2022, 7, 1, 2022, 12, 20, KDATE_DAY);
	expect("’22. 3분기~11월", 2022, 7, 1, 2022, 11, 30, KDATE_MONTH);
	expect("’22. 하반기~’23. 1분기", 2022, 7, 1, 2023, 3, 31, KDATE_QUARTER);
}

Test(kdate_ranges, end_before_start_kept_as_printed)
{
	struct kdate_range r = expect("’22.12.20~1.5", 2022, 12, 20, 2022, 1, 5, KDATE_DAY);

	cr_assert_gt(kdate_cmp(r.start, r.end), 0);
	expect("’22.9~3.", 2022, 9, 1, 2022, 3, 31, KDATE_MONTH);
}

Test(kdate_ranges, ref_year_used_only_without_year)
{
	struct kdate_range r;
	struct jy_err err;

	cr_assert_eq(kdate_parse("8.18(목)", 2023, &r, &err), 0);
	check_day(r.start, 2023, 8, 18, "8.18 @2023", "start");
	cr_assert_eq(kdate_parse("’22.8.18", 2023, &r, &err), 0);
	check_day(r.start, 2022, 8, 18, "’22.8.18 @2023", "start");
}

/* --- errors --- */

Test(kdate_errors, empty)
{
	parse_bad("");
	parse_bad("   ");
}

Test(kdate_errors, impossible_days)
{
	struct jy_err e = parse_bad("’22.2.30.");

	cr_assert_eq(e.col, strlen("’22.2.") + 1, "col %ld", e.col);
	/* the day as a person writes it, never an ISO date */
	cr_assert(strstr(e.msg, "2022.2.30.") != NULL, "%s", e.msg);
	cr_assert(strstr(e.msg, "2022-02-30") == NULL, "%s", e.msg);
	parse_bad("’22.9.31.");
	parse_bad("’22.4.31~5.1");
	parse_bad("’22.9.0.");
	parse_bad("’22.9.30~31");
}

Test(kdate_errors, months_out_of_range)
{
	struct jy_err e = parse_bad("’22.13.");

	cr_assert_eq(e.col, strlen("’22.") + 1, "col %ld", e.col);
	parse_bad("’22.0.");
	parse_bad("13월");
	parse_bad("’22.7~13.");
	parse_bad("’22.9.30~13.1");
	parse_bad("5분기");
	parse_bad("’22. 0분기");
}

Test(kdate_errors, garbage)
{
	struct jy_err e = parse_bad("abc");

	cr_assert_eq(e.col, 1);
	parse_bad("~");
	parse_bad("’");
	parse_bad("’22.9.22.~~");
	parse_bad("(’22.9.22.");
	parse_bad("’22.9.22.)");
	parse_bad(".");
	parse_bad("’2.9.");
	parse_bad("’2022.9.");
	parse_bad("12345");
	parse_bad("’22.100.");
	parse_bad("0999.1.");
	parse_bad("’22.9.22.5");
	parse_bad("’22.9월 5일 3");
	parse_bad("분기");
}

Test(kdate_errors, numbers_need_separators)
{
	struct jy_err e = parse_bad("14 7~4 3");

	cr_assert_eq(e.col, 4, "col %ld", e.col);
	e = parse_bad("’15 8");
	cr_assert_eq(e.col, strlen("’15 ") + 1, "col %ld", e.col);
	parse_bad("2022 9");
	parse_bad("’22.9 30");
	e = parse_bad("8월4");
	cr_assert_eq(e.col, strlen("8월") + 1, "col %ld", e.col);
	parse_bad("’22.9월 30.");
}

Test(kdate_errors, implausible_years)
{
	struct jy_err e = parse_bad("1100.2.");

	cr_assert_eq(e.col, 1);
	parse_bad("4038~");
	parse_bad("’29~9742년");
	parse_bad("1899년");
	expect("1900.1.", 1900, 1, 1, 1900, 1, 31, KDATE_MONTH);
	expect("2199년", 2199, 1, 1, 2199, 12, 31, KDATE_YEAR);
}

Test(kdate_errors, trailing_text)
{
	struct jy_err e = parse_bad("’22.9.22. 까지");

	cr_assert_eq(e.col, strlen("’22.9.22. ") + 1, "col %ld", e.col);
	e = parse_bad("’22.9.22. 기준 x");
	cr_assert_eq(e.col, strlen("’22.9.22. 기준 ") + 1, "col %ld", e.col);
	parse_bad("’22.9.22 현재");
}

Test(kdate_errors, weekday_misuse)
{
	struct jy_err e = parse_bad("’22.9.22(x)");

	cr_assert_eq(e.col, strlen("’22.9.22(") + 1, "col %ld", e.col);
	parse_bad("’22.7(목)");
	parse_bad("’22.9.22(목");
	parse_bad("(목)");
}

Test(kdate_errors, ambiguous_lone_number)
{
	struct jy_err e = parse_bad("9");

	cr_assert_eq(e.col, 1);
	parse_bad("9.");
	parse_bad("3~");
	parse_bad("23일");
}

Test(kdate_errors, too_long)
{
	char s[JY_PRINTED_BYTES_MAX + 8];
	struct jy_err e;

	memset(s, ' ', sizeof(s));
	memcpy(s, "’22.9.22.", strlen("’22.9.22."));
	s[sizeof(s) - 1] = '\0';
	e = parse_bad(s);
	cr_assert_eq(e.col, JY_PRINTED_BYTES_MAX + 1);
	/* exactly at the limit is fine */
	s[JY_PRINTED_BYTES_MAX] = '\0';
	parse_ok(s);
}

Test(kdate_errors, invalid_utf8)
{
	struct jy_err e = parse_bad("’22.9.\xff");

	cr_assert_eq(e.col, strlen("’22.9.") + 1);
	parse_bad("\xe2\x80");
	parse_bad("’22.9.22\x01");
}

Test(kdate_errors, null_arguments)
{
	struct kdate_range r;
	struct jy_err err;

	cr_assert_eq(kdate_parse(NULL, REF, &r, &err), JY_EINTERNAL);
	cr_assert_eq(kdate_parse("’22.9.22.", REF, NULL, &err), JY_EINTERNAL);
	cr_assert_eq(kdate_parse("’22.9.22.", REF, &r, NULL), 0);
	cr_assert_eq(kdate_parse("xyz", REF, &r, NULL), JY_EINPUT);
}

Test(kdate_errors, bad_reference_year)
{
	struct kdate_range r;
	struct jy_err err;

	cr_assert_eq(kdate_parse("8.18", 0, &r, &err), JY_EINTERNAL);
	cr_assert_eq(kdate_parse("’22.8.18", 0, &r, &err), 0);
}

/* --- calendar --- */

Test(kdate_calendar, weekday)
{
	cr_assert_eq(kdate_weekday((struct kdate){2022, 9, 21}), 3);
	cr_assert_eq(kdate_weekday((struct kdate){2022, 9, 23}), 5);
	cr_assert_eq(kdate_weekday((struct kdate){2022, 10, 2}), 0);
	cr_assert_eq(kdate_weekday((struct kdate){1970, 1, 1}), 4);
	cr_assert_eq(kdate_weekday((struct kdate){2000, 1, 1}), 6);
	cr_assert_eq(kdate_weekday((struct kdate){2024, 2, 29}), 4);
	cr_assert_eq(kdate_weekday((struct kdate){1900, 3, 1}), 4);
	cr_assert_eq(kdate_weekday((struct kdate){2022, 2, 30}), -1);
}

Test(kdate_calendar, printed_weekdays_match)
{
	struct kdate_range r = parse_ok("’22.9.21(수) ~ 9.23(금)");

	cr_assert_eq(kdate_weekday(r.start), r.start_wday);
	cr_assert_eq(kdate_weekday(r.end), r.end_wday);
	r = parse_ok("9.29(목) ~ 10. 2(월)");
	cr_assert_eq(kdate_weekday(r.start), r.start_wday);
	/* 2022-10-02 is a Sunday: the printed 월 is kept for a rule to report */
	cr_assert_eq(r.end_wday, 1);
	cr_assert_eq(kdate_weekday(r.end), 0);
	r = parse_ok("’22.9.25(일)");
	cr_assert_eq(r.start_wday, 0);
	r = parse_ok("’22.9.21(수요일)");
	cr_assert_eq(r.start_wday, 3);
}

Test(kdate_calendar, days_inclusive)
{
	struct kdate_range r = parse_ok("’22.9.21~9.23");

	cr_assert_eq(kdate_days_inclusive(&r), 3);
	r = parse_ok("’22.10.10~10.15");
	cr_assert_eq(kdate_days_inclusive(&r), 6);
	r = parse_ok("’22.9.22.");
	cr_assert_eq(kdate_days_inclusive(&r), 1);
	r = parse_ok("’22.7~12.");
	cr_assert_eq(kdate_days_inclusive(&r), 184);
	r = parse_ok("’24년");
	cr_assert_eq(kdate_days_inclusive(&r), 366);
	r = parse_ok("’22.12.20~’23.1.5");
	cr_assert_eq(kdate_days_inclusive(&r), 17);
	r = parse_ok("’19~");
	cr_assert_eq(kdate_days_inclusive(&r), 0);
	r = parse_ok("’22.9.23~9.21");
	cr_assert_leq(kdate_days_inclusive(&r), 0);
}

Test(kdate_calendar, leap_years)
{
	expect("’24.2.29.", 2024, 2, 29, 2024, 2, 29, KDATE_DAY);
	expect("2000.2.29.", 2000, 2, 29, 2000, 2, 29, KDATE_DAY);
	parse_bad("’22.2.29.");
	parse_bad("1900.2.29.");
	parse_bad("2100.2.29.");
	expect("’24.2.", 2024, 2, 1, 2024, 2, 29, KDATE_MONTH);
	expect("’23.2.", 2023, 2, 1, 2023, 2, 28, KDATE_MONTH);
	expect("’24. 상반기", 2024, 1, 1, 2024, 6, 30, KDATE_HALF);
	expect("’24. 1분기", 2024, 1, 1, 2024, 3, 31, KDATE_QUARTER);
	cr_assert(kdate_valid((struct kdate){2024, 2, 29}));
	cr_assert(!kdate_valid((struct kdate){2023, 2, 29}));
	cr_assert(!kdate_valid((struct kdate){0, 0, 0}));
}

Test(kdate_calendar, cmp)
{
	struct kdate a = {2022, 9, 21}, b = {2022, 9, 22}, c = {2022, 10, 1};

	cr_assert_eq(kdate_cmp(a, b), -1);
	cr_assert_eq(kdate_cmp(b, a), 1);
	cr_assert_eq(kdate_cmp(a, a), 0);
	cr_assert_eq(kdate_cmp(c, b), 1);
	cr_assert_eq(kdate_cmp((struct kdate){2021, 12, 31}, a), -1);
}

/* --- printing --- */

Test(kdate_format, korean)
{
	expect_korean("’22.9.22.", "’22.9.22.");
	expect_korean("2022.09.22", "’22.9.22.");
	expect_korean("’22. 11월", "’22.11.");
	expect_korean("’22.7~12.", "’22.7~12.");
	expect_korean("’22.9.30~10.6", "’22.9.30~10.6.");
	expect_korean("’22.3.1~’25.2.28", "’22.3.1~’25.2.28.");
	expect_korean("’22.8~’23.2.", "’22.8~’23.2.");
	expect_korean("’22. 하반기", "’22. 하반기");
	expect_korean("’22. 3분기", "’22. 3분기");
	expect_korean("’22. 1~3분기", "’22. 1분기~3분기");
	expect_korean("’28년", "’28년");
	expect_korean("2019년~2022년", "’19년~’22년");
	expect_korean("’19~", "’19~");
	expect_korean("’22.7.~", "’22.7.~");
	expect_korean("~’22. 12.", "~’22.12.");
	expect_korean("’22.9.21(수) ~ 9.23(금)", "’22.9.21(수)~9.23(금)");
	expect_korean("8.18(목)", "’22.8.18(목)");
	expect_korean("1999.7.", "1999.7.");
}

Test(kdate_format, iso)
{
	expect_iso("’22.9.22.", "2022-09-22");
	expect_iso("’22. 9.", "2022-09");
	expect_iso("’22.7~12.", "2022-07..2022-12");
	expect_iso("’22.9.30~10.6", "2022-09-30..2022-10-06");
	expect_iso("’22. 하반기", "2022-H2");
	expect_iso("’22. 3분기", "2022-Q3");
	expect_iso("’19년", "2019");
	expect_iso("’19~", "2019..");
	expect_iso("~’22. 12.", "..2022-12");
	expect_iso("’22.9.21~21", "2022-09-21..2022-09-21");
}

Test(kdate_format, appends)
{
	struct kdate_range r = parse_ok("’22.9.22.");
	struct buf b;

	buf_init(&b);
	buf_adds(&b, "at ");
	kdate_format_iso(&r, &b);
	cr_assert_str_eq(b.data, "at 2022-09-22");
	buf_release(&b);
}

/* --- round trips --- */

static const char *const round_trip_inputs[] = {
	"’22.9.22.",
	"(’22.8.29. 기준)",
	"’22.7~12.",
	"’22.9.30~10.6",
	"’22. 11월",
	"’22.11월",
	"2022. 9.",
	"’23. 1~12.",
	"’22.7.1.~12.20.",
	"’19~",
	"~’22. 12.",
	"’15. 7. ~ ’24. 3.",
	"’22. 하반기",
	"’22. 상반기",
	"1분기",
	"’22. 3분기",
	"’22.9.21(수) ~ 9.23(금)",
	"9.29(목) ~ 10. 2(월)",
	"8.18(목)",
	"3~4월",
	"7월~8월",
	"5~7월",
	"’22.9월말",
	"2022.3.18.",
	"’22.09.22. (목)",
	"’28년",
	"2019년~2022년",
	"’22.3월말",
	"’22.8월초",
	"’22.8월중",
	"’22.7.~",
	"~ ’22. 9.",
	"’22.9.21~23",
	"’22.3.1~’25.2.28",
	"’22.8~’23.2.",
	"’22.10.19.~11.2",
	"’22.11 ~ 12.",
	"’20년",
	"’22. 1~3분기",
	"’22.12.20~1.5",
	"’22.7~12.20",
	"’22. 하반기~’23. 1분기",
	"1999.7~12.",
	"1999년~",
	"~2100.3.1(월)",
	"’22.9.1(목)~",
	"~’22년",
	"’22. 하반기~",
	"’19~’22",
	"22.9.",
};

Test(kdate_round_trip, parse_format_parse)
{
	size_t i;

	for (i = 0; i < sizeof(round_trip_inputs) / sizeof(round_trip_inputs[0]); i++) {
		const char *s = round_trip_inputs[i];
		struct kdate_range a = parse_ok(s), b;
		struct jy_err err;
		struct buf k;
		int rc;

		buf_init(&k);
		kdate_format_korean(&a, &k);
		rc = kdate_parse(k.data, 1990, &b, &err);
		cr_assert_eq(rc, 0, "\"%s\" -> \"%s\" does not parse: %s", s, k.data, err.msg);
		cr_assert_eq(kdate_cmp(a.start, b.start), 0, "\"%s\" -> \"%s\": start", s, k.data);
		cr_assert_eq(kdate_cmp(a.end, b.end), 0, "\"%s\" -> \"%s\": end", s, k.data);
		cr_assert_eq(a.gran, b.gran, "\"%s\" -> \"%s\": gran", s, k.data);
		cr_assert_eq(a.open_start, b.open_start, "\"%s\" -> \"%s\"", s, k.data);
		cr_assert_eq(a.open_end, b.open_end, "\"%s\" -> \"%s\"", s, k.data);
		cr_assert_eq(a.is_range, b.is_range, "\"%s\" -> \"%s\"", s, k.data);
		cr_assert_eq(a.start_wday, b.start_wday, "\"%s\" -> \"%s\"", s, k.data);
		cr_assert_eq(a.end_wday, b.end_wday, "\"%s\" -> \"%s\"", s, k.data);
		buf_release(&k);
	}
}

/* --- ISO periods: kdate_parse_iso reads what kdate_format_iso writes --- */

Test(kdate_iso, parses_what_format_iso_writes)
{
	static const char *forms[] = {"’22.9.22.",  "’22.7~12.",     "’22.9.30~10.6", "’22. 하반기",
				      "’22. 3분기", "2019년~2022년", "’19~",	      "~’22. 12."};
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		struct kdate_range r = parse_ok(forms[i]), back;
		struct buf iso;
		buf_init(&iso);
		kdate_format_iso(&r, &iso);
		cr_assert_eq(kdate_parse_iso(iso.data, &back), 0, "%s -> %s", forms[i], iso.data);
		cr_assert_eq(back.open_start, r.open_start, "%s", iso.data);
		cr_assert_eq(back.open_end, r.open_end, "%s", iso.data);
		cr_assert(r.open_start || kdate_cmp(back.start, r.start) == 0, "%s", iso.data);
		cr_assert(r.open_end || kdate_cmp(back.end, r.end) == 0, "%s", iso.data);
		buf_release(&iso);
	}
}

Test(kdate_iso, reads_each_form)
{
	static const struct {
		const char *iso;
		struct kdate start, end;
	} cases[] = {
		{"2022", {2022, 1, 1}, {2022, 12, 31}},
		{"2022-02", {2022, 2, 1}, {2022, 2, 28}},
		{"2020-02-29", {2020, 2, 29}, {2020, 2, 29}},
		{"2022-H1", {2022, 1, 1}, {2022, 6, 30}},
		{"2022-Q4", {2022, 10, 1}, {2022, 12, 31}},
		{"2019..2022-H2", {2019, 1, 1}, {2022, 12, 31}},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct kdate_range r;
		cr_assert_eq(kdate_parse_iso(cases[i].iso, &r), 0, "%s", cases[i].iso);
		cr_assert_eq(kdate_cmp(r.start, cases[i].start), 0, "%s start", cases[i].iso);
		cr_assert_eq(kdate_cmp(r.end, cases[i].end), 0, "%s end", cases[i].iso);
	}
}

Test(kdate_iso, refuses_what_is_not_a_period)
{
	static const char *bad[] = {
		"", "..", "22", "2022-13", "2022-H3", "2022-Q5", "2022-02-30", "2022/09", "x..2022",
		/* not digits where digits belong (sscanf took 20x2 for 20) */
		"20x2", " 202", "+202", "2022-1x", "2022-0a-01", "2022-+1", "2022-07..20x2",
		/* no such year, month, half or quarter */
		"0000", "2022-00", "2022-H0", "2022-Q0", "2021-02-29"};
	struct kdate_range r;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(kdate_parse_iso(bad[i], &r), -1, "\"%s\"", bad[i]);
}

/* People read periods as the report prints them, never as ISO. */
Test(kdate, label_iso)
{
	static const char *cases[][2] = {
		{"2022-08-29", "’22.8.29."},
		{"2022-08", "’22.8월"},
		{"2021", "’21년"},
		{"2019..2022", "’19년~’22년"},
		{"2022-01..2022-07", "’22.1월~7월"},
		{"2022-H2", "’22. 하반기"},
		{"2022-Q3", "’22. 3분기"},
		{"2022-09-30..2022-10-06", "’22.9.30.~10.6."},
		{"2016-05..2025-11", "’16.5월~’25.11월"},
		{"2019..", "’19년~"},
		{"not a period", "not a period"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b;
		buf_init(&b);
		int rc = kdate_label_iso(cases[i][0], &b);
		cr_assert_str_eq(b.data, cases[i][1], "%s", cases[i][0]);
		cr_assert_eq(rc, i + 1 == sizeof(cases) / sizeof(cases[0]) ? -1 : 0);
		buf_release(&b);
	}
}

/* A stored moment (UTC ISO) as people read it, on the reader's clock. */
static void moment(const char *tz, const char *iso, const char *want, int rc)
{
	struct buf b;
	buf_init(&b);
	setenv("TZ", tz, 1);
	tzset();
	cr_assert_eq(kdate_label_moment(iso, &b), rc, "%s", iso);
	cr_assert_str_eq(b.data, want, "%s in %s", iso, tz);
	buf_release(&b);
}

Test(kdate_forms, moment)
{
	moment("UTC", "2022-08-29T05:05:00Z", "’22.8.29. 05:05 UTC", 0);
	moment("Asia/Seoul", "2022-08-29T05:05:00Z", "’22.8.29. 14:05 KST", 0);
	/* past midnight in Seoul: the next day */
	moment("Asia/Seoul", "2022-12-31T20:30:59Z", "’23.1.1. 05:30 KST", 0);
	/* not such a moment: as it is */
	moment("UTC", "2022-08-29", "2022-08-29", -1);
	moment("UTC", "2022-02-30T00:00:00Z", "2022-02-30T00:00:00Z", -1);
	moment("UTC", "2022-08-29T05:05:00Z junk", "2022-08-29T05:05:00Z junk", -1);
}
