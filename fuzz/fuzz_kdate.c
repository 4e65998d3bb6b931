/*
 * fuzz_kdate.c - libFuzzer target for the Korean report-date parser.
 *
 * Feeds arbitrary bytes to kdate_parse (reference year 2022). Whenever it
 * accepts, checks what every accepted date must satisfy: calendar-valid
 * days, a granularity in range, each end aligned to a unit of that
 * granularity, start <= end for a single date (a printed range may run
 * backwards: a validator rule reports that), and that printing in the
 * report's style and parsing again gives the same range back.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/kdate.h"
#include "base/limits.h"

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond))                                                                       \
			abort();                                                                   \
	} while (0)

static int is_zero(struct kdate d)
{
	return d.year == 0 && d.month == 0 && d.day == 0;
}

static int last_day(int y, int m)
{
	struct kdate d = {y, m, 31};

	while (d.day > 28 && !kdate_valid(d))
		d.day--;
	return d.day;
}

/* The first or last day of a unit of granularity g. */
static void check_aligned(struct kdate d, enum kdate_gran g, int is_last)
{
	int span = g == KDATE_QUARTER ? 3 : g == KDATE_HALF ? 6 : g == KDATE_YEAR ? 12 : 1;

	CHECK(kdate_valid(d));
	if (g == KDATE_DAY)
		return;
	if (is_last) {
		CHECK(d.month % span == 0);
		CHECK(d.day == last_day(d.year, d.month));
	} else {
		CHECK((d.month - 1) % span == 0);
		CHECK(d.day == 1);
	}
}

static void check_wday(int w)
{
	CHECK(w >= -1 && w <= 6);
}

static int same(const struct kdate_range *a, const struct kdate_range *b)
{
	return kdate_cmp(a->start, b->start) == 0 && kdate_cmp(a->end, b->end) == 0 &&
	       a->gran == b->gran && a->open_start == b->open_start && a->open_end == b->open_end &&
	       a->is_range == b->is_range && a->start_wday == b->start_wday &&
	       a->end_wday == b->end_wday;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[2 * JY_PRINTED_BYTES_MAX + 2];
	struct kdate_range r, again;
	struct jy_err err;
	struct buf b;
	int rc;

	if (size > sizeof(text) - 1)
		size = sizeof(text) - 1; /* still past the limit: tests the rejection */
	memcpy(text, data, size);
	text[size] = '\0';

	rc = kdate_parse(text, 2022, &r, &err);
	if (rc != 0) {
		CHECK(rc == JY_EINPUT);
		CHECK(err.code == JY_EINPUT && err.msg[0] != '\0');
		CHECK(err.col >= 1 && err.col <= JY_PRINTED_BYTES_MAX + 1);
		return 0;
	}

	CHECK(r.gran >= KDATE_DAY && r.gran <= KDATE_YEAR);
	CHECK(!(r.open_start && r.open_end));
	CHECK(!(r.open_start || r.open_end) || r.is_range);
	check_wday(r.start_wday);
	check_wday(r.end_wday);
	if (r.open_start) {
		CHECK(is_zero(r.start) && r.start_wday == -1);
	} else {
		check_aligned(r.start, r.gran, 0);
		CHECK(r.start_wday == -1 || r.gran == KDATE_DAY);
	}
	if (r.open_end) {
		CHECK(is_zero(r.end) && r.end_wday == -1);
	} else {
		check_aligned(r.end, r.gran, 1);
		CHECK(r.end_wday == -1 || r.gran == KDATE_DAY);
	}
	if (!r.is_range) {
		CHECK(kdate_cmp(r.start, r.end) <= 0);
		CHECK(r.end_wday == -1);
		CHECK(kdate_days_inclusive(&r) >= 1);
	}
	if (!r.open_start && !r.open_end && kdate_cmp(r.start, r.end) <= 0)
		CHECK(kdate_days_inclusive(&r) >= 1);
	if (!r.open_start)
		CHECK(kdate_weekday(r.start) >= 0);

	buf_init(&b);
	kdate_format_iso(&r, &b);
	CHECK(b.len > 0 && strlen(b.data) == b.len);
	buf_reset(&b);
	kdate_format_korean(&r, &b);
	CHECK(b.len > 0 && strlen(b.data) == b.len);
	/* the report's form reads back as the same range, whatever ref_year */
	rc = kdate_parse(b.data, 1999, &again, &err);
	CHECK(rc == 0);
	CHECK(same(&r, &again));
	buf_release(&b);
	return 0;
}
