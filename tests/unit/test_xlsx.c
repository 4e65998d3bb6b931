/*
 * test_xlsx.c - unit tests of the XLSX reader (src/pkg/xlsx.c): workbooks
 * written by libxlsxwriter with shared and inline strings, numbers in
 * formats, sheets by name; refusals of what is no workbook, a missing part,
 * a DTD and a bad cell reference, located.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "pkg/xlsx.h"

static char path[64];

static void make_book(int constant_memory)
{
	lxw_workbook_options o = {.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE};
	snprintf(path, sizeof(path), "/tmp/test_xlsx_%d.xlsx", (int)getpid());
	lxw_workbook *wb = workbook_new_opt(path, &o);
	lxw_worksheet *a = workbook_add_worksheet(wb, "첫 시트");
	lxw_worksheet *b = workbook_add_worksheet(wb, "표");
	lxw_format *grouped = workbook_add_format(wb), *one = workbook_add_format(wb),
		   *pct = workbook_add_format(wb);
	format_set_num_format(grouped, "#,##0");
	format_set_num_format(one, "0.0");
	format_set_num_format(pct, "0.0%");
	worksheet_write_string(a, 0, 0, "구분", NULL);
	worksheet_write_string(a, 0, 2, "  공백 유지 ", NULL);
	worksheet_write_number(b, 0, 0, 1234567, grouped);
	worksheet_write_number(b, 0, 1, 84, one);
	worksheet_write_number(b, 0, 2, 0.387, pct);
	worksheet_write_number(b, 1, 0, -1234.5, grouped);
	worksheet_write_number(b, 1, 1, 0.1 + 0.2, NULL);
	worksheet_write_boolean(b, 2, 0, 1, NULL); /* rows in order: constant_memory */
	worksheet_write_string(b, 4, 27, "AB5", NULL);
	cr_assert_eq(workbook_close(wb), LXW_NO_ERROR);
}

static void read_both(int constant_memory)
{
	struct xlsx_book bk;
	struct xlsx_grid g;
	struct jy_err err;

	make_book(constant_memory);
	cr_assert_eq(xlsx_open(path, &bk, &err), 0, "%s", err.msg);
	cr_assert_eq(bk.n_sheets, 2);
	cr_assert_str_eq(bk.sheet_names[0], "첫 시트");
	cr_assert_eq(xlsx_sheet_index(&bk, "표"), 1);
	cr_assert_eq(xlsx_sheet_index(&bk, "없음"), -1);
	cr_assert_eq(xlsx_read_sheet(&bk, 0, &g, &err), 0, "%s", err.msg);
	cr_assert_eq(g.n_rows, 1);
	cr_assert_eq(g.n_cols, 3);
	cr_assert_str_eq(g.cells[0], "구분");
	cr_assert_str_eq(g.cells[1], "");
	cr_assert_str_eq(g.cells[2], "  공백 유지 ");
	xlsx_grid_release(&g);
	cr_assert_eq(xlsx_read_sheet(&bk, 1, &g, &err), 0, "%s", err.msg);
	cr_assert_eq(g.n_rows, 5);
	cr_assert_eq(g.n_cols, 28);
	cr_assert_str_eq(g.cells[0], "1,234,567");
	cr_assert_str_eq(g.cells[1], "84.0");
	cr_assert_str_eq(g.cells[2], "38.7%");
	cr_assert_str_eq(g.cells[28], "-1,235"); /* as the format shows it */
	cr_assert_str_eq(g.cells[29], "0.3");	 /* General: 15 digits */
	cr_assert_str_eq(g.cells[2 * 28], "TRUE");
	cr_assert_str_eq(g.cells[4 * 28 + 27], "AB5");
	xlsx_grid_release(&g);
	cr_assert_neq(xlsx_read_sheet(&bk, 2, &g, &err), 0);
	xlsx_close(&bk);
	unlink(path);
}

Test(xlsx, shared_strings_and_formats)
{
	read_both(0);
}

Test(xlsx, inline_strings)
{
	read_both(1);
}

