/*
 * table.c - `jipyo table import FILE.(xlsx|csv) --db FILE --measure
 * HEADER=ID … --period PERIOD [--dim DIM] [--kind KIND] [--table TABLE]
 * [--sheet NAME] [--propose-rules] [--by NAME] [--reason TEXT] [--json]`.
 *
 * A table laid out as printed: a header row (the first row in which some
 * cell begins with a --measure HEADER), a label column (the header row's
 * first filled cell), one row per member and a 계 (합계, 총계) row for the
 * total. Each number under a named column becomes a printed fact of that
 * measure at the row's member, its printed form the cell as shown, its
 * source the cell (`budget.xlsx!C5`). Labels are matched to the dimension's
 * members by name or id; a `members` dimension gains the labels it lacks
 * (the 계 row as `total`, the others under it). The edited package is
 * validated and checked as `set` does, then written through the store's
 * edit path: one history entry and one revision per row, in one transaction.
 * With --propose-rules the rules the layout implies are printed as
 * rules.csv rows for the user to accept. docs/DESIGN.md, "Tables in from a
 * spreadsheet".
 */
#include <libgen.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/utf8.h"
#include "check/check.h"
#include "cmd.h"
#include "pkg/csv.h"
#include "pkg/pkg.h"
#include "pkg/xlsx.h"
#include "render/describe.h"
#include "store/store.h"

struct sheet {
	size_t n_rows, n_cols;
	const char **cells;
	struct arena arena;
	int from_book;
	struct xlsx_book book;
	struct xlsx_grid grid;
};

static const char *cell(const struct sheet *g, size_t r, size_t c)
{
	return r < g->n_rows && c < g->n_cols ? g->cells[r * g->n_cols + c] : "";
}

struct csv_rows {
	struct sheet *g;
	const char ***rows;
	int *widths;
	size_t n, cap;
};

static int on_csv_row(void *p, const char *const *fields, int n, long line, struct jy_err *err)
{
	struct csv_rows *c = p;
	(void)line;
	(void)err;
	const char **row = arena_alloc(&c->g->arena, sizeof(*row) * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++)
		row[i] = arena_strdup(&c->g->arena, fields[i]);
	xgrow((void **)&c->rows, &c->cap, c->n + 1, sizeof(*c->rows));
	c->widths = xrealloc(c->widths, c->cap * sizeof(*c->widths));
	c->rows[c->n] = row;
	c->widths[c->n++] = n;
	if ((size_t)n > c->g->n_cols)
		c->g->n_cols = (size_t)n;
	return 0;
}

static int read_sheet(const char *path, const char *sheet, struct sheet *g, struct jy_err *err)
{
	int rc;

	memset(g, 0, sizeof(*g));
	arena_init(&g->arena);
	if (pkg_is_book(path)) {
		if ((rc = xlsx_open(path, &g->book, err)))
			return rc;
		g->from_book = 1;
		long i = sheet ? xlsx_sheet_index(&g->book, sheet) : 0;
		if (i < 0)
			return jy_err_msg(err, JY_EINPUT, path, 0, 0, NULL, M_NO_SHEET, sheet);
		if ((rc = xlsx_read_sheet(&g->book, (size_t)i, &g->grid, err)))
			return rc;
		g->n_rows = g->grid.n_rows;
		g->n_cols = g->grid.n_cols;
		g->cells = g->grid.cells;
		return 0;
	}
	if (sheet)
		return jy_err_msg(err, JY_EINPUT, path, 0, 0, NULL, M_TABLE_CSV_SHEET);
	struct csv_rows c = {.g = g};
	rc = csv_read_file(path, on_csv_row, &c, err);
	if (!rc) {
		g->n_rows = c.n;
		g->cells = arena_alloc(&g->arena, sizeof(*g->cells) * (c.n * g->n_cols + 1));
		for (size_t r = 0; r < c.n; r++)
			for (size_t k = 0; k < g->n_cols; k++)
				g->cells[r * g->n_cols + k] =
					k < (size_t)c.widths[r] ? c.rows[r][k] : "";
	}
	free(c.rows);
	free(c.widths);
	return rc;
}

static void sheet_release(struct sheet *g)
{
	if (g->from_book) {
		xlsx_grid_release(&g->grid);
		xlsx_close(&g->book);
	}
	arena_release(&g->arena);
}

