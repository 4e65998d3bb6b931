/*
 * test_base.c - unit tests of the base modules: UTF-8 (src/base/utf8.c),
 * the string map (strmap.c), arenas (mem.c), buffers (buf.c) and threads
 * (par.c).
 */
#include <criterion/criterion.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/mem.h"
#include "base/par.h"
#include "base/strmap.h"
#include "base/utf8.h"

/* ---- utf8 ------------------------------------------------------------------ */

/* As a spreadsheet saves text in CP949: what the code page lacks becomes
 * '?', which a real '?' is told apart from; Hangul and ASCII stay. */
Test(utf8, cp949_lossy)
{
	struct buf b;
	buf_init(&b);
	cr_assert_eq(utf8_add_cp949_lossy(&b,
					  "1\u2024"
					  "2급? \uFF62사업\uFF63 \u2776 caf\u00E9",
					  '!'),
		     5);
	cr_assert_str_eq(b.data, "1?2급! ?사업? ? caf?");
	cr_assert(utf8_in_cp949(0xAC00) && utf8_in_cp949(0xD7A3) && utf8_in_cp949('?'));
	cr_assert(utf8_in_cp949(0x300C) && utf8_in_cp949(0x00B7)); /* 「 · */
	cr_assert(!utf8_in_cp949(0x2024) && !utf8_in_cp949(0x1F600));
	buf_release(&b);
}

Test(utf8, display_width)
{
	cr_assert_eq(utf8_display_width(""), 0);
	cr_assert_eq(utf8_display_width("abc"), 3);
	cr_assert_eq(utf8_display_width("경제"), 4);
	cr_assert_eq(utf8_display_width("경제정책과"), 10);
	cr_assert_eq(utf8_display_width("a경b"), 4);
	cr_assert_eq(utf8_display_width("2022년 9월"), 10);
	cr_assert_eq(utf8_display_width("1․2급"), 5);
	cr_assert_eq(utf8_display_width("△10"), 3);
}

Test(utf8, display_width_of_jamo_and_marks)
{
	/* compatibility jamo (ㅇ, used as a bullet) are wide */
	cr_assert_eq(utf8_display_width("ㅇ"), 2);
	/* a combining mark takes no column: e + U+0301 */
	cr_assert_eq(utf8_display_width("e\xCC\x81"), 1);
	/* invalid bytes count one each */
	cr_assert_eq(utf8_display_width("a\xFF\xFE"), 3);
}

Test(utf8, nfc_composes_decomposed_hangul)
{
	struct buf out;
	struct jy_err err;

	buf_init(&out);
	/* 경 as U+1100 U+1167 U+11BC, then 제 as U+110C U+1166 */
	cr_assert_eq(utf8_nfc("\xE1\x84\x80\xE1\x85\xA7\xE1\x86\xBC\xE1\x84\x8C\xE1\x85\xA6", &out,
			      &err),
		     0, "%s", err.msg);
	cr_assert_str_eq(out.data, "경제");
	cr_assert_eq(out.len, strlen("경제"));
	cr_assert_eq(utf8_display_width(out.data), 4);

	/* already NFC text is unchanged; out is reset first */
	cr_assert_eq(utf8_nfc("경제정책과 abc", &out, &err), 0);
	cr_assert_str_eq(out.data, "경제정책과 abc");
	cr_assert_eq(utf8_nfc("", &out, &err), 0);
	cr_assert_str_eq(out.data, "");
	cr_assert_eq(out.len, 0);
	buf_release(&out);
}

Test(utf8, nfc_refuses_invalid_utf8)
{
	struct buf out;
	struct jy_err err;

	buf_init(&out);
	cr_assert_eq(utf8_nfc("a\xC3(", &out, &err), JY_EINPUT);
	buf_release(&out);
}

Test(utf8, valid_and_bad_offset)
{
	size_t bad = 99;

	cr_assert(utf8_valid("경제 abc", strlen("경제 abc"), &bad));
	cr_assert(utf8_valid("", 0, NULL));
	cr_assert_not(utf8_valid("ab\xFF", 3, &bad));
	cr_assert_eq(bad, 2);
	/* truncated sequence: the first byte of 경 only */
	cr_assert_not(utf8_valid("경\xEA", 4, &bad));
	cr_assert_eq(bad, 3);
	/* overlong encoding of '/' and a surrogate */
	cr_assert_not(utf8_valid("\xC0\xAF", 2, &bad));
	cr_assert_eq(bad, 0);
	cr_assert_not(utf8_valid("x\xED\xA0\x80", 4, &bad));
	cr_assert_eq(bad, 1);
	/* an embedded NUL is valid UTF-8 when the length says so */
	cr_assert(utf8_valid("a\0b", 3, &bad));
}

