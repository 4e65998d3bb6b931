/*
 * test_render.c - unit tests of the report outline (src/render/outline.c),
 * the table views (table.c) and both renderers on a small model built in
 * memory: document order and page breaks, blocks placed by source line,
 * columns by period, findings marked on cells and on tokens in text, facts
 * shown as figures, HTML escaping, and Markdown headings printed once.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "render/outline.h"
#include "render/report.h"

static struct model M;
static struct check_result R;
static struct outline O;
static int built;

static void setup(void)
{
	model_init(&M);
	memset(&R, 0, sizeof(R));
	built = 0;
}

static void teardown(void)
{
	if (built) {
		outline_release(&O);
		check_result_release(&R);
	}
	model_release(&M);
}

TestSuite(render, .init = setup, .fini = teardown);

static void add(enum resource_id r, const char *const *v)
{
	model_add_row(&M, r, v, 0);
}

static void node(const char *id, const char *parent, const char *kind, const char *seq,
		 const char *number, const char *title, const char *line)
{
	char src[32];
	snprintf(src, sizeof(src), "r.txt:%s", line);
	const char *v[] = {id, parent, kind, seq, number, title, "", "", src};
	add(RES_NODES, v);
}

static void text(const char *nd, const char *seq, const char *depth, const char *marker,
		 const char *t, const char *line)
{
	char src[32];
	snprintf(src, sizeof(src), "r.txt:%s", line);
	const char *v[] = {nd, "status", seq, depth, marker, t, src};
	add(RES_TEXTS, v);
}

static void fact(const char *measure, const char *coords, const char *period, const char *table,
		 const char *value, const char *printed, const char *line)
{
	char src[32];
	snprintf(src, sizeof(src), "r.txt:%s", line);
	const char *v[JY_CSV_COLUMNS_MAX] = /* provenance columns empty */ {
		measure, coords, period, "actual", table, value, printed, src};
	add(RES_FACTS, v);
}

static void rule(const char *id, const char *expr)
{
	const char *v[] = {id, "sum", "", expr, "", "error", "합이 맞지 않음", "does not add up",
			   ""};
	add(RES_RULES, v);
}

/*
 * A cover, section Ⅰ with a two-period table whose total fails, and section
 * Ⅱ with an area and two programs: p1 prints "총 35개" in a text (a fact
 * that fails a bound) and has a fact printed nowhere (a figure).
 */
static void report_model(const char *extra_text)
{
	node("cover", "", "section", "1", "", "회의", "1");
	node("sec", "", "section", "2", "Ⅰ", "일반현황", "10");
	node("work", "", "section", "3", "Ⅱ", "주요업무", "50");
	node("a1", "work", "area", "1", "1", "분야", "51");
	node("p2", "a1", "program", "2", "2", "둘째 사업", "80");
	node("p1", "a1", "program", "1", "1", "첫째 사업", "60");
	text("sec", "1", "0", "□", "예산 현황", "11");
	text("sec", "2", "1", "ㅇ", "표 다음의 설명", "30");
	text("p1", "1", "1", "ㅇ", extra_text ? extra_text : "총 35개 설치 (목표 40개)", "61");
	const char *d[] = {"item", "항목", "", "members"};
	add(RES_DIMENSIONS, d);
	const char *mt[] = {"item", "total", "", "1", "계", ""};
	const char *ma[] = {"item", "a", "total", "2", "가", ""};
	const char *mb[] = {"item", "b", "total", "3", "나", ""};
	const char *mc[] = {"item", "sites", "", "4", "개소", ""};
	add(RES_MEMBERS, mt);
	add(RES_MEMBERS, ma);
	add(RES_MEMBERS, mb);
	add(RES_MEMBERS, mc);
	const char *ms[] = {"m", "금액", "", "명", "명", "1", "item", "flow", "exact", ""};
	add(RES_MEASURES, ms);
	fact("m", "item=total", "2021", "t1", "10", "10", "20");
	fact("m", "item=a", "2021", "t1", "4", "4", "21");
	fact("m", "item=b", "2021", "t1", "5", "5", "22");
	fact("m", "item=total", "2022", "t1", "13", "13", "20");
	fact("m", "item=a", "2022", "t1", "6", "6", "21");
	fact("m", "item=b", "2022", "t1", "6", "6", "22");
	fact("m", "item=sites", "2022", "", "35", "35개", "61");
	fact("m", "item=a", "2023", "", "7", "7명", "62");
	rule("t1-sum", "m{item=total} = sum(m by item)");
	rule("sites-le", "m{item=sites} <= 30");
}

