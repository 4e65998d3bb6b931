/*
 * pkg.c - datapackage.json + CSV resources <-> struct model (see pkg.h).
 */
#include "pkg.h"

#include <errno.h>
#include <jansson.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/limits.h"
#include "base/msg.h"
#include "base/par.h"
#include "base/utf8.h"
#include "csv.h"
#include "pkg_int.h"

static int read_folder(const char *dir, struct model *m, struct jy_err *err);

static const char *frictionless_type(const struct field_def *f)
{
	switch (f->type) {
	case FT_INT:
		return "integer";
	case FT_DEC:
		return "number";
	case FT_ISODATE:
		return "date";
	default:
		return "string";
	}
}

int pkg_on_row(void *p, const char *const *fields, int n, long line, struct jy_err *err)
{
	struct row_ctx *c = p;
	const struct resource_def *def = &schema_resources[c->r];

	if (!c->seen_header) {
		c->seen_header = 1;
		int k = 0, want = c->width; /* k: the first column that differs */
		while (k < n && k < want && strcmp(fields[k], def->fields[k].name) == 0)
			k++;
		if (k == n && k == want)
			return 0;
		if (k == n) /* the header stops early */
			return jy_err_msg(err, JY_EINPUT, c->path, line, k + 1, NULL,
					  M_HEADER_LACKS, def->fields[k].name, n, want);
		if (k == want)
			return jy_err_msg(err, JY_EINPUT, c->path, line, k + 1, NULL,
					  M_HEADER_EXTRA, fields[k], n, want);
		if (n < want && k + 1 < want && strcmp(fields[k], def->fields[k + 1].name) == 0)
			return jy_err_msg(err, JY_EINPUT, c->path, line, k + 1, NULL,
					  M_HEADER_LACKS_BEFORE, def->fields[k].name, fields[k]);
		return jy_err_msg(err, JY_EINPUT, c->path, line, k + 1, NULL, M_HEADER_COLUMN,
				  k + 1, fields[k], def->fields[k].name);
	}
	if (n != c->width)
		return jy_err_msg(err, JY_EINPUT, c->path, line, n > c->width ? c->width + 1 : n,
				  NULL, M_ROW_COLUMNS, n, c->width);
	const char *padded[JY_CSV_COLUMNS_MAX] = {NULL}; /* columns left out: empty */
	if (n < def->n_fields) {
		memcpy(padded, fields, sizeof(*fields) * (size_t)n);
		fields = padded;
	}
	if (c->rows)
		table_add_row(c->rows, c->arena, fields, NULL, line);
	else
		model_add_row(c->m, c->r, fields, line);
	return 0;
}

/* ---- reading the files on several threads ---------------------------------------
 *
 * Every file is read and checked for its encoding as one task, then cut into
 * pieces at line ends (csv_split) that are parsed as tasks of their own; the
 * pieces' rows are joined in order. Any error, and the package is read again
 * on one thread, so that the message is the one a whole-file read gives. */

/* Large enough that a piece's arrays and cells lie mostly in whole huge pages
 * (JY_HUGE_ALLOC_BYTES; at 4 MiB half of their faults stayed), small enough
 * that a file of 100 MiB keeps two threads busy. */
enum { PIECE_BYTES = 16 * 1024 * 1024 };

struct file_job {
	enum resource_id r;
	const char *path;
	int width; /* see row_ctx */
	struct buf raw, converted;
	const char *text; /* prepared: UTF-8, no BOM */
	size_t len;
	int excel; /* it had a BOM: the spreadsheet form */
	int failed;
};

struct piece_job {
	struct file_job *file;
	size_t start, end;
	long first_line;
	int first; /* holds the header */
	struct table rows;
	struct arena arena;
	int failed;
};

struct read_run {
	struct model *m;
	struct file_job *files;
	struct piece_job *pieces;
	size_t n_jobs;
	atomic_size_t next;
	int stage; /* 0: files, 1: pieces */
};

