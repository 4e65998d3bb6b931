/*
 * test_cover.c - unit tests of the coverage tokenizer (src/cover/cover_token.c)
 * on forms the seed report prints, and of the matcher (src/cover/cover.c) on
 * small packages built in memory against a report text written to a
 * temporary file.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cover/cover.h"

/* ---- the tokenizer ------------------------------------------------------- */

static struct cover_tokens T;
static const char *L;

static void tok(const char *line)
{
	cover_tokens_init(&T);
	L = line;
	cover_tokenize(line, strlen(line), 2022, &T);
}

static void tok_done(void)
{
	cover_tokens_release(&T);
}

/* The i-th token's text. */
static const char *text(size_t i)
{
	static char b[256];
	cr_assert_lt(i, T.n, "token %zu of \"%s\": only %zu tokens", i, L, T.n);
	snprintf(b, sizeof(b), "%.*s", (int)T.v[i].len, L + T.v[i].off);
	return b;
}

static void expect_texts(const char *line, const char *const *want, size_t n)
{
	tok(line);
	for (size_t i = 0; i < n && i < T.n; i++)
		cr_expect_str_eq(text(i), want[i], "\"%s\": token %zu", line, i);
	cr_expect_eq(T.n, n, "\"%s\": %zu tokens, expected %zu", line, T.n, n);
	tok_done();
}

#define TEXTS(line, ...)                                                                           \
	do {                                                                                       \
		const char *w_[] = {__VA_ARGS__};                                                  \
		expect_texts(line, w_, sizeof(w_) / sizeof(w_[0]));                                \
	} while (0)

static void expect_none(const char *line)
{
	tok(line);
	cr_expect_eq(T.n, 0, "\"%s\": %zu tokens, expected none (first: %s)", line, T.n,
		     T.n ? text(0) : "");
	tok_done();
}

static long long value(size_t i)
{
	struct dec d = T.v[i].num.value;
	cr_assert(T.v[i].has_num, "token %zu has no number", i);
	long long v = d.coef;
	for (int k = 0; k < d.scale; k++)
		v /= 10;
	return v;
}

Test(tokenize, korean_amounts_are_one_token_each)
{
	tok("ㅇ 조성규모 : 1조 4천억원 (市 5,339백만원)");
	cr_assert_eq(T.n, 2);
	cr_expect_str_eq(text(0), "1조 4천억원");
	cr_expect_eq(value(0), 1400000000000LL);
	cr_expect_str_eq(text(1), "5,339백만원");
	cr_expect_eq(value(1), 5339000000LL);
	cr_expect_eq(T.v[1].cls, COVER_QTY);
	tok_done();
}

Test(tokenize, rates_counts_areas_and_signs)
{
	TEXTS("집행률 80.4% 3개소 28팀 1,632.4㎡(지1~4층)", "80.4%", "3개소", "28팀", "1,632.4㎡",
	      "1", "4층");
	tok("정원 269 / 현원 259명 (△10)");
	cr_assert_eq(T.n, 3);
	cr_expect_str_eq(text(2), "△10");
	cr_expect_eq(value(2), -10);
	cr_expect(T.v[2].num.flags & KNUM_NEGATIVE_TRIANGLE);
	tok_done();
	TEXTS("도소매(전년 대비, 천명) : (3월) -47 → (5월) +2", "3월", "-47", "5월", "+2");
	TEXTS("(소비) 전월대비 △0.3%↓, 4개월 연속", "△0.3%", "4개월");
}

Test(tokenize, dates_and_ranges)
{
	tok("ㅇ 개최기간 : ’22.9.30~10.6 (7일간)");
	cr_assert_eq(T.n, 2);
	cr_expect_str_eq(text(0), "’22.9.30~10.6");
	cr_expect_eq(T.v[0].cls, COVER_DATE);
	cr_expect_eq(T.v[0].date.start.month, 9);
	cr_expect_eq(T.v[0].date.start.day, 30);
	cr_expect_eq(T.v[0].date.end.month, 10);
	cr_expect_eq(T.v[0].date.end.day, 6);
	cr_expect_str_eq(text(1), "7일간");
	tok_done();
	TEXTS("ㅇ 기간 : ’22.9.21(수) ~ 9.23(금), 3일간", "’22.9.21(수) ~ 9.23(금)", "3일간");
	TEXTS("(3·4차) 공고 : ~ ’22. 9.", "3·4차", "~ ’22. 9.");
	TEXTS("’20년 66.3%→ ’21년 69.8%", "’20년", "66.3%", "’21년", "69.8%");
	TEXTS("2019년~2022년(4년)", "2019년~2022년", "4년");
	tok("(8.23부터 사전등록 중)");
	cr_assert_eq(T.n, 1);
	cr_expect_str_eq(text(0), "8.23");
	cr_expect_eq(T.v[0].cls, COVER_DATE, "a number before 부터 is a date");
	tok_done();
	TEXTS("’22년 중소패션업체", "’22년");
}