/* The label without spaces (a printed "계" is often spaced: "계", " 계 ", "합 계"). */
static const char *squeeze(struct arena *a, const char *s)
{
	char *out = arena_strdup(a, s), *w = out;
	for (const char *p = s; *p; p++)
		if (*p != ' ' && *p != '\t')
			*w++ = *p;
	*w = '\0';
	return out;
}

static int is_total(struct arena *a, const char *label)
{
	const char *s = squeeze(a, label);
	return !strcmp(s, "계") || !strcmp(s, "합계") || !strcmp(s, "총계");
}

struct column {
	const char *header; /* as given in --measure */
	const char *measure;
	int mi;	      /* in the factset */
	size_t col;   /* in the sheet */
	int decimals; /* the most printed in the column */
};

struct layout {
	struct column cols[ARGS_MANY_MAX];
	int n_cols;
	size_t header_row, label_col;
	const char *dim;
	int members_from; /* 0 members, 1 units, 2 nodes */
};

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The header row, the label column and each --measure's column. */
static int find_layout(const struct sheet *g, struct arena *a, struct layout *l, const char *file,
		       struct jy_err *err)
{
	for (size_t r = 0; r < g->n_rows; r++) {
		int found = 0;
		for (int k = 0; k < l->n_cols; k++)
			for (size_t c = 0; c < g->n_cols; c++)
				if (*l->cols[k].header &&
				    starts_with(squeeze(a, cell(g, r, c)),
						squeeze(a, l->cols[k].header))) {
					l->cols[k].col = c;
					found++;
					break;
				}
		if (!found)
			continue;
		if (found < l->n_cols) {
			for (int k = 0; k < l->n_cols; k++) {
				int here = 0;
				for (size_t c = 0; c < g->n_cols; c++)
					here |= starts_with(squeeze(a, cell(g, r, c)),
							    squeeze(a, l->cols[k].header));
				if (!here)
					return jy_err_msg(err, JY_EINPUT, file, (long)r + 1, 0,
							  NULL, M_TABLE_HEADER_NO_COL,
							  l->cols[k].header);
			}
		}
		l->header_row = r;
		for (l->label_col = 0; l->label_col < g->n_cols && !*cell(g, r, l->label_col);)
			l->label_col++;
		return 0;
	}
	return jy_err_msg(err, JY_EINPUT, file, 0, 0, NULL, M_TABLE_NO_HEADER, l->cols[0].header);
}

/* The member a row's label names: an existing one (by name or id), or a new
 * one of a `members` dimension, added to the model and to *added. */
static const char *member_of(struct model *m, const struct layout *l, const char *label, int total,
			     size_t seq, struct jy_err *err, const char *where)
{
	const struct table *t;
	const char *want = squeeze(&m->arena, label);

	if (l->members_from == 0) {
		t = &m->tables[RES_MEMBERS];
		for (size_t r = 0; r < t->n_rows; r++)
			if (!strcmp(table_get(t, r, "dimension"), l->dim) &&
			    (!strcmp(squeeze(&m->arena, table_get(t, r, "name_ko")), want) ||
			     !strcmp(table_get(t, r, "id"), label) ||
			     (total && !strcmp(table_get(t, r, "id"), "total"))))
				return table_get(t, r, "id");
		const char *id = total ? "total" : arena_printf(&m->arena, "%s-%zu", l->dim, seq);
		const char *row[] = {l->dim,
				     id,
				     total ? "" : "total",
				     arena_printf(&m->arena, "%zu", seq),
				     label,
				     total ? "Total" : ""};
		model_add_row(m, RES_MEMBERS, row, 0);
		return id;
	}
	t = &m->tables[l->members_from == 1 ? RES_UNITS : RES_NODES];
	for (size_t r = 0; r < t->n_rows; r++)
		if (!strcmp(squeeze(&m->arena,
				    table_get(t, r, l->members_from == 1 ? "name_ko" : "title_ko")),
			    want) ||
		    !strcmp(table_get(t, r, "id"), label))
			return table_get(t, r, "id");
	jy_err_msg(err, JY_EINPUT, where, 0, 0, NULL,
		   l->members_from == 1 ? M_TABLE_NO_UNIT : M_TABLE_NO_NODE, label);
	return NULL;
}