/* The fast validator accepts exactly what utf8proc_iterate accepts, and
 * reports the same first bad offset; utf8_decode reads the same code points. */
Test(utf8, valid_agrees_with_utf8proc)
{
	static const unsigned char pieces[][4] = {{'a'},
						  {0xC3, 0xA9},
						  {0xEA, 0xB0, 0x80},
						  {0xF0, 0x9F, 0x98, 0x80},
						  {0x80},
						  {0xC0, 0xAF},
						  {0xE0, 0x80, 0xAF},
						  {0xED, 0xA0, 0x80},
						  {0xF4, 0x90, 0x80, 0x80},
						  {0xF5},
						  {0xFF},
						  {0xE2, 0x82},
						  {0xF0, 0x8F, 0xBF, 0xBF},
						  {0xC2},
						  {0x00}};
	static const int lens[] = {1, 2, 3, 4, 1, 2, 3, 3, 4, 1, 1, 2, 4, 1, 1};
	unsigned seed = 12345;

	for (int round = 0; round < 20000; round++) {
		unsigned char text[64];
		size_t len = 0;
		int parts = (int)((seed = seed * 1103515245 + 12345) >> 16) % 8;
		for (int k = 0; k < parts; k++) {
			int i = (int)((seed = seed * 1103515245 + 12345) >> 16) % 15;
			memcpy(text + len, pieces[i], (size_t)lens[i]);
			len += (size_t)lens[i];
		}
		/* the reference: utf8proc code point by code point; utf8_decode
		 * reads each the same */
		size_t i = 0, ref_bad = SIZE_MAX;
		while (i < len) {
			utf8proc_int32_t c;
			utf8proc_ssize_t n =
				utf8proc_iterate(text + i, (utf8proc_ssize_t)(len - i), &c);
			int cp = -2;
			int k = utf8_decode((const char *)text + i, len - i, &cp);
			cr_assert_eq(k, n > 0 ? (int)n : -1, "round %d at %zu", round, i);
			if (n <= 0) {
				ref_bad = i;
				break;
			}
			cr_assert_eq(cp, c, "round %d at %zu", round, i);
			i += (size_t)n;
		}
		size_t bad = SIZE_MAX;
		int ok = utf8_valid((const char *)text, len, &bad);
		cr_assert_eq(ok, ref_bad == SIZE_MAX, "round %d", round);
		if (!ok)
			cr_assert_eq(bad, ref_bad, "round %d: %zu vs %zu", round, bad, ref_bad);
	}
}

/* Every code point the quick check passes is NFC in any context, by
 * utf8proc's own data: combining class 0, unchanged by NFC, and never the
 * second element of a composition (the last code point of the canonical
 * decomposition of a character that NFC composes back). */