static void build(void)
{
	struct jy_err err;
	FILE *null = fopen("/dev/null", "w");
	cr_assert_not_null(null);
	int rc = check_run(&M, NULL, &R, null, &err);
	fclose(null);
	cr_assert_eq(rc, 0, "check_run: %s", err.msg);
	outline_build(&O, &M, &R);
	built = 1;
}

static long find_node(const char *id)
{
	for (size_t i = 0; i < O.n_nodes; i++)
		if (strcmp(O.nodes[i].id, id) == 0)
			return (long)i;
	cr_assert_fail("no node %s", id);
	return -1;
}

Test(render, nodes_in_document_order_with_page_breaks)
{
	report_model(NULL);
	build();
	const char *want[] = {"cover", "sec", "work", "a1", "p1", "p2"};
	cr_assert_eq(O.n_nodes, 6);
	for (size_t i = 0; i < 6; i++)
		cr_assert_str_eq(O.nodes[i].id, want[i], "node %zu is %s", i, O.nodes[i].id);
	cr_assert(O.nodes[0].cover);
	cr_assert_not(O.nodes[1].cover);
	/* Ⅰ follows the cover on a new page; areas and programs start pages */
	cr_assert(O.nodes[1].page_break && O.nodes[2].page_break);
	cr_assert(O.nodes[3].page_break && O.nodes[4].page_break && O.nodes[5].page_break);
	cr_assert_eq(O.nodes[4].depth, 2);
	cr_assert_str_eq(outline_number(&O, &O.nodes[1]), "Ⅰ.");
	cr_assert_str_eq(outline_number(&O, &O.nodes[3]), "1.");
	cr_assert_str_eq(outline_number(&O, &O.nodes[4]), "1");
}

Test(render, a_table_goes_after_the_text_printed_before_it)
{
	report_model(NULL);
	build();
	const struct onode *sec = &O.nodes[find_node("sec")];
	cr_assert_eq(sec->n_blocks, 3);
	cr_assert_eq(sec->blocks[0].kind, BLOCK_TEXT);	/* line 11 */
	cr_assert_eq(sec->blocks[1].kind, BLOCK_TABLE); /* facts from line 20 */
	cr_assert_eq(sec->blocks[2].kind, BLOCK_TEXT);	/* line 30 */
	cr_assert_eq(O.n_other_tables, 0);
}

Test(render, periods_become_columns)
{
	report_model(NULL);
	build();
	cr_assert_eq(O.n_tables, 1);
	const struct table_view *v = &O.tables[0];
	cr_assert_eq(v->n_rows, 3);
	cr_assert_eq(v->n_cols, 2);
	cr_assert_str_eq(v->col_sub[0], "’21년"); /* as the report prints years */
	cr_assert_str_eq(v->col_sub[1], "’22년");
	cr_assert_str_eq(v->row_labels[0], "계");
	cr_assert(v->row_total[0]);
	cr_assert_not(v->row_total[1]);
	cr_assert_str_eq(v->cells[1 * 2 + 1], "6"); /* 가, 2022 */
	cr_assert_str_eq(v->period, "");
}

Test(render, periods_print_as_the_report_does)
{
	struct arena a;
	arena_init(&a);
	cr_assert_str_eq(table_period_text(&a, "2022-08-29"), "’22.8.29.");
	cr_assert_str_eq(table_period_text(&a, "2022"), "’22년");
	cr_assert_str_eq(table_period_text(&a, "2019..2022"), "’19~’22");
	cr_assert_str_eq(table_period_text(&a, "2022-01..2022-07"), "’22.1~7.");
	cr_assert_str_eq(table_period_text(&a, "2022-09-21..2022-09-23"), "’22.9.21~9.23.");
	cr_assert_str_eq(table_period_text(&a, "상반기"), "상반기"); /* no ISO period: as is */
	arena_release(&a);
}

/* Without tables.csv the caption is the measure's name and the unit and
 * period in the report's words: never the id, never an ISO date. */
Test(render, a_caption_without_tables_csv_shows_no_id)
{
	report_model(NULL);
	build();
	struct table_caption c;
	outline_caption(&O, &O.tables[0], &c);
	cr_assert_str_eq(c.title, "금액");
	cr_assert_str_eq(c.note, "(단위 : 명)");
	struct buf md;
	struct report_opts clean = {.clean = 1}; /* the findings list names rules by id */
	buf_init(&md);
	report_markdown(&M, &R, &clean, &md);
	cr_assert_null(strstr(md.data, "t1"), "the table id is printed");
	cr_assert_null(strstr(md.data, "표 Table"));
	buf_release(&md);
}