static size_t lines_in(const char *text, size_t len)
{
	size_t n = 0;
	for (const char *p = text, *end = text + len; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		n++;
	return n;
}

static void read_worker(void *p)
{
	struct read_run *run = p;

	for (;;) {
		size_t i = atomic_fetch_add(&run->next, 1);
		struct jy_err e;
		if (i >= run->n_jobs)
			break;
		if (run->stage == 0) {
			struct file_job *f = &run->files[i];
			buf_init(&f->raw);
			buf_init(&f->converted);
			f->failed = file_read_all(f->path, JY_CSV_FILE_BYTES_MAX, &f->raw, &e) != 0;
			f->text = f->raw.data;
			f->len = f->raw.len;
			if (!f->failed)
				f->failed = csv_prepare(f->path, &f->text, &f->len, &f->converted,
							&f->excel, &e) != 0;
			continue;
		}
		struct piece_job *pc = &run->pieces[i];
		struct row_ctx ctx = {run->m,	 pc->file->r, pc->file->path, !pc->first,
				      &pc->rows, &pc->arena,  pc->file->width};
		const char *text = pc->file->text + pc->start;
		size_t len = pc->end - pc->start;
		pc->rows.def = &schema_resources[pc->file->r];
		/* a row's cells (each with its NUL) take no more than its line
		 * (each with its comma or line end), and there are no more rows
		 * than line ends: both allocated once */
		arena_init_sized(&pc->arena, len + 64);
		table_reserve(&pc->rows, lines_in(text, len) + 1);
		pc->failed = csv_read_part(pc->file->path, text, len, pc->first_line,
					   pc->file->excel, pkg_on_row, &ctx, &e) != 0 ||
			     (pc->first && !ctx.seen_header);
	}
}

/* Reads every resource file of m->dir into m on n threads. Returns 0, or -1
 * (m untouched) when anything went wrong. */
static int read_files_parallel(struct model *m, const char *const *paths, const int *widths, int n)
{
	struct file_job files[RES_COUNT];
	struct read_run run = {.m = m, .files = files};
	size_t n_pieces = 0, cap_pieces = 0;
	int rc = 0;

	memset(files, 0, sizeof(files));
	for (int r = 0; r < RES_COUNT; r++) {
		files[r].r = (enum resource_id)r;
		files[r].path = paths[r];
		files[r].width = widths[r];
	}
	/* absent resources last, out of the jobs */
	int n_files = 0;
	for (int r = 0; r < RES_COUNT; r++)
		if (paths[r])
			files[n_files++] = files[r];
	run.n_jobs = (size_t)n_files;
	atomic_init(&run.next, 0);
	par_run(n, read_worker, &run, 0);
	for (int r = 0; r < n_files; r++)
		rc |= files[r].failed;
	for (int r = 0; r < n_files && !rc; r++) {
		size_t parts = files[r].len / PIECE_BYTES + 1;
		size_t *starts = xmalloc(sizeof(size_t) * parts);
		long *lines = xmalloc(sizeof(long) * parts);
		size_t k = csv_split(files[r].text, files[r].len, parts, starts, lines);
		for (size_t i = 0; i < k; i++) {
			XGROW(run.pieces, cap_pieces, n_pieces + 1);
			struct piece_job *pc = &run.pieces[n_pieces++];
			memset(pc, 0, sizeof(*pc));
			pc->file = &files[r];
			pc->start = starts[i];
			pc->end = i + 1 < k ? starts[i + 1] : files[r].len;
			pc->first_line = lines[i];
			pc->first = i == 0;
		}
		free(starts);
		free(lines);
	}
	if (!rc) {
		run.stage = 1;
		run.n_jobs = n_pieces;
		atomic_store(&run.next, 0);
		par_run(n, read_worker, &run, 0);
		for (size_t i = 0; i < n_pieces; i++)
			rc |= run.pieces[i].failed;
	}
	if (!rc) { /* each file's pieces (they are in a row) joined at once */
		struct table **parts = xmalloc(sizeof(*parts) * (n_pieces + 1));
		for (size_t i = 0; i < n_pieces;) {
			enum resource_id r = run.pieces[i].file->r;
			size_t k = 0;
			for (; i < n_pieces && run.pieces[i].file->r == r; i++)
				parts[k++] = &run.pieces[i].rows;
			table_append_all(&m->tables[r], parts, k);
		}
		free(parts);
	}
	for (size_t i = 0; i < n_pieces; i++) {
		struct piece_job *pc = &run.pieces[i];
		if (!rc && pc->file->converted.len)
			m->cp949 |= 1u << pc->file->r;
		table_release(&pc->rows);
		if (rc)
			arena_release(&pc->arena);
		else
			arena_adopt(&m->arena, &pc->arena);
	}
	for (int r = 0; r < n_files; r++) {
		buf_release(&files[r].raw);
		buf_release(&files[r].converted);
	}
	free(run.pieces);
	return rc ? -1 : 0;
}

/* Reads resource r's file at path on this thread, noting in m->cp949 whether
 * it was CP949. */
static int read_resource(struct model *m, enum resource_id r, const char *path, int width,
			 struct jy_err *err)
{
	struct row_ctx ctx = {m, r, path, 0, NULL, NULL, width};
	struct buf raw, converted;
	const char *text;
	size_t len;
	int excel, rc;

	buf_init(&raw);
	buf_init(&converted);
	rc = file_read_all(path, JY_CSV_FILE_BYTES_MAX, &raw, err);
	text = raw.data;
	len = raw.len;
	if (!rc)
		rc = csv_prepare(path, &text, &len, &converted, &excel, err);
	if (!rc)
		rc = csv_read_part(path, text, len, 1, excel, pkg_on_row, &ctx, err);
	if (!rc && !ctx.seen_header)
		rc = jy_err_msg(err, JY_EINPUT, path, 1, 0, NULL, M_EMPTY_FILE);
	if (converted.len)
		m->cp949 |= 1u << r;
	buf_release(&raw);
	buf_release(&converted);
	return rc;
}

/* Where the descriptor's text shows something, for messages: jansson keeps
 * no positions of parsed values, so the text is searched instead. */
struct spot {
	long line, col; /* 1-based; 0 when not found */
	size_t off;	/* byte offset of the find */
};

/* The first JSON string s (without its quotes) at or after byte from. */
static struct spot find_string(const char *text, size_t from, const char *s)
{
	struct spot at = {0, 0, 0};
	size_t n = strlen(s);
	for (const char *p = text + from; (p = strchr(p, '"')) != NULL; p++) {
		if (strncmp(p + 1, s, n) == 0 && p[n + 1] == '"') {
			const char *line_start = text;
			at.off = (size_t)(p - text);
			at.line = 1;
			for (const char *q = text; q < p; q++)
				if (*q == '\n') {
					at.line++;
					line_start = q + 1;
				}
			at.col = utf8_column(line_start, (size_t)(p - line_start));
			return at;
		}
	}
	return at;
}

/* p moved back over JSON white space, not before text. */
static const char *back_over_space(const char *text, const char *p)
{
	while (p > text && (p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n' || p[-1] == '\r'))
		p--;
	return p;
}

/* The member "key" of the first object at or after byte from that has
 * "name": name (key NULL: that name itself). */
static struct spot find_key_after_name(const char *text, size_t from, const char *name,
				       const char *key)
{
	for (struct spot at = find_string(text, from, name); at.line;
	     at = find_string(text, at.off + 1, name)) {
		const char *p = back_over_space(text, text + at.off);
		if (p == text || p[-1] != ':')
			continue; /* the name as a key, or in another value */
		p = back_over_space(text, p - 1);
		if ((size_t)(p - text) >= 6 && memcmp(p - 6, "\"name\"", 6) == 0) {
			struct spot k = key ? find_string(text, at.off, key) : at;
			return k.line ? k : at;
		}
	}
	return (struct spot){0, 0, 0};
}

/* The resources array of the descriptor must name our resources with our
 * paths and fields; anything else is a package Jipyo cannot read. text is
 * the descriptor's text, to say where. */
static int check_resource(json_t *res, const char *dpath, const char *text, enum resource_id r,
			  int *width, struct jy_err *err)
{
	const struct resource_def *def = &schema_resources[r];
	json_t *path = json_object_get(res, "path");
	json_t *fields = json_object_get(json_object_get(res, "schema"), "fields");
	struct spot at;

	if (!json_is_string(path) || strcmp(json_string_value(path), def->path) != 0) {
		at = find_key_after_name(text, 0, def->name, "path");
		return jy_err_msg(err, JY_EINPUT, dpath, at.line, at.col, def->name, M_RES_PATH,
				  def->name, def->path);
	}
	int least = schema_fields_min(def);
	*width = json_is_array(fields) ? (int)json_array_size(fields) : -1;
	if (*width < least || *width > def->n_fields) {
		at = find_key_after_name(text, 0, def->name, "fields");
		if (least < def->n_fields)
			return jy_err_msg(err, JY_EINPUT, dpath, at.line, at.col, def->name,
					  M_RES_FIELDS_RANGE, def->name, least, def->n_fields);
		return jy_err_msg(err, JY_EINPUT, dpath, at.line, at.col, def->name, M_RES_FIELDS,
				  def->name, def->n_fields);
	}
	for (int i = 0; i < *width; i++) {
		const char *name = json_string_value(
			json_object_get(json_array_get(fields, (size_t)i), "name"));
		if (!name || strcmp(name, def->fields[i].name) != 0) {
			at = find_key_after_name(text, 0, def->name, "fields");
			if (at.line && name) {
				struct spot f = find_string(text, at.off, name);
				if (f.line)
					at = f;
			}
			return jy_err_msg(err, JY_EINPUT, dpath, at.line, at.col, def->name,
					  M_RES_FIELD_NAME, i + 1, def->name, def->fields[i].name);
		}
	}
	return 0;
}

/* Every entry of the resources array is one of ours, once: an entry Jipyo
 * does not keep would be lost on export, and of an entry listed twice one
 * would be read and the other silently dropped. */
static int check_resource_list(json_t *resources, const char *dpath, const char *text,
			       struct jy_err *err)
{
	int seen[RES_COUNT] = {0};
	size_t i, from[RES_COUNT] = {0};
	json_t *res;

	json_array_foreach(resources, i, res)
	{
		const char *name = json_string_value(json_object_get(res, "name"));
		int r = -1;
		for (int k = 0; name && k < RES_COUNT; k++)
			if (strcmp(schema_resources[k].name, name) == 0)
				r = k;
		if (r < 0) {
			struct spot at = name ? find_key_after_name(text, 0, name, NULL)
					      : find_string(text, 0, "resources");
			struct buf known;
			buf_init(&known);
			for (int k = 0; k < RES_COUNT; k++)
				buf_addf(&known, "%s%s", k ? ", " : "", schema_resources[k].name);
			int rc = jy_err_msg(err, JY_EINPUT, dpath, at.line, at.col, "resources",
					    M_RES_UNKNOWN, i + 1, name ? name : "no name",
					    known.data);
			buf_release(&known);
			return rc;
		}
		struct spot at = find_key_after_name(text, from[r], name, NULL);
		from[r] = at.line ? at.off + 1 : from[r];
		if (seen[r]++)
			return jy_err_msg(err, JY_EINPUT, dpath, at.line, at.col, "resources",
					  M_RES_TWICE, name);
	}
	return 0;
}

/* The documents the descriptor's "sources" name by path (relative to the
 * package's folder), with their lines, for validation to look FILE:LINE up
 * in. One that cannot be read is left out: a package may travel without
 * its documents, and then no line is looked up in them. */
static void read_documents(struct model *m, const char *dir, json_t *root)
{
	json_t *sources = json_object_get(root, "sources"), *s;
	size_t i, n = json_array_size(sources);
	struct buf text;

	if (!n)
		return;
	m->docs = arena_alloc(&m->arena, sizeof(*m->docs) * n);
	buf_init(&text);
	json_array_foreach(sources, i, s)
	{
		const char *path = json_string_value(json_object_get(s, "path"));
		struct jy_err ignore;
		if (!path || !*path)
			continue;
		const char *full =
			path[0] == '/' ? path : arena_printf(&m->arena, "%s/%s", dir, path);
		buf_reset(&text);
		if (file_read_all(full, JY_DOCUMENT_BYTES_MAX, &text, &ignore))
			continue;
		long lines = 0;
		for (const char *p = text.data;
		     (p = memchr(p, '\n', text.len - (size_t)(p - text.data))); p++)
			lines++;
		lines += text.len &&
			 text.data[text.len - 1] != '\n'; /* a last line without its end */
		const char *slash = strrchr(path, '/');
		m->docs[m->n_docs++] = (struct model_doc){
			arena_strdup(&m->arena, slash ? slash + 1 : path), lines};
	}
	buf_release(&text);
}

int pkg_read(const char *dir, struct model *m, struct jy_err *err)
{
	if (pkg_is_book(dir))
		return pkg_read_book(dir, m, err);
	return read_folder(dir, m, err);
}

static int read_folder(const char *dir, struct model *m, struct jy_err *err)
{
	struct buf text;
	json_error_t jerr;
	json_t *root, *resources;
	char *dpath = arena_printf(&m->arena, "%s/datapackage.json", dir);
	int rc = 0;

	m->dir = arena_strdup(&m->arena, dir);
	buf_init(&text);
	rc = file_read_all(dpath, JY_DESCRIPTOR_BYTES_MAX, &text, err);
	if (rc) {
		buf_release(&text);
		return rc;
	}
	root = json_loadb(text.data, text.len, JSON_REJECT_DUPLICATES, &jerr);
	if (root && !utf8_is_nfc_quick(text.data, text.len)) {
		/* valid UTF-8 (jansson checked it): its text NFC-normalised, as
		 * every CSV cell is (JSON's own syntax is ASCII and composes with
		 * nothing) */
		struct buf nfc;
		struct jy_err ignore;
		buf_init(&nfc);
		if (utf8_nfc_n(text.data, text.len, &nfc, &ignore) == 0) {
			json_decref(root);
			buf_release(&text);
			text = nfc;
			root = json_loadb(text.data, text.len, JSON_REJECT_DUPLICATES, &jerr);
		} else {
			buf_release(&nfc);
		}
	}
	if (!root) {
		buf_release(&text);
		return jy_err_msg(err, JY_EINPUT, dpath, jerr.line, jerr.column, NULL,
				  M_JSON_INVALID, jerr.text);
	}
	resources = json_object_get(root, "resources");
	if (!json_is_object(root)) {
		rc = jy_err_msg(err, JY_EINPUT, dpath, 1, 1, NULL, M_DESCRIPTOR_OBJECT);
	} else if (!json_is_array(resources)) {
		struct spot at = find_string(text.data, 0, "resources");
		rc = jy_err_msg(err, JY_EINPUT, dpath, at.line, at.col, "resources",
				M_DESCRIPTOR_NO_RESOURCES);
	}
	if (rc) {
		json_decref(root);
		buf_release(&text);
		return rc;
	}
	if (!rc)
		rc = check_resource_list(resources, dpath, text.data, err);
	if (rc) {
		json_decref(root);
		buf_release(&text);
		return rc;
	}
	const char *paths[RES_COUNT];
	int widths[RES_COUNT];
	int n_threads = par_threads();
	struct buf missing; /* every required resource the descriptor lacks */
	buf_init(&missing);
	for (int r = 0; r < RES_COUNT && !rc; r++) {
		const struct resource_def *def = &schema_resources[r];
		json_t *found = NULL;
		size_t i;
		json_t *res;
		json_array_foreach(resources, i, res)
		{
			const char *name = json_string_value(json_object_get(res, "name"));
			if (name && strcmp(name, def->name) == 0)
				found = res;
		}
		paths[r] = NULL; /* absent: an optional resource stays empty */
		widths[r] = 0;
		if (!found) {
			if (schema_resource_required(def))
				buf_addf(&missing, "%s\"%s\"", missing.len ? ", " : "", def->name);
			continue;
		}
		rc = check_resource(found, dpath, text.data, (enum resource_id)r, &widths[r], err);
		if (rc)
			break;
		paths[r] = model_path(m, (enum resource_id)r);
		if (n_threads > 1)
			continue; /* read below, all at once */
		rc = read_resource(m, (enum resource_id)r, paths[r], widths[r], err);
	}
	if (!rc && missing.len) {
		struct spot at = find_string(text.data, 0, "resources");
		rc = jy_err_msg(err, JY_EINPUT, dpath, at.line, at.col, "resources",
				strchr(missing.data, ',') ? M_RES_MISSING_MANY : M_RES_MISSING_ONE,
				missing.data);
	}
	buf_release(&missing);
	if (!rc && n_threads > 1 && read_files_parallel(m, paths, widths, n_threads) != 0) {
		/* again on one thread, for the message of the first problem */
		for (int r = 0; r < RES_COUNT && !rc; r++) {
			if (paths[r])
				rc = read_resource(m, (enum resource_id)r, paths[r], widths[r],
						   err);
		}
	}
	if (!rc)
		read_documents(m, dir, root);
	if (!rc && pkg_cp949_suspect(m))
		rc = pkg_cp949_lost(m, m, err); /* against its files read as UTF-8 */
	if (!rc) {
		json_t *meta = json_deep_copy(root);
		json_object_del(meta, "resources");
		char *s = json_dumps(meta, JSON_PRESERVE_ORDER | JSON_COMPACT);
		m->meta_json = arena_strdup(&m->arena, s);
		free(s);
		json_decref(meta);
	}
	json_decref(root);
	buf_release(&text);
	return rc;
}

/* The columns a table is written with: the schema's, less the trailing
 * ones that may be absent and that no row fills. */
int pkg_table_width(const struct table *t)
{
	int w = schema_fields_min(t->def);
	for (int i = t->def->n_fields - 1; i >= w; i--)
		for (size_t row = 0; row < t->n_rows; row++)
			if (*table_cell(t, row, i))
				return i + 1;
	return w;
}

/* Whether a package written from m has t: an optional resource only when
 * it has rows (as a package without it was read). */
static int pkg_writes(const struct table *t)
{
	return schema_resource_required(t->def) || t->n_rows > 0;
}

static json_t *resource_json(const struct resource_def *def, int width)
{
	json_t *res = json_object();
	json_t *schema = json_object();
	json_t *fields = json_array();
	json_t *fks = json_array();
	int pk_required = 1;

	json_object_set_new(res, "name", json_string(def->name));
	json_object_set_new(res, "path", json_string(def->path));
	json_object_set_new(res, "title", json_string(def->title));
	json_object_set_new(res, "profile", json_string("tabular-data-resource"));
	json_object_set_new(res, "format", json_string("csv"));
	json_object_set_new(res, "mediatype", json_string("text/csv"));
	json_object_set_new(res, "encoding", json_string("utf-8"));
	for (int i = 0; i < width; i++) {
		const struct field_def *f = &def->fields[i];
		json_t *fj = json_object();
		json_t *cons = json_object();
		json_object_set_new(fj, "name", json_string(f->name));
		json_object_set_new(fj, "title", json_string(f->title));
		json_object_set_new(fj, "type", json_string(frictionless_type(f)));
		/* a source is required unless entered figures are written too */
		if (f->required == FIELD_REQUIRED ||
		    (f->required == FIELD_REQUIRED_PRINTED && width == schema_fields_min(def)))
			json_object_set_new(cons, "required", json_true());
		if (f->type == FT_ENUM) {
			json_t *vals = json_array();
			const char *s = f->values;
			while (*s) {
				const char *bar = strchr(s, '|');
				size_t n = bar ? (size_t)(bar - s) : strlen(s);
				json_array_append_new(vals, json_stringn(s, n));
				s += n + (bar ? 1 : 0);
			}
			json_object_set_new(cons, "enum", vals);
		}
		if (f->type == FT_ID)
			json_object_set_new(cons, "pattern", json_string("[a-z0-9][a-z0-9_-]*"));
		if (json_object_size(cons))
			json_object_set_new(fj, "constraints", cons);
		else
			json_decref(cons);
		json_array_append_new(fields, fj);
		if (f->ref) {
			const char *dot = strchr(f->ref, '.');
			size_t rn = (size_t)(dot - f->ref);
			json_t *fk = json_object();
			json_t *ref = json_object();
			int self = strncmp(f->ref, def->name, rn) == 0 && def->name[rn] == '\0';
			json_object_set_new(fk, "fields", json_string(f->name));
			json_object_set_new(ref, "resource",
					    self ? json_string("") : json_stringn(f->ref, rn));
			json_object_set_new(ref, "fields", json_string(dot + 1));
			json_object_set_new(fk, "reference", ref);
			json_array_append_new(fks, fk);
		}
	}
	json_object_set_new(schema, "fields", fields);
	/* Frictionless requires primary key cells to be present; we declare the
	 * key only where all of its fields are required (facts check theirs). */
	for (const char *k = def->primary_key; *k;) {
		const char *comma = strchr(k, ',');
		size_t n = comma ? (size_t)(comma - k) : strlen(k);
		char name[64];
		snprintf(name, sizeof(name), "%.*s", (int)n, k);
		int fi = schema_field_index(def, name);
		if (fi < 0 || !def->fields[fi].required)
			pk_required = 0;
		k += n + (comma ? 1 : 0);
	}
	if (pk_required) {
		json_t *pk = json_array();
		for (const char *k = def->primary_key; *k;) {
			const char *comma = strchr(k, ',');
			size_t n = comma ? (size_t)(comma - k) : strlen(k);
			json_array_append_new(pk, json_stringn(k, n));
			k += n + (comma ? 1 : 0);
		}
		json_object_set_new(schema, "primaryKey", pk);
	}
	if (json_array_size(fks))
		json_object_set_new(schema, "foreignKeys", fks);
	else
		json_decref(fks);
	json_object_set_new(res, "schema", schema);
	return res;
}

/* The descriptor text pkg_write writes (caller frees). */
static char *pkg_descriptor(const struct model *m)
{
	json_t *root = NULL;
	json_t *resources = json_array();
	char *s;

	if (m->meta_json)
		root = json_loads(m->meta_json, 0, NULL);
	if (!json_is_object(root)) {
		json_decref(root);
		root = json_object();
		json_object_set_new(root, "profile", json_string("tabular-data-package"));
		json_object_set_new(root, "name", json_string("jipyo-package"));
	}
	for (int r = 0; r < RES_COUNT; r++)
		if (pkg_writes(&m->tables[r]))
			json_array_append_new(resources,
					      resource_json(&schema_resources[r],
							    pkg_table_width(&m->tables[r])));
	json_object_set_new(root, "resources", resources);
	s = json_dumps(root, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	json_decref(root);
	return s;
}

int pkg_write(const struct model *m, const char *dir, enum pkg_csv_style style, struct jy_err *err)
{
	void (*write_row)(struct buf *, const char *const *, int) =
		style == PKG_CSV_EXCEL ? csv_write_row_excel : csv_write_row;
	struct buf out;
	char path[4096];
	int rc = 0;

	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return jy_err_msg(err, JY_EIO, dir, 0, 0, NULL, M_MKDIR_FAILED, strerror(errno));
	buf_init(&out);
	for (int r = 0; r < RES_COUNT && !rc; r++) {
		const struct table *t = &m->tables[r];
		const char *header[JY_CSV_COLUMNS_MAX];
		int width = pkg_table_width(t);
		if (!pkg_writes(t))
			continue;
		buf_reset(&out);
		if (style == PKG_CSV_EXCEL)
			buf_adds(&out, "\xEF\xBB\xBF"); /* U+FEFF, the byte-order mark */
		for (int i = 0; i < width; i++)
			header[i] = t->def->fields[i].name;
		write_row(&out, header, width);
		for (size_t row = 0; row < t->n_rows; row++) {
			const char *cells[JY_CSV_COLUMNS_MAX];
			for (int k = 0; k < width; k++)
				cells[k] = table_cell(t, row, k);
			write_row(&out, cells, width);
		}
		snprintf(path, sizeof(path), "%s/%s", dir, t->def->path);
		rc = file_write_atomic(path, out.data, out.len, err);
	}
	if (!rc) {
		char *d = pkg_descriptor(m);
		buf_reset(&out);
		buf_adds(&out, d);
		buf_addc(&out, '\n');
		free(d);
		snprintf(path, sizeof(path), "%s/datapackage.json", dir);
		rc = file_write_atomic(path, out.data, out.len, err);
	}
	buf_release(&out);
	return rc;
}