static int decimals_of(const char *printed)
{
	const char *p = strrchr(printed, '.');
	int n = 0;
	if (!p)
		return 0;
	while (p[1 + n] >= '0' && p[1 + n] <= '9')
		n++;
	return n;
}

/* One change for the store: a row added or updated. */
struct change {
	enum resource_id r;
	size_t row;
	char *before; /* NULL: added */
};

struct run {
	struct args a;
	struct model m;
	struct factset fs;
	struct layout l;
	struct change *changes;
	size_t n_changes, cap_changes, added, changed;
	const char *file; /* the file's name in sources */
	struct sheet g;
	char at[32];
	long revision;
	/* for --propose-rules: the rows read, and the total's */
	size_t rows[1024], n_rows;
	long total_row;
};

static void note_change(struct run *x, enum resource_id r, size_t row, char *before)
{
	xgrow((void **)&x->changes, &x->cap_changes, x->n_changes + 1, sizeof(*x->changes));
	x->changes[x->n_changes++] = (struct change){r, row, before};
	if (r == RES_FACTS)
		*(before ? &x->changed : &x->added) += 1;
}

/* The fact of one cell, added or changed in the model. */
static int put_fact(struct run *x, const struct column *c, const char *member, size_t r,
		    struct jy_err *err)
{
	struct table *t = &x->m.tables[RES_FACTS];
	const char *printed = cell(&x->g, r, c->col);
	char name[16], num[48];
	struct dec v;

	xlsx_cell_name(r, c->col, name);
	const char *source = arena_printf(&x->m.arena, "%s!%s", x->file, name);
	if (fact_printed_value(&x->fs.measures[c->mi], printed, &v, err)) {
		/* the cell's text and the reason, the text once: "not a number"
		 * starts with it, a unit's reason does not. Copied first, as
		 * jy_err_at clears err before it formats. */
		char why[JY_ERR_MSG_BYTES], quoted[JY_ERR_MSG_BYTES];
		snprintf(why, sizeof(why), "%s", err->msg);
		int n = snprintf(quoted, sizeof(quoted), "\"%s\"", printed);
		if (n > 0 && strncmp(why, quoted, (size_t)n) == 0)
			return jy_err_at(err, JY_EINPUT, source, 0, 0, c->measure, "%s", why);
		return jy_err_at(err, JY_EINPUT, source, 0, 0, c->measure, "%s: %s", quoted, why);
	}
	dec_str(v, num);
	const char *coords = arena_printf(&x->m.arena, "%s=%s", x->l.dim, member);
	const char *kind = x->a.kind ? x->a.kind : "actual", *table = x->a.table ? x->a.table : "";
	const char *cells[JY_CSV_COLUMNS_MAX] = {0};
	for (int i = 0; i < t->def->n_fields; i++)
		cells[i] = "";
	cells[schema_field_index(t->def, "measure")] = c->measure;
	cells[schema_field_index(t->def, "coords")] = coords;
	cells[schema_field_index(t->def, "period")] = x->a.period;
	cells[schema_field_index(t->def, "kind")] = kind;
	cells[schema_field_index(t->def, "table")] = table;
	cells[schema_field_index(t->def, "value")] = arena_strdup(&x->m.arena, num);
	cells[schema_field_index(t->def, "printed")] = arena_strdup(&x->m.arena, printed);
	cells[schema_field_index(t->def, "source")] = source;
	for (size_t row = 0; row < t->n_rows; row++)
		if (!strcmp(table_get(t, row, "measure"), c->measure) &&
		    !strcmp(table_get(t, row, "coords"), coords) &&
		    !strcmp(table_get(t, row, "period"), x->a.period) &&
		    !strcmp(table_get(t, row, "kind"), kind) &&
		    !strcmp(table_get(t, row, "table"), table)) {
			char *before = store_row_json(t, row);
			for (int i = 0; i < t->def->n_fields; i++)
				t->cells[row * (size_t)t->def->n_fields + (size_t)i] = cells[i];
			note_change(x, RES_FACTS, row, before);
			return 0;
		}
	model_add_row(&x->m, RES_FACTS, cells, 0);
	note_change(x, RES_FACTS, t->n_rows - 1, NULL);
	return 0;
}