Test(xlsx, cell_names)
{
	char s[16];
	xlsx_cell_name(4, 2, s);
	cr_assert_str_eq(s, "C5");
	xlsx_cell_name(0, 25, s);
	cr_assert_str_eq(s, "Z1");
	xlsx_cell_name(9, 26, s);
	cr_assert_str_eq(s, "AA10");
	xlsx_cell_name(0, 16383, s);
	cr_assert_str_eq(s, "XFD1");
}

/* A ZIP of the given parts (name, content pairs, NULL-terminated). */
static void make_zip(const char *const *parts)
{
	int ze;
	snprintf(path, sizeof(path), "/tmp/test_xlsx_z%d.xlsx", (int)getpid());
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
	for (int i = 0; parts[i]; i += 2) {
		zip_source_t *s = zip_source_buffer(z, parts[i + 1], strlen(parts[i + 1]), 0);
		zip_file_add(z, parts[i], s, ZIP_FL_OVERWRITE);
	}
	cr_assert_eq(zip_close(z), 0);
}

static const char *WB =
	"<workbook xmlns:r=\"urn:r\"><sheets><sheet name=\"s\" r:id=\"rId1\"/></sheets></workbook>";
static const char *RELS = "<Relationships><Relationship Id=\"rId1\" "
			  "Target=\"worksheets/sheet1.xml\"/></Relationships>";

static void refused(const char *const *parts, int at_open, const char *words)
{
	struct xlsx_book bk;
	struct xlsx_grid g;
	struct jy_err err;
	make_zip(parts);
	int rc = xlsx_open(path, &bk, &err);
	if (!at_open) {
		cr_assert_eq(rc, 0, "%s", err.msg);
		rc = xlsx_read_sheet(&bk, 0, &g, &err);
		xlsx_close(&bk);
	}
	cr_assert_eq(rc, JY_EINPUT, "expected a refusal (%s)", words);
	cr_assert_eq(err.code, JY_EINPUT);
	cr_assert(strstr(err.msg, words), "\"%s\" not in \"%s\"", words, err.msg);
	unlink(path);
}

Test(xlsx, refusals)
{
	struct xlsx_book bk;
	struct jy_err err;

	cr_assert_eq(xlsx_open("/tmp/no-such-book.xlsx", &bk, &err), JY_ENOTFOUND);
	cr_assert_eq(xlsx_open_buffer("x.xlsx", "not a zip", 9, &bk, &err), JY_EINPUT);
	cr_assert(strstr(err.msg, "not an XLSX workbook"));
	refused((const char *[]){"a.txt", "x", NULL}, 1, "no part xl/workbook.xml");
	refused((const char *[]){"xl/workbook.xml", WB, NULL}, 1,
		"no part xl/_rels/workbook.xml.rels");
	refused((const char *[]){"xl/workbook.xml", "<workbook><sheets>",
				 "xl/_rels/workbook.xml.rels", RELS, NULL},
		1, "not well-formed XML");
	refused((const char *[]){"xl/workbook.xml", "<!DOCTYPE w [<!ENTITY e \"x\">]><workbook/>",
				 "xl/_rels/workbook.xml.rels", RELS, NULL},
		1, "DTD");
	refused((const char *[]){"xl/workbook.xml", "<workbook><sheets/></workbook>",
				 "xl/_rels/workbook.xml.rels", RELS, NULL},
		1, "no sheet");
	refused((const char *[]){"xl/workbook.xml", WB, "xl/_rels/workbook.xml.rels", RELS, NULL},
		0, "no part xl/worksheets/sheet1.xml");
	refused((const char *[]){"xl/workbook.xml", WB, "xl/_rels/workbook.xml.rels", RELS,
				 "xl/worksheets/sheet1.xml",
				 "<worksheet><sheetData><row r=\"1\"><c r=\"1A\"><v>1</v></c></row>"
				 "</sheetData></worksheet>",
				 NULL},
		0, "bad cell reference \"1A\"");
}
