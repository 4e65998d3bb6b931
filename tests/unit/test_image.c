/*
 * test_image.c - unit tests of the model image (src/model/image.c) on the
 * seed package: an image read back gives the same cells, lines, metadata
 * and facts, and the same findings, as the package it was written from;
 * an image cut short anywhere, or of another version, is refused.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/knum.h"
#include "check/check.h"
#include "model/image.h"
#include "pkg/pkg.h"

static struct model M;
static struct factset FS;
static unsigned char *IMG;
static size_t LEN;

static void setup(void)
{
	struct jy_err err;
	FILE *null = fopen("/dev/null", "w");

	cr_assert_not_null(null);
	model_init(&M);
	cr_assert_eq(pkg_read("data/seoul-econ-2022", &M, &err), 0, "%s", err.msg);
	cr_assert_eq(model_validate_facts(&M, null, &FS, &err), 0, "%s", err.msg);
	fclose(null);
	IMG = image_write(&M, &FS, &LEN);
}

static void teardown(void)
{
	free(IMG);
	factset_release(&FS);
	model_release(&M);
}

TestSuite(image, .init = setup, .fini = teardown);

/* Reads a copy of the first len bytes of the image into m and fs. */
/* Reads a copy of the first len bytes of the image into m and fs, at an
 * address that is a multiple of 64 plus shift: 0 as a mapped file is (the
 * fact records are used in place), 16 as malloc may give (they are copied). */
static int read_copy_at(size_t len, size_t shift, struct model *m, struct factset *fs,
			struct jy_err *err)
{
	model_init(m);
	uintptr_t p = (uintptr_t)arena_alloc(&m->arena, len + 128);
	void *copy = (void *)(((p + 63) & ~(uintptr_t)63) + shift);
	memcpy(copy, IMG, len);
	return image_read(copy, len, m, fs, err);
}

static int read_copy(size_t len, struct model *m, struct factset *fs, struct jy_err *err)
{
	return read_copy_at(len, 0, m, fs, err);
}

static char *findings_json(struct model *m, struct factset *fs)
{
	struct check_result res;
	struct jy_err err;
	char *text = NULL;
	size_t n = 0;
	FILE *out = open_memstream(&text, &n);

	cr_assert_eq(check_run(m, fs, &res, stderr, &err), 0, "%s", err.msg);
	check_print_json(&res, out);
	fclose(out);
	check_result_release(&res);
	return text;
}

Test(image, reads_back_every_cell_line_and_fact)
{
	struct model m;
	struct factset fs;
	struct jy_err err;

	cr_assert_eq(read_copy(LEN, &m, &fs, &err), 0, "%s", err.msg);
	cr_assert_str_eq(m.meta_json, M.meta_json);
	for (int r = 0; r < RES_COUNT; r++) {
		const struct table *a = &M.tables[r], *b = &m.tables[r];
		cr_assert_eq(b->n_rows, a->n_rows, "%s", a->def->name);
		for (size_t i = 0; i < a->n_rows; i++) {
			cr_assert_eq(b->lines[i], a->lines[i]);
			for (int k = 0; k < a->def->n_fields; k++)
				cr_assert_str_eq(table_cell(b, i, k), table_cell(a, i, k),
						 "%s row %zu field %d", a->def->name, i, k);
		}
	}
	cr_assert_eq(fs.n_facts, FS.n_facts);
	cr_assert_gt(fs.n_facts, 0);
	for (size_t i = 0; i < FS.n_facts; i++) {
		const struct fact_info *a = &FS.facts[i], *b = &fs.facts[i];
		cr_assert(memcmp(&a->key, &b->key, sizeof(a->key)) == 0, "fact %zu key", i);
		cr_assert(dec_cmp(a->value, b->value) == 0 && dec_cmp(a->ulp, b->ulp) == 0 &&
				  dec_cmp(a->half_ulp, b->half_ulp) == 0,
			  "fact %zu decimals", i);
		cr_assert_eq(a->exact, b->exact);
		cr_assert_eq(a->half_ulp_failed, b->half_ulp_failed);
		cr_assert_eq(a->knum_flags, b->knum_flags);
		cr_assert_eq(a->row, b->row);
		cr_assert_eq(a->line, b->line);
		cr_assert_str_eq(fact_printed(&FS, a), fact_printed(&fs, b));
		cr_assert_str_eq(fact_period(&FS, a), fact_period(&fs, b));
		cr_assert_str_eq(fact_kind(&FS, a), fact_kind(&fs, b));
		cr_assert_str_eq(fact_table(&FS, a), fact_table(&fs, b));
		cr_assert_str_eq(fact_source(&FS, a), fact_source(&fs, b));
		cr_assert_str_eq(fact_coords(&FS, a), fact_coords(&fs, b));
		for (int k = 0; k < FS.measures[a->measure].n_dims; k++)
			cr_assert_str_eq(fact_member(&FS, a, k), fact_member(&fs, b, k));
		cr_assert_eq(factset_find(&fs, &a->key), (long)i, "fact %zu not indexed", i);
	}
	for (size_t i = 0; i < FS.n_measures; i++)
		cr_assert_eq(fs.measures[i].n_facts, FS.measures[i].n_facts);
	cr_assert_eq(name_table_find(&fs.periods, "2022"), name_table_find(&FS.periods, "2022"));
	factset_release(&fs);
	model_release(&m);
}