/* Every row of the table into the model. */
static int read_rows(struct run *x, struct jy_err *err)
{
	size_t members_before = x->m.tables[RES_MEMBERS].n_rows, seq = 0;
	int rc = 0;

	x->total_row = -1;
	for (size_t r = x->l.header_row + 1; r < x->g.n_rows && !rc; r++) {
		const char *label = cell(&x->g, r, x->l.label_col);
		int any = 0;
		for (int k = 0; k < x->l.n_cols; k++)
			any |= *cell(&x->g, r, x->l.cols[k].col) != '\0';
		if (!*label || !any)
			continue;
		int total = is_total(&x->m.arena, label);
		char name[16];
		xlsx_cell_name(r, x->l.label_col, name);
		const char *where = arena_printf(&x->m.arena, "%s!%s", x->file, name);
		const char *member = member_of(&x->m, &x->l, label, total, ++seq, err, where);
		if (!member)
			return err->code;
		if (total)
			x->total_row = (long)r;
		else if (x->n_rows < sizeof(x->rows) / sizeof(x->rows[0]))
			x->rows[x->n_rows++] = r;
		for (int k = 0; k < x->l.n_cols && !rc; k++) {
			const char *p = cell(&x->g, r, x->l.cols[k].col);
			if (!*p)
				continue;
			if (decimals_of(p) > x->l.cols[k].decimals)
				x->l.cols[k].decimals = decimals_of(p);
			rc = put_fact(x, &x->l.cols[k], member, r, err);
		}
	}
	for (size_t i = members_before; i < x->m.tables[RES_MEMBERS].n_rows; i++)
		note_change(x, RES_MEMBERS, i, NULL);
	return rc;
}

/* The measures named, their columns and the row dimension. */
static int resolve(struct run *x, struct jy_err *err)
{
	for (int k = 0; k < x->a.n_measure; k++) {
		const char *eq = strchr(x->a.measure[k], '=');
		struct column *c = &x->l.cols[x->l.n_cols++];
		if (!eq || eq == x->a.measure[k] || !eq[1])
			return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_TABLE_MEASURE_FORM,
					  x->a.measure[k]);
		c->header =
			arena_strndup(&x->m.arena, x->a.measure[k], (size_t)(eq - x->a.measure[k]));
		c->measure = eq + 1;
		if ((c->mi = factset_measure(&x->fs, c->measure)) < 0)
			return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_TABLE_NO_MEASURE,
					  c->measure, x->a.db);
		const struct measure_info *mi = &x->fs.measures[c->mi];
		const char *dim = x->a.dim ? x->a.dim : mi->n_dims ? mi->dims[0] : "";
		if (mi->n_dims != 1 || strcmp(mi->dims[0], dim) != 0)
			return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_TABLE_MEASURE_DIMS,
					  c->measure, dim);
		if (x->l.dim && strcmp(x->l.dim, dim) != 0)
			return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_TABLE_DIMS_DIFFER,
					  x->l.dim, dim);
		x->l.dim = dim;
		int di = factset_dim(&x->fs, dim);
		x->l.members_from = di >= 0 ? x->fs.dims[di].members_from : 0;
	}
	return 0;
}

/* The row, its history entry, for each change; one transaction. */
static int write_changes(struct run *x, struct store *s, struct jy_err *err)
{
	const char *key[JY_CSV_COLUMNS_MAX];
	long now;
	int rc = store_begin(s, err);

	if (!rc && !(rc = store_revision(s, &now, err)) && now != x->revision)
		rc = jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_TABLE_CHANGED, x->a.db,
				x->revision, now);
	for (size_t i = 0; i < x->n_changes && !rc; i++) {
		const struct change *c = &x->changes[i];
		const struct table *t = &x->m.tables[c->r];
		const char *row[JY_CSV_COLUMNS_MAX];
		for (int k = 0; k < t->def->n_fields; k++)
			row[k] = table_cell(t, c->row, k);
		store_key_of(t, c->row, key);
		rc = c->before ? store_update(s, c->r, key, row, err)
			       : store_put(s, c->r, row, 0, err);
		char *k = store_key_json(t, c->row), *after = store_row_json(t, c->row);
		if (!rc)
			rc = store_record(
				s,
				&(struct history_entry){
					.at = x->at,
					.by = x->a.by,
					.resource = schema_resources[c->r].name,
					.key = k,
					.before = c->before ? c->before : "",
					.after = after,
					.reason = x->a.reason ? x->a.reason
							      : arena_printf(&x->m.arena,
									     "table import %s",
									     x->file)},
				&now, err);
		free(k);
		free(after);
	}
	if (!rc)
		rc = store_commit(s, err);
	if (rc)
		store_rollback(s);
	else
		x->revision = now;
	return rc;
}