static void table_row_add(const char *id, const char *kind, const char *title, const char *unit,
			  const char *as_of, const char *total)
{
	const char *v[] = {id, kind, title, unit, as_of, total, "r.txt:19"};
	add(RES_TABLES, v);
}

Test(render, tables_csv_titles_the_table_and_its_total_row)
{
	report_model(NULL);
	table_row_add("t1", "table", "예산 현황", "단위 : 명", "’22.8.29. 기준", "합 계");
	build();
	const struct table_view *v = &O.tables[0];
	struct table_caption c;
	outline_caption(&O, v, &c);
	cr_assert_str_eq(c.title, "예산 현황");
	cr_assert_str_eq(c.note, "(단위 : 명, ’22.8.29. 기준)");
	cr_assert_str_eq(v->row_labels[0], "합 계"); /* the total row as printed */
	cr_assert_str_eq(v->row_labels[1], "가");
	struct buf html;
	buf_init(&html);
	report_html(&M, &R, NULL, &html);
	cr_assert_not_null(strstr(html.data, "예산 현황</span><span class=\"unit\">(단위 : 명, "
					     "’22.8.29. 기준)"));
	cr_assert_null(strstr(html.data, "Table · t1"));
	buf_release(&html);
}

Test(render, a_passage_is_no_table)
{
	report_model(NULL);
	table_row_add("t1", "passage", "", "", "", "");
	build();
	cr_assert_eq(O.n_tables, 0, "a passage drawn as a table");
}

Test(render, findings_are_marked_on_cells_and_tokens)
{
	report_model(NULL);
	build();
	cr_assert_eq(R.n_findings, 3, "%zu findings", R.n_findings); /* 2 sums, 1 bound */
	/* the total cells of both years: an error mark each */
	const struct table_view *v = &O.tables[0];
	for (size_t c = 0; c < 2; c++) {
		const struct place *p = outline_fact_place(&O, v->cell_fact[c] - 1);
		cr_assert_not_null(p, "total cell %zu not marked", c);
		cr_assert_eq(p->severity, SEV_ERROR);
		cr_assert_eq(p->n_numbers, 1);
	}
	cr_assert_null(outline_fact_place(&O, v->cell_fact[2] - 1)); /* 가 2021 holds */
	/* "35개" inside p1's text */
	const struct table *tx = &M.tables[RES_TEXTS];
	const size_t *ids;
	size_t n = outline_row_places(&O, PLACE_TEXT, 2, &ids);
	cr_assert_eq(n, 1);
	const struct place *p = outline_place(&O, ids[0]);
	const char *t = table_get(tx, 2, "text");
	cr_assert_eq(strncmp(t + p->off, "35개", p->len), 0);
	cr_assert_eq(p->len, strlen("35개"));
	cr_assert_eq(O.first_place[R.errors - 1] != 0, 1);
}

Test(render, a_fact_printed_nowhere_is_a_figure_of_its_node)
{
	report_model(NULL);
	build();
	const struct onode *p1 = &O.nodes[find_node("p1")];
	int figures = 0;
	for (size_t b = 0; b < p1->n_blocks; b++)
		if (p1->blocks[b].kind == BLOCK_FIGURES) {
			const struct figures *g = &O.figures[p1->blocks[b].index];
			cr_assert_eq(g->n, 1);
			cr_assert_str_eq(fact_printed(O.fs, &O.fs->facts[g->facts[0]]), "7명");
			cr_assert_eq(g->view.n_cols, 1);
			figures++;
		}
	cr_assert_eq(figures, 1);
}