Test(tokenize, a_point_number_without_marker_is_a_number_with_a_date_reading)
{
	tok("재해구호기금 지원(3.24)");
	cr_assert_eq(T.n, 1);
	cr_expect_eq(T.v[0].cls, COVER_QTY);
	cr_expect(T.v[0].has_date, "3.24 may be 24 March");
	cr_expect_eq(T.v[0].date.start.month, 3);
	cr_expect_eq(T.v[0].date.start.day, 24);
	tok_done();
	tok("68.6");
	cr_expect_eq(T.v[0].cls, COVER_QTY);
	tok_done();
}

Test(tokenize, structure_is_not_a_token)
{
	expect_none("1.  기업수요 맞춤형 민간연계 취업지원 강화");
	expect_none(" 2. 글로벌 경쟁력을 갖춘 ");
	expect_none("1 청년취업사관학교 조성·운영 추진현황 및 향후계획");
	TEXTS("2 ‘2022 서울뷰티위크’ - Seoul Beauty Month 개최", "2022");
	expect_none("- 3 -");
	expect_none("①① 청년취업사관학교 ❶ 교육과정 Ⅳ. 주요 업무보고");
	expect_none("2)");
	TEXTS(" 1) 경제정책실 소속 교류파견자 2명 포함", "2명");
	expect_none("스타트업의 스케일업1)을 지원");
}

Test(tokenize, a_footnote_marker_glued_to_a_figure_is_split_off)
{
	TEXTS("경 제 정 책 과 35/361) (17) 26/31", "35", "36", "17", "26", "31");
}

Test(tokenize, ordinals_names_times_and_locators_are_labels)
{
	tok("제314회 시의회 임시회 ’22.09.22. (목) 10:00");
	cr_assert_eq(T.n, 3);
	cr_expect_str_eq(text(0), "제314회");
	cr_expect_eq(T.v[0].label, COVER_LABEL_ORDINAL);
	cr_expect_eq(T.v[1].cls, COVER_DATE);
	cr_expect_str_eq(text(2), "10:00");
	cr_expect_eq(T.v[2].label, COVER_LABEL_TIME);
	tok_done();
	TEXTS("「청년고용촉진특별법」제8조의 2", "제8조의 2");
	TEXTS("코로나19 이전 대비, 4차 산업혁명", "코로나19", "4차");
	tok("‣위치: 가산로 70‣면적: 1,632.4㎡");
	cr_assert_eq(T.n, 2);
	cr_expect_eq(T.v[0].label, COVER_LABEL_LOCATOR);
	cr_expect_eq(T.v[1].cls, COVER_QTY);
	tok_done();
	TEXTS("회기로 117-3, 소파로 126, 130", "117-3", "126", "130");
	TEXTS("「1 자치구 1 청년취업사관학교」조성", "1 자치구 1 청년취업사관학교");
	TEXTS("Tech4Good Pitching, 5G 기반, 3D 버추얼", "Tech4Good", "5G", "3D");
	tok("글로벌 스타트업 축제 ‘Try Everything 2022’ 개최");
	cr_assert_eq(T.n, 1);
	cr_expect_eq(T.v[0].label, COVER_LABEL_NAME);
	tok_done();
	TEXTS("1․2급 3 ․ 4급 (1·2차)", "1․2급", "3 ․ 4급", "1·2차");
}

Test(tokenize, quantity_prefixes_glued_to_numbers)
{
	TEXTS("지하2층~10층, B2층~5층", "2층", "10층", "2층", "5층");
	TEXTS("(국 55억, 시30억, 구69억)", "55억", "30억", "69억");
	TEXTS("주1회 콘텐츠", "1회");
}

Test(tokenize, series_year_labels)
{
	tok("－ 고용률(7월,%) : (19) 60.8 → (20) 59.5");
	cr_assert_eq(T.n, 5);
	cr_expect_str_eq(text(1), "(19)");
	cr_expect_eq(T.v[1].cls, COVER_DATE);
	cr_expect_eq(T.v[1].date.start.year, 2019);
	cr_expect_str_eq(text(2), "60.8");
	tok_done();
}

Test(tokenize, table_cells_and_spaced_words_stay_apart)
{
	TEXTS("합계 4조 4,075억 8,893", "4조 4,075억", "8,893");
	TEXTS("계 269/259 여성(140) 233/230", "269", "259", "140", "233", "230");
	TEXTS("20 ~ 30대 청년", "20", "30대");
	TEXTS("약 6개월, 4억 원 이하", "약 6개월", "4억 원");
	TEXTS("(10개월→12개월)", "10개월", "12개월");
}