/* The value of a fact of column c at sheet row r as a double; NAN when none. */
static double number_at(struct run *x, const struct column *c, size_t r)
{
	struct dec v;
	struct jy_err e;
	char num[48];
	const char *p = cell(&x->g, r, c->col);
	if (!*p || fact_printed_value(&x->fs.measures[c->mi], p, &v, &e))
		return NAN;
	return strtod(dec_str(v, num), NULL);
}

/* Does rate = a / b * scale hold, at the rate's printed decimals, in row r? */
static int ratio_holds(struct run *x, const struct column *rate, const struct column *a,
		       const struct column *b, double scale, size_t r)
{
	double q = number_at(x, rate, r), n = number_at(x, a, r), d = number_at(x, b, r);
	int dp = decimals_of(cell(&x->g, r, rate->col));
	if (isnan(q) || isnan(n) || isnan(d) || d == 0)
		return 0;
	double p10 = pow(10, dp), got = floor(n / d * scale * p10 + 0.5) / p10;
	return fabs(got - q) < 0.5 / p10;
}

static void rule_row(struct buf *out, const char *const *f)
{
	csv_write_row(out, f, 9);
}

/* The rules the layout implies, as rules.csv rows on standard output. */
static void propose_rules(struct run *x)
{
	const char *table = x->a.table ? x->a.table : "";
	const char *scope = *table ? arena_printf(&x->m.arena, "table=%s", table) : "";
	const char *prefix = *table ? table : x->l.dim;
	struct buf out, sums;
	char name[16];

	buf_init(&out);
	buf_init(&sums);
	rule_row(&out, (const char *[]){"id", "kind", "measures", "expr", "scope", "severity",
					"message_ko", "message_en", "source"});
	for (int k = 0; k < x->l.n_cols; k++) {
		enum aggregation ag = x->fs.measures[x->l.cols[k].mi].aggregation;
		if (ag == AGG_FLOW || ag == AGG_STOCK)
			buf_addf(&sums, "%s%s", sums.len ? ";" : "", x->l.cols[k].measure);
	}
	if (x->total_row >= 0 && sums.len) {
		xlsx_cell_name((size_t)x->total_row, x->l.label_col, name);
		rule_row(&out,
			 (const char *[]){arena_printf(&x->m.arena, "%s-total-sum", prefix), "sum",
					  sums.data,
					  arena_printf(&x->m.arena, "$m{%s=%s} = sum($m by %s)",
						       x->l.dim, "total", x->l.dim),
					  scope, "error", "표의 계 행은 각 행의 합과 같아야 합니다",
					  "The 계 row must equal the sum of the rows",
					  arena_printf(&x->m.arena, "%s!%s", x->file, name)});
	}
	for (int k = 0; k < x->l.n_cols; k++) {
		const struct column *rate = &x->l.cols[k];
		if (x->fs.measures[rate->mi].aggregation != AGG_RATE)
			continue;
		int best = 0, bi = -1, bj = -1;
		double bscale = 100;
		for (int i = 0; i < x->l.n_cols; i++)
			for (int j = 0; j < x->l.n_cols; j++)
				for (int sc = 0; sc < 2 && i != j && i != k && j != k; sc++) {
					int hits = 0;
					double scale = sc ? 1 : 100;
					for (size_t r = 0; r < x->n_rows; r++)
						hits += ratio_holds(x, rate, &x->l.cols[i],
								    &x->l.cols[j], scale,
								    x->rows[r]);
					if (x->total_row >= 0)
						hits += ratio_holds(x, rate, &x->l.cols[i],
								    &x->l.cols[j], scale,
								    (size_t)x->total_row);
					if (hits > best)
						best = hits, bi = i, bj = j, bscale = scale;
				}
		/* most rows agree: the relation is meant, a row that does not is a finding */
		if (bi < 0 || 2 * best <= (int)x->n_rows + (x->total_row >= 0))
			continue;
		xlsx_cell_name(x->l.header_row, rate->col, name);
		rule_row(&out,
			 (const char *[]){
				 arena_printf(&x->m.arena, "%s-%s-ratio", prefix, rate->measure),
				 "ratio", "",
				 arena_printf(&x->m.arena, "%s = %s / %s%s", rate->measure,
					      x->l.cols[bi].measure, x->l.cols[bj].measure,
					      bscale == 100 ? " * 100" : ""),
				 scope, "error",
				 arena_printf(&x->m.arena,
					      "%s은(는) %s ÷ %s%s입니다 (인쇄된 소수 %d자리)",
					      rate->header, x->l.cols[bi].header,
					      x->l.cols[bj].header, bscale == 100 ? " × 100" : "",
					      rate->decimals),
				 arena_printf(&x->m.arena,
					      "%s is %s / %s%s (at its printed %d decimals)",
					      rate->measure, x->l.cols[bi].measure,
					      x->l.cols[bj].measure, bscale == 100 ? " * 100" : "",
					      rate->decimals),
				 arena_printf(&x->m.arena, "%s!%s", x->file, name)});
	}
	fwrite(out.data, 1, out.len, stdout);
	buf_release(&out);
	buf_release(&sums);
}