Test(render, html_escapes_the_data_and_marks_numbers)
{
	report_model("<script>alert(\"x\")</script> & 총 35개");
	struct jy_err err;
	FILE *null = fopen("/dev/null", "w");
	cr_assert_eq(check_run(&M, NULL, &R, null, &err), 0);
	fclose(null);
	struct buf out;
	buf_init(&out);
	report_html(&M, &R, NULL, &out);
	check_result_release(&R);
	cr_assert_null(strstr(out.data, "<script"), "unescaped script element");
	cr_assert_not_null(
		strstr(out.data, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 총 "));
	cr_assert_not_null(strstr(out.data, "<html lang=\"ko\">"));
	cr_assert_not_null(strstr(out.data, "<meta charset=\"utf-8\">"));
	cr_assert_not_null(strstr(out.data, "@page{size:A4"));
	cr_assert_not_null(strstr(out.data, "break-before:page"));
	cr_assert_not_null(strstr(out.data, "<mark class=\"err\""));
	cr_assert_not_null(strstr(out.data, ">35개</mark><sup class=\"fn err\">†"));
	cr_assert_not_null(strstr(out.data, "발견사항"));
	buf_release(&out);
}

Test(render, markdown_prints_each_heading_once)
{
	report_model(NULL);
	struct jy_err err;
	FILE *null = fopen("/dev/null", "w");
	cr_assert_eq(check_run(&M, NULL, &R, null, &err), 0);
	fclose(null);
	struct buf out;
	buf_init(&out);
	report_markdown(&M, &R, NULL, &out);
	check_result_release(&R);
	const char *first = strstr(out.data, "## Ⅰ. 일반현황");
	cr_assert_not_null(first);
	cr_assert_null(strstr(first + strlen("## Ⅰ. 일반현황"), "Ⅰ. 일반현황"),
		       "Ⅰ printed twice:\n%s", out.data);
	cr_assert_null(strstr(out.data, "## Ⅰ 일반현황"));
	cr_assert_not_null(strstr(out.data, "35개 †"));
	cr_assert_not_null(strstr(out.data, "#### 1 첫째 사업"));
	buf_release(&out);
}

Test(render, a_wrong_weekday_is_marked_where_the_text_prints_the_milestone)
{
	report_model("행사 개최 : ’22.9.29(수) 예정");
	const char *v[] = {"p1",      "1",	    "행사 개최", "’22.9.29(수)",
			   "planned", "2022-09-22", "",		 "r.txt:61"};
	add(RES_MILESTONES, v);
	build();
	size_t number = 0;
	for (size_t k = 0; k < R.n_findings; k++)
		if (strcmp(R.findings[O.order[k]].rule, "date-form") == 0)
			number = k + 1;
	cr_assert(number, "no date-form finding");
	const size_t *ids;
	/* the milestone is printed on the text's line: it is shown, and marked,
	 * where the text prints it, not as a line of its own (a place there
	 * would be a mark nobody sees, and a finding linking to nothing) */
	cr_assert_eq(outline_row_places(&O, PLACE_MILESTONE, 0, &ids), 0);
	cr_assert_eq(outline_row_places(&O, PLACE_TEXT, 2, &ids), 1);
	const struct place *p = outline_place(&O, ids[0]);
	cr_assert_eq(p->numbers[0], number);
	cr_assert_eq(O.first_place[number - 1], p->id);
	cr_assert_eq(strncmp(table_get(&M.tables[RES_TEXTS], 2, "text") + p->off, "’22.9.29(수)",
			     p->len),
		     0);
}

Test(render, a_date_finding_marks_the_milestones_it_read_not_their_neighbours)
{
	/* p1's two milestones share a source line (one no text prints: they are
	 * lines of their own); the rule reads only the first */
	report_model(NULL);
	const char *m1[] = {"p1", "1", "개최", "’22.9.30~10.6", "planned", "", "", "r.txt:97"};
	const char *m2[] = {"p1", "2", "준비", "’22.9.1", "planned", "", "", "r.txt:97"};
	const char *m3[] = {"p2", "1", "개최", "’22.9.30~10.2", "planned", "", "", "r.txt:81"};
	add(RES_MILESTONES, m1);
	add(RES_MILESTONES, m2);
	add(RES_MILESTONES, m3);
	const char *r[] = {"one-range", "date",
			   "",		"milestone{node=p1,seq=1} = milestone{node=p2,seq=1}",
			   "",		"error",
			   "같은 기간", "one range",
			   ""};
	add(RES_RULES, r);
	build();
	const size_t *ids;
	cr_assert_eq(outline_row_places(&O, PLACE_MILESTONE, 0, &ids), 1, "the first is marked");
	cr_assert_eq(outline_row_places(&O, PLACE_MILESTONE, 2, &ids), 1, "p2's is marked");
	cr_assert_eq(outline_row_places(&O, PLACE_MILESTONE, 1, &ids), 0,
		     "the neighbour on the same line was not read");
}

Test(render, a_term_finding_marks_its_word_from_its_target)
{
	report_model("청년취업사관핵교 3개소");
	node("p3", "a1", "program", "3", "3", "청년취업사관학교 조성", "90");
	build();
	size_t number = 0;
	for (size_t k = 0; k < R.n_findings; k++)
		if (R.findings[O.order[k]].kind == FK_TERM)
			number = k + 1;
	cr_assert(number, "no term finding");
	const size_t *ids;
	cr_assert_eq(outline_row_places(&O, PLACE_TEXT, 2, &ids), 1);
	const struct place *p = outline_place(&O, ids[0]);
	cr_assert_eq(p->numbers[0], number);
	cr_assert_eq(p->off, 0);
	cr_assert_eq(p->len, strlen("청년취업사관핵교"));
}