Test(utf8, nfc_quick_check_is_sound)
{
	static unsigned char second[0x110000];

	for (utf8proc_int32_t c = 0; c < 0x110000; c++) {
		utf8proc_int32_t d[8];
		int last;
		utf8proc_ssize_t n = utf8proc_decompose_char(c, d, 8, UTF8PROC_DECOMPOSE, &last);
		if (n < 2 || n > 8)
			continue;
		utf8proc_int32_t back = 0;
		utf8proc_uint8_t enc[64];
		size_t len = 0;
		for (utf8proc_ssize_t k = 0; k < n; k++)
			len += (size_t)utf8proc_encode_char(d[k], enc + len);
		enc[len] = 0;
		utf8proc_uint8_t *r = utf8proc_NFC(enc);
		if (r && utf8proc_iterate(r, -1, &back) > 0 && r[utf8proc_utf8class[r[0]]] == 0 &&
		    back == c)
			second[d[n - 1]] = 1;
		free(r);
	}
	cr_assert(second[0x0301] && second[0x1161] && second[0x11A8],
		  "the test finds second elements");
	int checked = 0;
	for (utf8proc_int32_t c = 1; c < 0x10000; c++) {
		utf8proc_uint8_t enc[8];
		utf8proc_ssize_t len = utf8proc_encode_char(c, enc);
		if ((c >= 0xD800 && c <= 0xDFFF) ||
		    !utf8_is_nfc_quick((const char *)enc, (size_t)len))
			continue;
		checked++;
		cr_assert_eq(utf8proc_get_property(c)->combining_class, 0, "U+%04X", c);
		cr_assert_not(second[c], "U+%04X combines with what precedes it", c);
		enc[len] = 0;
		utf8proc_uint8_t *r = utf8proc_NFC(enc);
		cr_assert_str_eq((const char *)r, (const char *)enc, "U+%04X changes under NFC", c);
		free(r);
	}
	cr_assert_gt(checked, 11000, "Hangul syllables alone are 11,172");
	/* and what it does not pass still gets normalised */
	struct buf out;
	struct jy_err err;
	buf_init(&out);
	cr_assert_eq(utf8_nfc_n("\xE1\x84\x80\xE1\x85\xA1!", 7, &out, &err), 0);
	cr_assert_str_eq(out.data, "\xEA\xB0\x80!"); /* ᄀ + ᅡ -> 가 */
	cr_assert_eq(utf8_nfc_n("e\xCC\x81", 3, &out, &err), 0);
	cr_assert_str_eq(out.data, "\xC3\xA9");
	cr_assert_eq(utf8_nfc_n("예산 ㎡ △10 「가」", strlen("예산 ㎡ △10 「가」"), &out, &err), 0);
	cr_assert_str_eq(out.data, "예산 ㎡ △10 「가」");
	buf_release(&out);
}

Test(utf8, decode)
{
	int cp = 0;
	cr_assert_eq(utf8_decode("경", 3, &cp), 3);
	cr_assert_eq(cp, 0xACBD);
	cr_assert_eq(utf8_decode("A", 1, &cp), 1);
	cr_assert_eq(cp, 'A');
	cr_assert_eq(utf8_decode("", 0, &cp), 0);
	cr_assert_eq(utf8_decode("\xEA\xB2", 2, &cp), -1);
}

Test(utf8, from_cp949)
{
	struct buf out;
	struct jy_err err;

	buf_init(&out);
	cr_assert_eq(
		utf8_from_cp949("\xB0\xE6\xC1\xA6\xC1\xA4\xC3\xA5\xB0\xFA", 10, &out, NULL, &err),
		0, "%s", err.msg);
	cr_assert_str_eq(out.data, "경제정책과");
	cr_assert_eq(utf8_from_cp949("abc", 3, &out, NULL, &err), 0);
	cr_assert_str_eq(out.data, "abc");
	cr_assert_eq(utf8_from_cp949("a\xFF", 2, &out, NULL, &err), JY_EINPUT);
	buf_release(&out);
}

/* glibc's CP949 steps over an undefined pair before it fails: the offset
 * given is the pair's start, never the length (found by fuzz_csv). */
Test(utf8, from_cp949_bad_offset_is_the_pair)
{
	struct buf out;
	struct jy_err err;
	size_t bad = 99;

	buf_init(&out);
	cr_assert_eq(utf8_from_cp949("\xA2\xE8", 2, &out, &bad, &err), JY_EINPUT);
	cr_assert_eq(bad, 0);
	cr_assert_eq(utf8_from_cp949("ab\xA2\xE8"
				     "cd",
				     6, &out, &bad, &err),
		     JY_EINPUT);
	cr_assert_eq(bad, 2);
	cr_assert_eq(utf8_from_cp949("a\xFF", 2, &out, &bad, &err), JY_EINPUT);
	cr_assert_eq(bad, 1);
	cr_assert_eq(utf8_from_cp949("\xB0\xE6\xB0", 3, &out, &bad, &err), JY_EINPUT);
	cr_assert_eq(bad, 2);
	buf_release(&out);
}

