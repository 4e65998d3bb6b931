/*
 * test_terms.c - unit tests of the term check (src/check/terms.c) on small
 * packages built in memory: near-misses of the report's own names are
 * warnings with their sources; spelling the name right, a particle, a short
 * word or a word printed often is not.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "check/terms.h"

static struct model M;
static struct check_result R;
static long next_line[RES_COUNT];

static void setup(void)
{
	model_init(&M);
	memset(&R, 0, sizeof(R));
	arena_init(&R.arena);
	for (int i = 0; i < RES_COUNT; i++)
		next_line[i] = 2;
}

static void teardown(void)
{
	free(R.findings);
	arena_release(&R.arena);
	model_release(&M);
}

TestSuite(terms, .init = setup, .fini = teardown);

static void node(const char *id, const char *title)
{
	const char *v[] = {id, "", "program", "1", "", title, "", "", "r.txt:1"};
	model_add_row(&M, RES_NODES, v, next_line[RES_NODES]++);
}

static void text(const char *t, const char *source)
{
	char seq[16];
	snprintf(seq, sizeof(seq), "%ld", next_line[RES_TEXTS]);
	const char *v[] = {"n", "status", seq, "1", "ㅇ", t, source};
	model_add_row(&M, RES_TEXTS, v, next_line[RES_TEXTS]++);
}

/* The sources of f's targets, "A;B". */
static const char *sources(const struct finding *f)
{
	static struct buf b;
	const char **list;
	size_t n = check_sources(&R, f, &list);
	if (!b.data)
		buf_init(&b);
	buf_reset(&b);
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s%s", i ? ";" : "", list[i]);
	free(list);
	return b.data ? b.data : "";
}

static const struct finding *only(void)
{
	cr_assert_eq(R.n_findings, 1, "%zu findings", R.n_findings);
	return &R.findings[0];
}

Test(terms, a_word_one_jamo_from_a_title_is_a_warning)
{
	node("n", "청년취업사관학교 조성·운영");
	text("청년취업사관핵교 3개소 운영", "r.txt:7");
	text("청년취업사관학교를 조성", "r.txt:8");
	check_terms(&M, &R);
	const struct finding *f = only();
	/* the word as a typed target: a span of the text's cell, not the message */
	cr_assert_eq(f->n_targets, 1);
	cr_expect_eq(f->targets[0].type, TARGET_SPAN);
	cr_expect_eq(f->targets[0].res, RES_TEXTS);
	cr_expect_eq(f->targets[0].offset, 0);
	cr_expect_str_eq(f->targets[0].text, "청년취업사관핵교");
	cr_expect_eq(f->targets[0].length, strlen("청년취업사관핵교"));
	cr_expect_eq(f->severity, SEV_WARNING);
	cr_expect_str_eq(f->rule, "term-check");
	cr_expect_str_eq(f->expr, "청년취업사관핵교 ≈ 청년취업사관학교");
	cr_expect_str_eq(sources(f), "r.txt:7");
	struct buf m;
	buf_init(&m);
	check_message(f, 1, &m);
	cr_expect(strstr(m.data, "nodes.title_ko") != NULL, "%s", m.data);
	buf_release(&m);
}

Test(terms, latin_names_printed_twice_are_the_glossary)
{
	text("Try Everything 2022 개최", "r.txt:1");
	text("채널명 Try Everything 2022", "r.txt:2");
	text("Try Everyting 홍보", "r.txt:3");
	check_terms(&M, &R);
	const struct finding *f = only();
	cr_expect_str_eq(f->expr, "Everyting ≈ Everything");
	cr_expect_str_eq(sources(f), "r.txt:3");
}

Test(terms, places_from_fields_join_the_glossary)
{
	const char *fv[] = {"n", "1", "위치", "동대문디자인플라자", "r.txt:1"};
	model_add_row(&M, RES_FIELDS, fv, 2);
	text("동대문디자인플러자에서 개최", "r.txt:4");
	check_terms(&M, &R);
	cr_expect_str_eq(only()->expr, "동대문디자인플러자에서 ≈ 동대문디자인플라자");
}

Test(terms, no_warning_for_particles_short_words_or_repeated_spellings)
{
	node("n", "서울형 강소기업 선정을 지원");
	text("강소기업을 선정으로 이어감", "r.txt:2"); /* particles: 을/으로 */
	text("정착 지원", "r.txt:3");		       /* short: 정책/정착 */
	text("강소기엄 강소기엄 강소기엄", "r.txt:4"); /* printed thrice: the report's own */
	check_terms(&M, &R);
	cr_expect_eq(R.n_findings, 0, "first: %s", R.n_findings ? R.findings[0].expr : "");
}

Test(terms, a_slip_printed_twice_names_each_source_once)
{
	node("n", "청년취업사관학교 조성·운영");
	text("청년취업사관핵교 청년취업사관핵교", "r.txt:7"); /* twice on one line */
	check_terms(&M, &R);
	cr_expect_str_eq(sources(only()), "r.txt:7");
	free(R.findings);
	memset(&R.findings, 0, sizeof(R.findings));
	R.n_findings = R.cap_findings = 0;

	text("청년취업사관핵교 운영", "r.txt:9"); /* now thrice: the report's own spelling */
	check_terms(&M, &R);
	cr_expect_eq(R.n_findings, 0);
}

Test(terms, a_slip_on_two_lines_names_both)
{
	node("n", "청년취업사관학교 조성·운영");
	text("청년취업사관핵교 3개소", "r.txt:7");
	text("청년취업사관핵교 운영", "r.txt:9");
	check_terms(&M, &R);
	cr_expect_str_eq(sources(only()), "r.txt:7;r.txt:9");
}