static int table_import(struct run *x)
{
	struct store *s = NULL;
	struct check_result res;
	struct jy_err err;
	struct diag quiet = {.out = NULL};
	int rc;

	model_init(&x->m);
	rc = store_open_existing(x->a.db, &s, &err);
	if (!rc)
		rc = store_load(s, &x->m, &err);
	if (!rc)
		rc = store_revision(s, &x->revision, &err);
	if (!rc) {
		factset_build(&x->fs, &x->m, &quiet);
		rc = resolve(x, &err);
		if (!rc)
			rc = read_sheet(x->a.positional[1], x->a.sheet, &x->g, &err);
		if (!rc)
			rc = find_layout(&x->g, &x->m.arena, &x->l, x->file, &err);
		if (!rc)
			rc = read_rows(x, &err);
		if (!rc) { /* validated as an import validates it, then checked */
			rc = check_run(&x->m, NULL, &res, stderr, &err);
			if (!rc && (rc = write_changes(x, s, &err)))
				check_result_release(&res);
		}
		if (!rc) {
			msg_print(stderr, M_TABLE_IMPORTED, x->a.positional[1],
				  x->added + x->changed, x->a.db, x->added, x->changed,
				  x->revision);
			fputc('\n', stderr);
			if (x->a.propose_rules)
				propose_rules(x);
			else if (x->a.json)
				check_print_json(&res, stdout);
			else
				describe_print_findings(&x->m, &res, stdout);
			rc = res.errors ? JY_EXIT_FINDINGS : JY_EXIT_OK;
			if (x->a.json && !x->a.propose_rules)
				printf("{\"exit\":%d,\"errors\":%d,\"warnings\":%d}\n", rc,
				       res.errors, res.warnings);
			check_result_release(&res);
		} else {
			rc = cmd_fail(&err);
		}
		factset_release(&x->fs);
	} else {
		rc = cmd_fail(&err);
	}
	for (size_t i = 0; i < x->n_changes; i++)
		free(x->changes[i].before);
	free(x->changes);
	sheet_release(&x->g);
	store_close(s);
	model_release(&x->m);
	return rc;
}

int cmd_table(int argc, char **argv)
{
	const struct command *self = cmd_find("table");
	struct run *x = xcalloc(1, sizeof(*x));
	time_t now = time(NULL);
	struct tm tm;
	int rc;

	if ((rc = args_parse(argc, argv, NULL, self, &x->a))) {
		free(x);
		return rc == ARGS_HELP ? 0 : rc;
	}
	if (x->a.n_positional != 2 || strcmp(x->a.positional[0], "import") != 0 || !x->a.db ||
	    !x->a.n_measure || !x->a.period) {
		free(x);
		return cmd_bad_args(self);
	}
	if (!x->a.by || !*x->a.by)
		x->a.by = store_login_name();
	gmtime_r(&now, &tm);
	strftime(x->at, sizeof(x->at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	char *copy = xstrdup(x->a.positional[1]);
	x->file = basename(copy);
	rc = table_import(x);
	free(copy);
	free(x);
	return rc;
}