Test(image, gives_the_findings_of_the_package)
{
	char *from_package = findings_json(&M, NULL);
	cr_assert_gt(strlen(from_package), 1000, "the seed has findings");
	for (size_t shift = 0; shift <= 16; shift += 16) {
		struct model m;
		struct factset fs;
		struct jy_err err;
		cr_assert_eq(read_copy_at(LEN, shift, &m, &fs, &err), 0, "%s", err.msg);
		cr_assert_eq(fs.facts_mapped, shift == 0, "records in place only when aligned");
		char *from_image = findings_json(&m, &fs);
		cr_assert_str_eq(from_image, from_package, "image at 64k + %zu", shift);
		free(from_image);
		model_release(&m);
	}
	free(from_package);
}

Test(image, cut_short_anywhere_is_refused)
{
	size_t step = LEN / 400 + 1;

	for (size_t len = 0; len < LEN; len += len < 64 || len > LEN - 64 ? 1 : step) {
		struct model m;
		struct factset fs;
		struct jy_err err;
		cr_assert_eq(read_copy(len, &m, &fs, &err), JY_EINPUT, "cut at %zu of %zu", len,
			     LEN);
		cr_assert(strstr(err.msg, "damaged model image") != NULL, "%s", err.msg);
		model_release(&m);
	}
}

Test(image, another_version_byte_order_or_index_layout_is_refused)
{
	for (size_t at = 8; at < 24; at++) { /* version, byte order, index layout */
		struct model m;
		struct factset fs;
		struct jy_err err;
		IMG[at] ^= 0x40;
		cr_assert_eq(read_copy(LEN, &m, &fs, &err), JY_EINPUT, "byte %zu changed", at);
		cr_assert(strstr(err.msg, "another version") != NULL, "%s", err.msg);
		IMG[at] ^= 0x40;
		model_release(&m);
	}
}

/* A used slot of the fact index whose fact number is 0 (its tag kept) named
 * fact 0xFFFFFFFF: a lookup read a record far past the facts (found by
 * fuzz_image). Every used slot must name a fact. */
Test(image, a_fact_index_slot_naming_no_fact_is_refused)
{
	size_t bytes = 8 * FS.fact_index.cap;
	unsigned char *slots = memmem(IMG, LEN, FS.fact_index.slots, bytes);
	struct model m;
	struct factset fs;
	struct jy_err err;
	size_t i = 0;

	cr_assert_not_null(slots, "the fact index is in the image as it is in memory");
	while (!FS.fact_index.slots[i])
		i++;
	uint64_t slot = FS.fact_index.slots[i], damaged = slot & ~(uint64_t)UINT32_MAX;
	cr_assert_neq(damaged, 0, "the slot has a tag");
	memcpy(slots + 8 * i, &damaged, 8);
	cr_assert_eq(read_copy(LEN, &m, &fs, &err), JY_EINPUT);
	cr_assert(strstr(err.msg, "fact index") != NULL, "%s", err.msg);
	model_release(&m);
	memcpy(slots + 8 * i, &slot, 8);
	cr_assert_eq(read_copy(LEN, &m, &fs, &err), 0, "%s", err.msg);
	factset_release(&fs);
	model_release(&m);
}

/* The typed model that coverage and the checker read instead of parsing
 * cells again: every fact's printed number (value in base units, unit) is
 * what knum_parse reads from printed, and the dates are validation's, from
 * validation and from the image alike. */
static void expect_typed(const struct model *m, const struct factset *fs)
{
	size_t numbers = 0;

	for (size_t i = 0; i < fs->n_facts; i++) {
		const struct fact_info *f = &fs->facts[i];
		const char *printed = fact_printed(fs, f), *unit;
		struct knum k;
		struct jy_err e;
		struct dec v;
		size_t n;
		int parsed = knum_parse(printed, &k, &e) == 0;
		cr_assert_eq(fact_printed_number(fs, f, &v, &unit, &n) == 0, parsed, "%s", printed);
		if (!parsed)
			continue;
		numbers++;
		cr_assert_eq(dec_cmp(v, k.value), 0, "%s", printed);
		cr_assert(strlen(k.unit) == n && memcmp(unit, k.unit, n) == 0, "%s", printed);
		struct kdate_range r;
		int ok = kdate_parse_iso(fact_period(fs, f), &r) == 0;
		cr_assert_eq(fs->dates.periods[f->key.period].ok, ok);
		if (ok)
			cr_assert_eq(kdate_cmp(fs->dates.periods[f->key.period].r.end, r.end), 0);
	}
	cr_assert_gt(numbers, 800);
	const struct table *t = &m->tables[RES_MILESTONES];
	cr_assert_eq(fs->dates.n_ms, t->n_rows);
	for (size_t row = 0; row < t->n_rows; row++)
		cr_assert_eq(model_dates_milestone(&fs->dates, table_get(t, row, "node"),
						   table_get(t, row, "seq")),
			     (long)row);
}

Test(image, keeps_the_facts_printed_numbers_and_dates)
{
	struct model m;
	struct factset fs;
	struct jy_err err;

	expect_typed(&M, &FS);
	cr_assert_eq(read_copy(LEN, &m, &fs, &err), 0, "%s", err.msg);
	expect_typed(&m, &fs);
	for (size_t i = 0; i < fs.dates.n_ms; i++) {
		const struct milestone_date *a = &FS.dates.ms[i], *b = &fs.dates.ms[i];
		cr_assert(a->parsed == b->parsed && a->ok == b->ok && a->lo == b->lo &&
			  a->hi == b->hi);
	}
	factset_release(&fs);
	model_release(&m);
}