Test(tokenize, the_start_of_a_range_takes_its_end_s_unit)
{
	tok("결선시상금 1~1.5억원(14팀)");
	cr_assert_eq(T.n, 3);
	cr_expect_str_eq(text(0), "1");
	cr_expect(T.v[0].has_num2);
	cr_expect_eq(T.v[0].num2.value.coef, 100000000);
	tok_done();
}

Test(tokenize, bad_bytes_and_long_digit_runs_do_not_break_it)
{
	const char bad[] = "12\xff\xfe 3개 \xe2\x80";
	cover_tokens_init(&T);
	cover_tokenize(bad, sizeof(bad) - 1, 2022, &T);
	cr_expect_geq(T.n, 1);
	cover_tokens_release(&T);
	tok("99999999999999999999999999999 7명");
	cr_expect_eq(T.n, 1);
	cr_expect_str_eq(text(0), "7명");
	tok_done();
}

/* ---- the matcher ------------------------------------------------------- */

static struct model M;
static struct factset FS; /* M's, as validation would give it (facts and dates) */
static char seed_dir[] = "/tmp/jipyo-cover-XXXXXX";
static char seed_path[512];
static long next_line[RES_COUNT];

static void setup(void)
{
	model_init(&M);
	for (int i = 0; i < RES_COUNT; i++)
		next_line[i] = 2;
	cr_assert_not_null(mkdtemp(seed_dir));
	snprintf(seed_path, sizeof(seed_path), "%s/r.txt", seed_dir);
}

static void teardown(void)
{
	factset_release(&FS);
	model_release(&M);
	unlink(seed_path);
	rmdir(seed_dir);
	strcpy(seed_dir, "/tmp/jipyo-cover-XXXXXX");
}

static void add(enum resource_id r, const char *const *v)
{
	model_add_row(&M, r, v, next_line[r]++);
}

