/*
 * test_jamo.c - unit tests of jamo decomposition and the bounded edit
 * distance (src/base/jamo.c).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "base/jamo.h"

static size_t units(const char *s, int *out)
{
	return jamo_decompose(s, strlen(s), out, 64);
}

static int dist(const char *a, const char *b, int limit)
{
	int ua[64], ub[64];
	size_t na = units(a, ua), nb = units(b, ub);
	return jamo_distance(ua, na, ub, nb, limit);
}

Test(jamo, syllables_decompose_by_unicode_arithmetic)
{
	int u[16];
	/* 한 = ㅎ(U+1112) ㅏ(U+1161) ㄴ(U+11AB); 가 has no final */
	cr_assert_eq(units("한가", u), 5);
	cr_expect_eq(u[0], 0x1112);
	cr_expect_eq(u[1], 0x1161);
	cr_expect_eq(u[2], 0x11AB);
	cr_expect_eq(u[3], 0x1100);
	cr_expect_eq(u[4], 0x1161);
	/* the last syllable 힣 = ㅎ ㅣ ㅎ */
	cr_assert_eq(units("힣", u), 3);
	cr_expect_eq(u[0], 0x1112);
	cr_expect_eq(u[1], 0x1175);
	cr_expect_eq(u[2], 0x11C2);
}

Test(jamo, latin_is_case_folded_other_code_points_kept)
{
	int u[16];
	cr_assert_eq(units("Ab·1", u), 4);
	cr_expect_eq(u[0], 'a');
	cr_expect_eq(u[1], 'b');
	cr_expect_eq(u[2], 0xB7);
	cr_expect_eq(u[3], '1');
	cr_assert_eq(units("\xff", u), 1);
	cr_expect_eq(u[0], 0xFFFD);
	cr_expect_eq(jamo_decompose("한국어", strlen("한국어"), u, 4), 4, "bounded by max");
}

Test(jamo, one_jamo_apart)
{
	cr_expect_eq(dist("함게하는", "함께하는", 1), 1); /* ㄱ / ㄲ */
	cr_expect_eq(dist("온프라인", "오프라인", 1), 1); /* an extra final ㄴ */
	cr_expect_eq(dist("학과", "학교", 1), 1);	  /* ㅘ / ㅛ */
	cr_expect_eq(dist("청년취업사관학교", "청년취업사관학교", 1), 0);
	cr_expect_eq(dist("정책", "정착", 3), 1);
}

Test(jamo, transpositions_count_once_and_the_limit_cuts_off)
{
	cr_expect_eq(dist("Beuaty", "Beauty", 1), 1);
	cr_expect_eq(dist("SEOUL", "seoul", 1), 0);
	cr_expect_eq(dist("종합평가", "종합형", 1), 2, "limit + 1 when beyond");
	cr_expect_eq(dist("종합평가", "종합형", 5), 3);
	cr_expect_eq(dist("abcdef", "ab", 1), 2);
	cr_expect_eq(dist("", "", 1), 0);
}
