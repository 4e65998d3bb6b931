/*
 * xlsx.c - the cells of an XLSX workbook (see xlsx.h).
 */
#include "xlsx.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/msg.h"

static int is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* An attribute's value in the arena ("" when absent); prefixed attributes
 * (r:id) are found by their local name. */
static const char *attr(struct xlsx_book *b, xmlNode *n, const char *name)
{
	for (xmlAttr *a = n->properties; a; a = a->next)
		if (strcmp((const char *)a->name, name) == 0) {
			xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
			const char *s = arena_strdup(&b->arena, v ? (const char *)v : "");
			xmlFree(v);
			return s;
		}
	return "";
}

/* Reads one part of the ZIP and parses it; NULL with err set when the part
 * is missing (JY_ENOTFOUND), too large or not well-formed XML. */
static xmlDoc *part(struct xlsx_book *b, const char *path, struct jy_err *err)
{
	zip_stat_t st;
	zip_file_t *f;
	xmlDoc *doc;
	char *data;

	if (zip_stat(b->zip, path, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
		jy_err_msg(err, JY_ENOTFOUND, b->name, 0, 0, NULL, M_XLSX_NO_PART, path);
		return NULL;
	}
	if (st.size > (zip_uint64_t)JY_XLSX_PART_BYTES_MAX) {
		jy_err_msg(err, JY_EINPUT, b->name, 0, 0, NULL, M_XLSX_PART_LARGE, path,
			   (unsigned long long)st.size, (long)JY_XLSX_PART_BYTES_MAX);
		return NULL;
	}
	if (!(f = zip_fopen(b->zip, path, 0))) {
		jy_err_msg(err, JY_EINPUT, b->name, 0, 0, NULL, M_XLSX_PART_READ, path,
			   zip_strerror(b->zip));
		return NULL;
	}
	data = xmalloc(st.size + 1);
	zip_int64_t got = zip_fread(f, data, st.size);
	zip_fclose(f);
	if (got < 0 || (zip_uint64_t)got != st.size) {
		free(data);
		jy_err_msg(err, JY_EINPUT, b->name, 0, 0, NULL, M_XLSX_PART_DAMAGED, path);
		return NULL;
	}
	/* no DTD loaded, no entity substituted, nothing fetched */
	doc = xmlReadMemory(data, (int)st.size, path, NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	free(data);
	if (!doc || !xmlDocGetRootElement(doc)) {
		const xmlError *e = xmlGetLastError();
		jy_err_msg(err, JY_EINPUT, b->name, 0, 0, NULL, M_XLSX_PART_XML, path,
			   e && e->message ? ": " : "", e && e->message ? e->message : "");
		if (e && e->message) { /* libxml2 ends its messages with a line end */
			size_t n = strlen(err->msg);
			if (n && err->msg[n - 1] == '\n')
				err->msg[n - 1] = '\0';
		}
		xmlFreeDoc(doc);
		return NULL;
	}
	if (doc->intSubset) {
		xmlFreeDoc(doc);
		jy_err_msg(err, JY_EINPUT, b->name, 0, 0, NULL, M_XLSX_DTD, path);
		return NULL;
	}
	return doc;
}

/* A part the workbook must have is missing: bad input, not a missing file. */
static int not_found_is_bad(struct jy_err *err)
{
	if (err->code == JY_ENOTFOUND)
		err->code = JY_EINPUT;
	return err->code;
}

/* The text of the <t> children of n, and of <t> inside its <r> runs (not of
 * <rPh>, a reading aid). */
static void add_text(xmlNode *n, struct buf *out)
{
	for (xmlNode *c = n->children; c; c = c->next) {
		if (is(c, "t")) {
			xmlChar *v = xmlNodeGetContent(c);
			if (v)
				buf_adds(out, (const char *)v);
			xmlFree(v);
		} else if (is(c, "r")) {
			add_text(c, out);
		}
	}
}

static int read_shared(struct xlsx_book *b, struct jy_err *err)
{
	xmlDoc *doc = part(b, "xl/sharedStrings.xml", err);
	size_t cap = 0;
	struct buf t;

	if (!doc)
		return err->code == JY_ENOTFOUND ? 0 : err->code; /* none: no strings */
	buf_init(&t);
	for (xmlNode *si = xmlDocGetRootElement(doc)->children; si; si = si->next) {
		if (!is(si, "si"))
			continue;
		buf_reset(&t);
		add_text(si, &t);
		xgrow((void **)&b->shared, &cap, b->n_shared + 1, sizeof(*b->shared));
		b->shared[b->n_shared++] = arena_strdup(&b->arena, t.data);
	}
	buf_release(&t);
	xmlFreeDoc(doc);
	return 0;
}

/* The look of a number format code: decimals, percent, grouping. */
static struct xlsx_style style_of_code(const char *code)
{
	struct xlsx_style s = {-1, 0, 0};
	const char *semi = strchr(code, ';'); /* the positive section */
	size_t n = semi ? (size_t)(semi - code) : strlen(code);
	int in_quote = 0, after_point = -1;

	if (n == 0 || strncmp(code, "General", 7) == 0)
		return s;
	s.decimals = 0;
	for (size_t i = 0; i < n; i++) {
		char c = code[i];
		if (c == '"')
			in_quote = !in_quote;
		else if (in_quote)
			continue;
		else if (c == '\\' || c == '_' || c == '*')
			i++;
		else if (c == '.')
			after_point = 0;
		else if ((c == '0' || c == '#' || c == '?') && after_point >= 0)
			s.decimals = ++after_point;
		else if (c == ',' && after_point < 0)
			s.grouped = 1;
		else if (c == '%')
			s.percent = 1;
	}
	return s;
}

/* The built-in formats (ECMA-376 18.8.30) that show numbers. */
static const char *builtin_code(long id)
{
	switch (id) {
	case 1:
		return "0";
	case 2:
		return "0.00";
	case 3:
		return "#,##0";
	case 4:
		return "#,##0.00";
	case 9:
		return "0%";
	case 10:
		return "0.00%";
	case 37:
	case 38:
		return "#,##0 ;(#,##0)";
	case 39:
	case 40:
		return "#,##0.00;(#,##0.00)";
	default:
		return "General";
	}
}

static int read_styles(struct xlsx_book *b, struct jy_err *err)
{
	xmlDoc *doc = part(b, "xl/styles.xml", err);
	const char *codes_id[JY_XLSX_SHEETS_MAX], *codes[JY_XLSX_SHEETS_MAX];
	size_t n_codes = 0, cap = 0;

	if (!doc)
		return err->code == JY_ENOTFOUND ? 0 : err->code;
	for (xmlNode *sec = xmlDocGetRootElement(doc)->children; sec; sec = sec->next) {
		if (is(sec, "numFmts"))
			for (xmlNode *f = sec->children; f; f = f->next)
				if (is(f, "numFmt") && n_codes < JY_XLSX_SHEETS_MAX) {
					codes_id[n_codes] = attr(b, f, "numFmtId");
					codes[n_codes++] = attr(b, f, "formatCode");
				}
		if (!is(sec, "cellXfs"))
			continue;
		for (xmlNode *xf = sec->children; xf; xf = xf->next) {
			if (!is(xf, "xf"))
				continue;
			const char *id = attr(b, xf, "numFmtId"), *code = NULL;
			for (size_t k = 0; k < n_codes && !code; k++)
				if (strcmp(codes_id[k], id) == 0)
					code = codes[k];
			xgrow((void **)&b->styles, &cap, b->n_styles + 1, sizeof(*b->styles));
			b->styles[b->n_styles++] =
				style_of_code(code ? code : builtin_code(atol(id)));
		}
	}
	xmlFreeDoc(doc);
	return 0;
}

/* Where the workbook's relationships send each sheet. */
static int read_sheets(struct xlsx_book *b, struct jy_err *err)
{
	xmlDoc *wb = part(b, "xl/workbook.xml", err), *rels;
	size_t cap = 0;

	if (!wb)
		return not_found_is_bad(err);
	if (!(rels = part(b, "xl/_rels/workbook.xml.rels", err))) {
		xmlFreeDoc(wb);
		return not_found_is_bad(err);
	}
	for (xmlNode *sec = xmlDocGetRootElement(wb)->children; sec; sec = sec->next) {
		if (!is(sec, "sheets"))
			continue;
		for (xmlNode *sh = sec->children; sh; sh = sh->next) {
			if (!is(sh, "sheet"))
				continue;
			const char *rid = attr(b, sh, "id"), *target = NULL;
			for (xmlNode *r = xmlDocGetRootElement(rels)->children; r && !target;
			     r = r->next)
				if (is(r, "Relationship") && strcmp(attr(b, r, "Id"), rid) == 0)
					target = attr(b, r, "Target");
			if (!target || !*target || b->n_sheets >= JY_XLSX_SHEETS_MAX)
				continue;
			xgrow((void **)&b->sheet_names, &cap, b->n_sheets + 1,
			      sizeof(*b->sheet_names));
			b->sheet_paths = xrealloc(b->sheet_paths, cap * sizeof(*b->sheet_paths));
			b->sheet_names[b->n_sheets] = attr(b, sh, "name");
			b->sheet_paths[b->n_sheets++] =
				target[0] == '/' ? target + 1
						 : arena_printf(&b->arena, "xl/%s", target);
		}
	}
	xmlFreeDoc(wb);
	xmlFreeDoc(rels);
	if (!b->n_sheets)
		return jy_err_msg(err, JY_EINPUT, b->name, 0, 0, NULL, M_XLSX_NO_SHEETS);
	return 0;
}

static int open_common(struct xlsx_book *b, struct jy_err *err)
{
	int rc = read_sheets(b, err);
	if (!rc)
		rc = read_shared(b, err);
	if (!rc)
		rc = read_styles(b, err);
	if (rc)
		xlsx_close(b);
	return rc;
}

int xlsx_open(const char *path, struct xlsx_book *b, struct jy_err *err)
{
	int ze = 0;

	memset(b, 0, sizeof(*b));
	arena_init(&b->arena);
	b->name = arena_strdup(&b->arena, path);
	if (!(b->zip = zip_open(path, ZIP_RDONLY, &ze))) {
		int code = ze == ZIP_ER_NOENT			    ? JY_ENOTFOUND
			   : ze == ZIP_ER_OPEN || ze == ZIP_ER_READ ? JY_EIO
								    : JY_EINPUT;
		zip_error_t e;
		zip_error_init_with_code(&e, ze);
		if (code == JY_EIO)
			jy_err_at(err, code, path, 0, 0, NULL, "%s", zip_error_strerror(&e));
		else
			jy_err_msg(err, code, path, 0, 0, NULL,
				   code == JY_EINPUT ? M_XLSX_NOT_ZIP : M_XLSX_NO_FILE);
		zip_error_fini(&e);
		arena_release(&b->arena);
		return code;
	}
	return open_common(b, err);
}

int xlsx_open_buffer(const char *name, const void *data, size_t len, struct xlsx_book *b,
		     struct jy_err *err)
{
	zip_error_t ze;
	zip_source_t *src;

	memset(b, 0, sizeof(*b));
	arena_init(&b->arena);
	b->name = arena_strdup(&b->arena, name);
	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (src && !(b->zip = zip_open_from_source(src, ZIP_RDONLY, &ze)))
		zip_source_free(src);
	zip_error_fini(&ze);
	if (!b->zip) {
		arena_release(&b->arena);
		return jy_err_msg(err, JY_EINPUT, name, 0, 0, NULL, M_XLSX_NOT_ZIP);
	}
	return open_common(b, err);
}

long xlsx_sheet_index(const struct xlsx_book *b, const char *name)
{
	for (size_t i = 0; i < b->n_sheets; i++)
		if (strcmp(b->sheet_names[i], name) == 0)
			return (long)i;
	return -1;
}

/* "C5" -> row 4, column 2; -1 when it is no cell reference. */
static int parse_ref(const char *r, long *row, long *col)
{
	long c = 0, n = 0;
	const char *p = r;
	while (*p >= 'A' && *p <= 'Z' && c <= 16384)
		c = c * 26 + (*p++ - 'A' + 1);
	while (*p >= '0' && *p <= '9' && n <= 1048576)
		n = n * 10 + (*p++ - '0');
	if (p == r || *p || c < 1 || c > 16384 || n < 1 || n > 1048576)
		return -1;
	*row = n - 1;
	*col = c - 1;
	return 0;
}

void xlsx_cell_name(size_t row, size_t col, char *out)
{
	char letters[8];
	int n = 0;
	for (size_t c = col + 1; c && n < 7; c = (c - 1) / 26)
		letters[n++] = (char)('A' + (c - 1) % 26);
	for (int i = 0; i < n; i++)
		out[i] = letters[n - 1 - i];
	snprintf(out + n, 16 - (size_t)n, "%zu", row + 1);
}

/* A number as its style shows it. */
static const char *show_number(struct xlsx_book *b, const char *v, long style)
{
	char *end;
	double x = strtod(v, &end);
	struct xlsx_style s = style >= 0 && (size_t)style < b->n_styles
				      ? b->styles[style]
				      : (struct xlsx_style){-1, 0, 0};
	char tmp[400];
	struct buf out;

	if (end == v || *end || !isfinite(x) || fabs(x) >= 1e300)
		return arena_strdup(&b->arena, v);
	if (s.decimals < 0) { /* General: what Excel shows, up to 15 digits */
		snprintf(tmp, sizeof(tmp), "%.15g", x);
		return arena_strdup(&b->arena, tmp);
	}
	if (s.percent)
		x *= 100;
	/* half away from zero, as a spreadsheet rounds (printf rounds to even) */
	int dp = s.decimals > 15 ? 15 : s.decimals;
	double p10 = pow(10, dp), rounded = floor(fabs(x) * p10 + 0.5) / p10;
	snprintf(tmp, sizeof(tmp), "%.*f", dp, x < 0 && rounded != 0 ? -rounded : rounded);
	if (!s.grouped)
		return arena_printf(&b->arena, "%s%s", tmp, s.percent ? "%" : "");
	buf_init(&out);
	const char *digits = tmp + (tmp[0] == '-'), *point = strchr(tmp, '.');
	size_t n_int = point ? (size_t)(point - digits) : strlen(digits);
	if (tmp[0] == '-')
		buf_addc(&out, '-');
	for (size_t i = 0; i < n_int; i++) {
		if (i && (n_int - i) % 3 == 0)
			buf_addc(&out, ',');
		buf_addc(&out, digits[i]);
	}
	if (point)
		buf_adds(&out, point);
	if (s.percent)
		buf_addc(&out, '%');
	const char *r = arena_strdup(&b->arena, out.data);
	buf_release(&out);
	return r;
}

/* A cell's text as shown. */
static const char *cell_text(struct xlsx_book *b, xmlNode *c)
{
	const char *t = attr(b, c, "t"), *s = attr(b, c, "s");
	xmlNode *v = NULL, *is_ = NULL;
	struct buf text;

	for (xmlNode *k = c->children; k; k = k->next)
		if (is(k, "v"))
			v = k;
		else if (is(k, "is"))
			is_ = k;
	if (strcmp(t, "inlineStr") == 0) {
		buf_init(&text);
		if (is_)
			add_text(is_, &text);
		const char *r = arena_strdup(&b->arena, text.data);
		buf_release(&text);
		return r;
	}
	if (!v)
		return "";
	xmlChar *raw = xmlNodeGetContent(v);
	const char *val = arena_strdup(&b->arena, raw ? (const char *)raw : "");
	xmlFree(raw);
	if (strcmp(t, "s") == 0) {
		char *end;
		long i = strtol(val, &end, 10);
		return *val && !*end && i >= 0 && (size_t)i < b->n_shared ? b->shared[i] : "";
	}
	if (strcmp(t, "b") == 0)
		return strcmp(val, "1") == 0 ? "TRUE" : "FALSE";
	if (strcmp(t, "str") == 0 || strcmp(t, "e") == 0)
		return val;
	return show_number(b, val, *s ? atol(s) : -1);
}

struct cell_at {
	long row, col;
	const char *text;
};

int xlsx_read_sheet(struct xlsx_book *b, size_t sheet, struct xlsx_grid *g, struct jy_err *err)
{
	xmlDoc *doc;
	xmlNode *data = NULL;
	struct cell_at *cells = NULL;
	size_t n = 0, cap = 0;
	long max_row = -1, max_col = -1, row = -1;

	memset(g, 0, sizeof(*g));
	if (sheet >= b->n_sheets)
		return jy_err_msg(err, JY_EINPUT, b->name, 0, 0, NULL, M_XLSX_NO_SHEET_N,
				  sheet + 1);
	if (!(doc = part(b, b->sheet_paths[sheet], err)))
		return not_found_is_bad(err);
	for (xmlNode *k = xmlDocGetRootElement(doc)->children; k; k = k->next)
		if (is(k, "sheetData"))
			data = k;
	for (xmlNode *r = data ? data->children : NULL; r; r = r->next) {
		if (!is(r, "row"))
			continue;
		const char *rr = attr(b, r, "r");
		row = *rr ? atol(rr) - 1 : row + 1;
		if (row < 0 || row >= 1048576)
			row = 0;
		long col = -1;
		for (xmlNode *c = r->children; c; c = c->next) {
			if (!is(c, "c"))
				continue;
			long at_row = row, at_col = col + 1;
			const char *ref = attr(b, c, "r");
			if (*ref && parse_ref(ref, &at_row, &at_col) != 0) {
				free(cells);
				xmlFreeDoc(doc);
				return jy_err_msg(err, JY_EINPUT, b->name, row + 1, 0,
						  b->sheet_names[sheet], M_XLSX_BAD_REF, ref);
			}
			col = at_col;
			const char *text = cell_text(b, c);
			if (!*text)
				continue;
			xgrow((void **)&cells, &cap, n + 1, sizeof(*cells));
			cells[n++] = (struct cell_at){at_row, at_col, text};
			if (at_row > max_row)
				max_row = at_row;
			if (at_col > max_col)
				max_col = at_col;
		}
	}
	xmlFreeDoc(doc);
	g->n_rows = (size_t)(max_row + 1);
	g->n_cols = (size_t)(max_col + 1);
	if (g->n_rows && g->n_cols > (size_t)JY_XLSX_CELLS_MAX / g->n_rows) {
		free(cells);
		memset(g, 0, sizeof(*g));
		return jy_err_msg(err, JY_EINPUT, b->name, 0, 0, b->sheet_names[sheet],
				  M_XLSX_CELLS, (long)JY_XLSX_CELLS_MAX);
	}
	g->cells = xmalloc(sizeof(*g->cells) * (g->n_rows * g->n_cols + 1));
	for (size_t i = 0; i < g->n_rows * g->n_cols; i++)
		g->cells[i] = "";
	for (size_t i = 0; i < n; i++)
		g->cells[(size_t)cells[i].row * g->n_cols + (size_t)cells[i].col] = cells[i].text;
	free(cells);
	return 0;
}

void xlsx_grid_release(struct xlsx_grid *g)
{
	free(g->cells);
	memset(g, 0, sizeof(*g));
}

void xlsx_close(struct xlsx_book *b)
{
	if (b->zip)
		zip_discard(b->zip);
	free(b->sheet_names);
	free(b->sheet_paths);
	free(b->shared);
	free(b->styles);
	arena_release(&b->arena);
	memset(b, 0, sizeof(*b));
}