static void seed(const char *text)
{
	FILE *f = fopen(seed_path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

/* A fact of a measure of its own, in the unit it is printed in, with the
 * value its printed form reads as (so that the factset takes it). */
static void fact(const char *printed, const char *period, const char *source)
{
	struct knum k;
	struct jy_err e;
	char id[16], value[64];

	cr_assert_eq(knum_parse(printed, &k, &e), 0, "%s", e.msg);
	snprintf(id, sizeof(id), next_line[RES_FACTS] == 2 ? "m" : "m%ld", next_line[RES_FACTS]);
	dec_str(k.value, value);
	const char *unit = *k.unit ? k.unit : "개";
	const char *mv[JY_CSV_COLUMNS_MAX] = {id, id, "", unit, unit, "1", "", "stock", "exact"};
	add(RES_MEASURES, mv);
	const char *v[JY_CSV_COLUMNS_MAX] = /* provenance columns empty */ {
		id, "", period, "actual", "", value, printed, source};
	add(RES_FACTS, v);
}

static const struct factset *fs(void)
{
	struct diag d = {.out = stderr};
	factset_release(&FS);
	cr_assert_eq(factset_build(&FS, &M, &d), 0);
	model_dates_build(&FS.dates, &M, &FS);
	return &FS;
}

static void text_row(const char *text, const char *source)
{
	char seq[16];
	snprintf(seq, sizeof(seq), "%ld", next_line[RES_TEXTS]);
	const char *v[] = {"n", "status", seq, "1", "ㅇ", text, source};
	add(RES_TEXTS, v);
}

static void milestone(const char *title, const char *when, const char *source)
{
	char seq[16];
	snprintf(seq, sizeof(seq), "%ld", next_line[RES_MILESTONES]);
	const char *v[] = {"n", seq, title, when, "done", "2022-09-22", "", source};
	add(RES_MILESTONES, v);
}

static void reason(const char *source, const char *token)
{
	const char *v[] = {source, token, "name", "why"};
	add(RES_UNCOVERED, v);
}

static const struct cover_item *item(const struct cover_report *r, long line, const char *token)
{
	for (size_t i = 0; i < r->n_items; i++)
		if (r->items[i].line == line && strcmp(r->items[i].token, token) == 0)
			return &r->items[i];
	cr_assert_fail("no token \"%s\" on line %ld", token, line);
	return NULL;
}

TestSuite(cover, .init = setup, .fini = teardown);

Test(cover, facts_carry_quantities_once_each_by_value)
{
	struct cover_report r;
	struct jy_err e;

	seed("제목\n(6팀) (5팀) (5팀) 53억 3,900만원\n");
	fact("6팀", "2022", "r.txt:2");
	fact("5팀", "2022", "r.txt:2");
	fact("5,339백만원", "2022", "r.txt:2"); /* the same amount, printed otherwise */
	cr_assert_eq(cover_run(&M, fs(), seed_path, &r, &e), 0, "%s", e.msg);
	cr_expect_eq(r.n_items, 4);
	cr_expect_eq(item(&r, 2, "6팀")->status, COVER_COVERED);
	cr_expect_eq(item(&r, 2, "53억 3,900만원")->status, COVER_COVERED);
	/* two 5팀 printed, one fact: one stays uncovered */
	cr_expect_eq(r.covered, 3);
	cr_expect_eq(r.missing, 1);
	cr_expect_eq(cover_share_permille(&r), 750);
	cover_report_release(&r);
}

Test(cover, a_fact_on_another_line_or_of_another_value_does_not_count)
{
	struct cover_report r;
	struct jy_err e;

	seed("합계 120개사\n예산 43억원\n");
	fact("120개사", "2022", "r.txt:1");
	fact("44억원", "2022", "r.txt:2");
	fact("43억원", "2022", "other.txt:2");
	cr_assert_eq(cover_run(&M, fs(), seed_path, &r, &e), 0, "%s", e.msg);
	cr_expect_eq(item(&r, 1, "120개사")->status, COVER_COVERED);
	cr_expect_eq(item(&r, 2, "43억원")->status, COVER_MISSING);
	cover_report_release(&r);
}

Test(cover, dates_by_milestones_and_periods_labels_by_rows)
{
	struct cover_report r;
	struct jy_err e;

	seed("ㅇ 참여기업 배치 : ’22.9~12.\n"
	     "(’22.8.29. 기준) 정원 269\n"
	     "「서울특별시 일자리정책 기본조례」제6조, 인원 6명\n");
	milestone("참여기업 배치", "’22.9~12.", "r.txt:1");
	fact("269", "2022-08-29", "r.txt:2");
	text_row("「서울특별시 일자리정책 기본조례」제6조, 인원 6명", "r.txt:3");
	cr_assert_eq(cover_run(&M, fs(), seed_path, &r, &e), 0, "%s", e.msg);
	cr_expect_eq(item(&r, 1, "’22.9~12.")->status, COVER_COVERED);
	cr_expect_eq(item(&r, 2, "’22.8.29. 기준")->status, COVER_COVERED);
	cr_expect_str_eq(item(&r, 2, "’22.8.29. 기준")->by, "period of fact m{} @2022-08-29");
	cr_expect_eq(item(&r, 3, "제6조")->status, COVER_COVERED);
	/* a quantity only a text prints is not covered */
	cr_expect_eq(item(&r, 3, "6명")->status, COVER_MISSING);
	cover_report_release(&r);
}

Test(cover, reasons_explain_and_stale_reasons_are_listed)
{
	struct cover_report r;
	struct jy_err e;

	seed("1인 최대 15백만원\n");
	fact("15백만원", "2022", "r.txt:1");
	reason("r.txt:1", "1인");
	reason("r.txt:1", "15백만원"); /* covered: the reason is stale */
	reason("r.txt:1", "2인");      /* no such token */
	cr_assert_eq(cover_run(&M, fs(), seed_path, &r, &e), 0, "%s", e.msg);
	cr_expect_eq(item(&r, 1, "1인")->status, COVER_EXPLAINED);
	cr_expect_str_eq(item(&r, 1, "1인")->category, "name");
	cr_expect_eq(r.explained, 1);
	cr_expect_eq(r.missing, 0);
	cr_expect_eq(r.n_unused, 2);
	cover_report_release(&r);
}

Test(cover, bad_seeds_are_input_errors)
{
	struct cover_report r;
	struct jy_err e;

	fact("1", "2022", "r.txt:1");
	cr_expect_eq(cover_run(&M, fs(), "/nonexistent/r.txt", &r, &e), JY_ENOTFOUND);
	cover_report_release(&r);
	seed("ok\n\xff\xfe\n");
	cr_expect_eq(cover_run(&M, fs(), seed_path, &r, &e), JY_EINPUT);
	cr_expect_eq(e.line, 2);
	cover_report_release(&r);
	/* a text the package does not cite */
	model_release(&M);
	model_init(&M);
	fact("1", "2022", "other.txt:1");
	seed("1개\n");
	cr_expect_eq(cover_run(&M, fs(), seed_path, &r, &e), JY_EINPUT);
	cr_expect(strstr(e.msg, "no row of the package cites") != NULL, "%s", e.msg);
	cover_report_release(&r);
}