Test(utf8, from_cp949_long_input)
{
	/* more than iconv's 4 KiB output chunk */
	struct buf in, out;
	struct jy_err err;

	buf_init(&in);
	buf_init(&out);
	for (int i = 0; i < 2000; i++)
		buf_add(&in, "\xB0\xE6\xC1\xA6", 4);
	cr_assert_eq(utf8_from_cp949(in.data, in.len, &out, NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(out.len, 2000 * 6);
	cr_assert_eq(memcmp(out.data + out.len - 6, "경제", 6), 0);
	buf_release(&in);
	buf_release(&out);
}

/* ---- strmap ------------------------------------------------------------------ */

Test(strmap, empty)
{
	struct strmap m;
	size_t v = 7;

	strmap_init(&m);
	cr_assert_not(strmap_get(&m, "x", &v));
	cr_assert_eq(v, 7);
	cr_assert_eq(m.count, 0);
	strmap_release(&m);
	strmap_release(&m); /* twice is harmless */
}

Test(strmap, put_get_replace)
{
	struct strmap m;
	size_t v = 0;

	strmap_init(&m);
	strmap_put(&m, "econ-office", 1);
	strmap_put(&m, "경제정책과", 2);
	strmap_put(&m, "", 3);
	cr_assert_eq(m.count, 3);
	cr_assert(strmap_get(&m, "econ-office", &v));
	cr_assert_eq(v, 1);
	cr_assert(strmap_get(&m, "경제정책과", &v));
	cr_assert_eq(v, 2);
	cr_assert(strmap_get(&m, "", &v));
	cr_assert_eq(v, 3);
	cr_assert(strmap_get(&m, "econ-office", NULL));
	cr_assert_not(strmap_get(&m, "econ", &v));

	strmap_put(&m, "econ-office", 10);
	cr_assert_eq(m.count, 3, "replacing must not count twice");
	cr_assert(strmap_get(&m, "econ-office", &v));
	cr_assert_eq(v, 10);

	/* lookup is by content, not by pointer */
	char copy[] = "econ-office";
	cr_assert(strmap_get(&m, copy, &v));
	cr_assert_eq(v, 10);
	strmap_release(&m);
	cr_assert_eq(m.count, 0);
	cr_assert_not(strmap_get(&m, "econ-office", &v));
}

Test(strmap, add_keeps_the_first)
{
	struct strmap m;
	size_t old = 0, v = 0;

	strmap_init(&m);
	cr_assert_eq(strmap_add(&m, "k", 1, &old), 1);
	cr_assert_eq(strmap_add(&m, "k", 2, &old), 0);
	cr_assert_eq(old, 1);
	cr_assert(strmap_get(&m, "k", &v));
	cr_assert_eq(v, 1);
	cr_assert_eq(strmap_add(&m, "k", 3, NULL), 0);
	cr_assert_eq(m.count, 1);
	strmap_release(&m);
}

Test(strmap, grows_to_ten_thousand_keys)
{
	enum { N = 10000 };
	struct strmap m;
	struct arena a;
	const char *keys[N];
	size_t v;

	strmap_init(&m);
	arena_init(&a);
	for (size_t i = 0; i < N; i++) {
		keys[i] = arena_printf(&a, "key-%zu", i);
		if (i % 2)
			strmap_put(&m, keys[i], i * 3);
		else
			cr_assert_eq(strmap_add(&m, keys[i], i * 3, NULL), 1);
		cr_assert_eq(m.count, i + 1);
		/* an early key stays reachable across every growth */
		cr_assert(strmap_get(&m, keys[0], &v));
		cr_assert_eq(v, 0);
	}
	cr_assert_geq(m.cap, N, "cap %zu", m.cap);
	cr_assert_eq(m.cap & (m.cap - 1), 0, "cap %zu is not a power of two", m.cap);
	cr_assert_leq(m.count * 4, m.cap * 3, "load factor above 3/4");
	for (size_t i = 0; i < N; i++) {
		char probe[32];
		snprintf(probe, sizeof(probe), "key-%zu", i);
		cr_assert(strmap_get(&m, probe, &v), "%s lost", probe);
		cr_assert_eq(v, i * 3, "%s: %zu", probe, v);
	}
	cr_assert_not(strmap_get(&m, "key-10000", &v));
	cr_assert_not(strmap_get(&m, "key-", &v));
	/* replacing everything keeps the count */
	for (size_t i = 0; i < N; i++)
		strmap_put(&m, keys[i], i);
	cr_assert_eq(m.count, N);
	cr_assert(strmap_get(&m, "key-9999", &v));
	cr_assert_eq(v, 9999);
	strmap_release(&m);
	arena_release(&a);
}

/* ---- arena ------------------------------------------------------------------- */

Test(strmap, keys_inside_a_longer_text)
{
	struct strmap m;
	size_t v = 0;
	const char *text = "unit=econ-office;kind=actual";

	strmap_init(&m);
	strmap_put(&m, "econ-office", 4);
	strmap_put(&m, "econ", 5);
	cr_assert(strmap_getn(&m, text + 5, 11, &v)); /* "econ-office" without a NUL after it */
	cr_assert_eq(v, 4);
	cr_assert(strmap_getn(&m, text + 5, 4, &v)); /* "econ" */
	cr_assert_eq(v, 5);
	cr_assert_not(strmap_getn(&m, text + 5, 6, &v)); /* "econ-o" */
	cr_assert_not(strmap_getn(&m, text, 4, &v));	 /* "unit" */
	strmap_release(&m);
}

Test(strmap, reserve_hashed_add_and_iteration)
{
	struct strmap m;
	struct arena a;
	size_t seen = 0, sum = 0, v;

	strmap_init(&m);
	arena_init(&a);
	strmap_reserve(&m, 1000);
	size_t cap = m.cap;
	cr_assert_geq(cap * 3, 1000 * 4, "room for 1000 keys at load 3/4");
	for (size_t i = 0; i < 1000; i++) {
		const char *k = arena_printf(&a, "k%zu", i);
		cr_assert_eq(strmap_add_hashed(&m, k, strmap_hash(k, strlen(k)), i, NULL), 1);
	}
	cr_assert_eq(m.cap, cap, "reserved: no growth");
	cr_assert_eq(strmap_add_hashed(&m, "k7", strmap_hash("k7", 2), 99, &v), 0);
	cr_assert_eq(v, 7);
	STRMAP_FOREACH(&m, slot)
	{
		seen++;
		sum += slot->value;
		cr_assert_eq(slot->hash, strmap_hash(slot->key, strlen(slot->key)));
	}
	cr_assert_eq(seen, 1000);
	cr_assert_eq(sum, 999 * 1000 / 2);
	cr_assert_neq(strmap_hash("", 0), 0, "0 marks an empty slot");
	strmap_release(&m);
	arena_release(&a);
}

Test(arena, held_counts_the_blocks_and_reset_keeps_the_newest)
{
	struct arena a;
	arena_init(&a);
	cr_assert_eq(arena_held(&a), 0);
	arena_alloc(&a, 10);
	size_t one = arena_held(&a);
	cr_assert_geq(one, 10);
	arena_alloc(&a, one + 1); /* does not fit: a second block */
	cr_assert_gt(arena_held(&a), 2 * one);
	arena_reset(&a);
	size_t kept = arena_held(&a);
	cr_assert_gt(kept, one, "the newest (larger) block is kept");
	arena_alloc(&a, 10);
	cr_assert_eq(arena_held(&a), kept, "and used again");
	arena_release(&a);
	cr_assert_eq(arena_held(&a), 0);
}

Test(arena, alignment)
{
	struct arena a;
	const size_t align = alignof(max_align_t);
	static const size_t sizes[] = {1, 3, 7, 8, 15, 16, 17, 31, 33, 100, 1000, 4095};

	arena_init(&a);
	for (int round = 0; round < 50; round++)
		for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			void *p = arena_alloc(&a, sizes[i]);
			cr_assert_not_null(p);
			cr_assert_eq((uintptr_t)p % align, 0, "size %zu at %p not aligned to %zu",
				     sizes[i], p, align);
			/* the whole allocation is writable (ASan checks the bounds) */
			memset(p, 0xAB, sizes[i]);
		}
	/* size 0 still gives a usable, aligned pointer */
	void *z = arena_alloc(&a, 0);
	cr_assert_not_null(z);
	cr_assert_eq((uintptr_t)z % align, 0);
	arena_release(&a);
}

Test(arena, many_allocations_keep_their_contents)
{
	enum { N = 100000 };
	struct arena a;
	uint32_t **ptrs = malloc(N * sizeof(*ptrs));

	arena_init(&a);
	for (uint32_t i = 0; i < N; i++) {
		size_t words = 1 + i % 13;
		ptrs[i] = arena_alloc(&a, words * sizeof(uint32_t));
		for (size_t k = 0; k < words; k++)
			ptrs[i][k] = i * 31u + (uint32_t)k;
	}
	for (uint32_t i = 0; i < N; i++) {
		size_t words = 1 + i % 13;
		for (size_t k = 0; k < words; k++)
			cr_assert_eq(ptrs[i][k], i * 31u + (uint32_t)k, "allocation %u overwritten",
				     i);
	}
	/* distinct, non-overlapping: consecutive pointers in a block differ by at least the size */
	for (uint32_t i = 1; i < N; i++)
		cr_assert_neq(ptrs[i], ptrs[i - 1]);
	arena_release(&a);
	free(ptrs);
}

Test(arena, large_allocation_beyond_block_size)
{
	struct arena a;
	size_t big = 8 * 1024 * 1024;

	arena_init(&a);
	char *small = arena_alloc(&a, 10);
	memcpy(small, "before", 7);
	char *p = arena_alloc(&a, big);
	memset(p, 'x', big);
	cr_assert_eq(p[big - 1], 'x');
	char *after = arena_alloc(&a, 10);
	memcpy(after, "after", 6);
	cr_assert_str_eq(small, "before");
	cr_assert_str_eq(after, "after");
	arena_release(&a);
	/* usable again after release */
	cr_assert_null(a.head);
	cr_assert_not_null(arena_alloc(&a, 5));
	arena_release(&a);
}

Test(arena, zalloc_strdup_printf)
{
	struct arena a;

	arena_init(&a);
	/* dirty the arena first so zalloc must really clear */
	memset(arena_alloc(&a, 256), 0xFF, 256);
	unsigned char *z = arena_zalloc(&a, 300);
	for (int i = 0; i < 300; i++)
		cr_assert_eq(z[i], 0);
	char *s = arena_strdup(&a, "경제정책과");
	cr_assert_str_eq(s, "경제정책과");
	char *n = arena_strndup(&a, "abcdef", 3);
	cr_assert_str_eq(n, "abc");
	char *e = arena_strndup(&a, "x", 0);
	cr_assert_str_eq(e, "");
	char *f = arena_printf(&a, "%s=%d;%05.1f", "unit", 42, 3.14159);
	cr_assert_str_eq(f, "unit=42;003.1");
	char *empty = arena_printf(&a, "%s", "");
	cr_assert_str_eq(empty, "");
	arena_release(&a);
}

Test(mem, xgrow_doubles)
{
	int *items = NULL;
	size_t cap = 0;

	XGROW(items, cap, 1);
	cr_assert_geq(cap, 1);
	size_t first = cap;
	XGROW(items, cap, first); /* no growth needed */
	cr_assert_eq(cap, first);
	XGROW(items, cap, 1000);
	cr_assert_geq(cap, 1000);
	cr_assert_eq(cap & (cap - 1), 0, "cap %zu", cap);
	for (int i = 0; i < 1000; i++)
		items[i] = i;
	cr_assert_eq(items[999], 999);
	free(items);
	char *d = xstrdup("경제");
	cr_assert_str_eq(d, "경제");
	free(d);
}

/* ---- buf ---------------------------------------------------------------------- */

Test(arena, bytes_are_unpadded_and_aligned_allocations_stay_aligned)
{
	struct arena a;

	arena_init(&a);
	char *s1 = arena_strdup(&a, "ab");
	char *s2 = arena_strdup(&a, "cd");
	cr_assert_eq(s2, s1 + 3, "strings lie side by side");
	void *p = arena_alloc(&a, 24);
	cr_assert_eq((uintptr_t)p % alignof(max_align_t), 0);
	char *s3 = arena_bytes(&a, 1);
	double *d = arena_alloc(&a, sizeof(double));
	cr_assert_eq((uintptr_t)d % alignof(max_align_t), 0);
	*d = 1.5;
	*s3 = 'x';
	cr_assert_str_eq(s1, "ab");
	cr_assert_str_eq(s2, "cd");
	arena_release(&a);
}

Test(arena, reset_keeps_one_block_and_adopt_moves_everything)
{
	struct arena a, b;

	arena_init(&a);
	arena_init(&b);
	for (int i = 0; i < 2000; i++)
		arena_printf(&a, "scratch %d", i); /* several blocks */
	arena_reset(&a);
	char *p = arena_strdup(&a, "after reset");
	cr_assert_str_eq(p, "after reset");

	char *mine = arena_strdup(&b, "b's own");
	char *moved[500];
	for (int i = 0; i < 500; i++)
		moved[i] = arena_printf(&a, "moved %d", i);
	arena_adopt(&b, &a);
	char *later = arena_strdup(&b, "later");
	arena_release(&a); /* a is empty: the strings live in b now */
	cr_assert_str_eq(mine, "b's own");
	cr_assert_str_eq(later, "later");
	for (int i = 0; i < 500; i++) {
		char want[32];
		snprintf(want, sizeof(want), "moved %d", i);
		cr_assert_str_eq(moved[i], want);
	}
	arena_adopt(&b, &a); /* adopting an empty arena changes nothing */
	cr_assert_str_eq(later, "later");
	arena_release(&b); /* ASan: every block freed once */
}

/* ---- par --------------------------------------------------------------------------- */

static void add_index(void *p)
{
	int *slot = p;
	*slot += 1;
}

Test(par, runs_every_job_once)
{
	int slots[7] = {0};

	par_run(7, add_index, slots, sizeof(int));
	for (int i = 0; i < 7; i++)
		cr_assert_eq(slots[i], 1, "job %d ran %d times", i, slots[i]);
	par_run(1, add_index, slots, sizeof(int));
	cr_assert_eq(slots[0], 2);
	par_run(0, add_index, slots, sizeof(int));
	cr_assert_eq(slots[0], 2);
}

static void count_task(void *ctx, size_t task)
{
	atomic_int *counts = ctx;
	atomic_fetch_add(&counts[task], 1);
}

Test(par, for_runs_every_task_once_on_any_number_of_threads)
{
	const char *threads[] = {"1", "2", "4"};
	for (int t = 0; t < 3; t++) {
		atomic_int counts[1000];
		for (int i = 0; i < 1000; i++)
			atomic_init(&counts[i], 0);
		setenv("JIPYO_THREADS", threads[t], 1);
		par_for(1000, count_task, counts);
		for (int i = 0; i < 1000; i++)
			cr_assert_eq(atomic_load(&counts[i]), 1, "task %d on %s thread(s)", i,
				     threads[t]);
		par_for(0, count_task, counts); /* no task: nothing runs */
		cr_assert_eq(atomic_load(&counts[0]), 1);
	}
	unsetenv("JIPYO_THREADS");
}

Test(par, threads_from_the_environment)
{
	setenv("JIPYO_THREADS", "3", 1);
	cr_assert_eq(par_threads(), 3);
	setenv("JIPYO_THREADS", "0", 1); /* out of range: the CPUs */
	int cpus = par_threads();
	cr_assert_geq(cpus, 1);
	setenv("JIPYO_THREADS", "2x", 1);
	cr_assert_eq(par_threads(), cpus);
	unsetenv("JIPYO_THREADS");
	cr_assert_eq(par_threads(), cpus);
	/* a thread marked busy keeps its core; never fewer than one */
	setenv("JIPYO_THREADS", "4", 1);
	par_busy(1);
	cr_assert_eq(par_threads(), 3);
	cr_assert_eq(par_threads_total(), 4);
	par_busy(5);
	cr_assert_eq(par_threads(), 1);
	par_busy(-6);
	cr_assert_eq(par_threads(), 4);
	unsetenv("JIPYO_THREADS");
}

/* Control characters become visible symbols; everything else is kept. */
Test(utf8, add_visible_shows_control_characters)
{
	struct buf b;

	buf_init(&b);
	utf8_add_visible(&b, "a\x1B]0;t\x07\x1B[2J\n\t\x7F\xC2\x9B\xC2\xB7경제");
	cr_assert_str_eq(b.data, "a␛]0;t␇␛[2J␊␉␡\xEF\xBF\xBD·경제");
	buf_reset(&b);
	utf8_add_visible(&b, "plain 텍스트");
	cr_assert_str_eq(b.data, "plain 텍스트");
	buf_release(&b);
}

Test(buf, add_and_format)
{
	struct buf b;

	buf_init(&b);
	cr_assert_not_null(b.data);
	cr_assert_str_eq(b.data, "");
	buf_adds(&b, "ab");
	buf_addc(&b, 'c');
	buf_add(&b, "dexx", 2);
	buf_addf(&b, "-%d-%s", 7, "경제");
	cr_assert_str_eq(b.data, "abcde-7-경제");
	cr_assert_eq(b.len, strlen("abcde-7-경제"));
	buf_reset(&b);
	cr_assert_eq(b.len, 0);
	cr_assert_str_eq(b.data, "");
	buf_addf(&b, "%s", "");
	cr_assert_eq(b.len, 0);
	buf_release(&b);
	cr_assert_str_eq(b.data, "");
}

Test(buf, grows_and_detaches)
{
	struct buf b;

	buf_init(&b);
	for (int i = 0; i < 10000; i++)
		buf_addf(&b, "%04d", i);
	cr_assert_eq(b.len, 40000);
	cr_assert_eq(strncmp(b.data + 39996, "9999", 4), 0);
	cr_assert_eq(b.data[b.len], '\0');
	char *s = buf_detach(&b);
	cr_assert_eq(strlen(s), 40000);
	cr_assert_eq(b.len, 0);
	cr_assert_str_eq(b.data, "");
	free(s);
}

/* BUG (buf.c:52-57 buf_detach via buf_reserve): a buffer that never held a
 * byte gets fresh storage from xrealloc(NULL, …) that is never NUL-terminated,
 * so buf_detach returns an unterminated "string" (buf.h: always NUL-terminated). */
Test(buf, detach_empty_is_an_empty_string)
{
	struct buf b;

	buf_init(&b);
	char *s = buf_detach(&b);
	cr_assert_not_null(s);
	cr_assert_eq(s[0], '\0', "first byte is %#x", (unsigned char)s[0]);
	free(s);
}

Test(buf, detach_after_reset_is_an_empty_string)
{
	struct buf b;

	buf_init(&b);
	buf_adds(&b, "abc");
	buf_reset(&b);
	char *s = buf_detach(&b);
	cr_assert_str_eq(s, "");
	free(s);
}

Test(buf, padded_left_aligned_by_display_width)
{
	struct buf b;

	buf_init(&b);
	buf_add_padded(&b, "경제", 6, 0);
	buf_addc(&b, '|');
	buf_add_padded(&b, "abc", 6, 0);
	buf_addc(&b, '|');
	cr_assert_str_eq(b.data, "경제  |abc   |");
	cr_assert_eq(utf8_display_width(b.data), 14);
	buf_release(&b);
}

Test(buf, padded_right_aligned_by_display_width)
{
	struct buf b;

	buf_init(&b);
	buf_add_padded(&b, "경제", 6, 1);
	buf_addc(&b, '|');
	buf_add_padded(&b, "1,234", 8, 1);
	buf_addc(&b, '|');
	buf_add_padded(&b, "a경", 5, 1);
	cr_assert_str_eq(b.data, "  경제|   1,234|  a경");
	buf_release(&b);
}

Test(buf, padded_never_truncates)
{
	struct buf b;

	buf_init(&b);
	buf_add_padded(&b, "경제정책과", 4, 0);
	buf_add_padded(&b, "abc", 3, 1);
	buf_add_padded(&b, "", 2, 0);
	buf_add_padded(&b, "x", 0, 1);
	cr_assert_str_eq(b.data, "경제정책과abc  x");
	buf_release(&b);
}

/* One place maps error codes to exit codes: a lost database server is the
 * environment (3), as a full disk is, never bad input. */
Test(err, exit_codes)
{
	cr_assert_eq(jy_exit_of(JY_OK), 0);
	cr_assert_eq(jy_exit_of(JY_EINPUT), 2);
	cr_assert_eq(jy_exit_of(JY_ENOTFOUND), 2);
	cr_assert_eq(jy_exit_of(JY_EFULL), 3);
	cr_assert_eq(jy_exit_of(JY_ENOMEM), 3);
	cr_assert_eq(jy_exit_of(JY_ECONN), 3);
	cr_assert_neq(JY_ECONN, JY_EFULL);
	cr_assert_neq(JY_ECONN, JY_ENOMEM);
}
