/*
 * print.c - findings as a terminal table or as JSON lines (see check.h).
 */
#include <assert.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/kdate.h"
#include "base/knum.h"
#include "base/mem.h"
#include "base/msg.h"
#include "base/utf8.h"
#include "check.h"

static const char *sev_name(enum severity s)
{
	return s == SEV_ERROR ? "error" : "warning";
}

/* The severity as the table shows it, in the locale's language (JSON keeps
 * sev_name). */
static const char *sev_word(enum severity s)
{
	return msg(s == SEV_ERROR ? M_ERROR : M_CHECK_WARNING);
}

/* "FILE:93, 95, 96" — the file name once per run of sources from it. */
static void add_sources(const struct check_result *res, const struct finding *f, struct buf *b)
{
	const char **list;
	size_t n = check_sources(res, f, &list);
	const char *last_file = NULL;
	size_t last_len = 0;

	for (size_t i = 0; i < n; i++) {
		const char *src = list[i];
		const char *colon = strrchr(src, ':');
		size_t flen = colon ? (size_t)(colon - src) : strlen(src);
		if (last_file && colon && flen == last_len && strncmp(src, last_file, flen) == 0) {
			buf_adds(b, ", ");
			buf_adds(b, colon + 1);
			continue;
		}
		if (b->len)
			buf_adds(b, "; ");
		buf_adds(b, src);
		last_file = src;
		last_len = flen;
	}
	free(list);
}

/* A bound's sides as they are: "좌변 4.34, 우변 5: 좌변 >= 우변이어야 함". */
static void sides_line(const struct finding *f, struct buf *out)
{
	struct buf l, r;
	buf_init(&l);
	buf_init(&r);
	check_format_value(f, 0, &l);
	check_format_value(f, 1, &r);
	buf_reset(out);
	msg_add(out, M_CHECK_SIDES, l.data, r.data, f->relation);
	buf_release(&l);
	buf_release(&r);
}

/* Prints a line (fmt ends in its line end) whose data may hold anything:
 * every control character in it, line ends too, is made visible (see
 * utf8_add_visible), so a message cannot drive the terminal. */
static void __attribute__((format(printf, 2, 3))) put_visible(FILE *out, const char *fmt, ...)
{
	struct buf line, shown;
	va_list ap;

	buf_init(&line);
	buf_init(&shown);
	va_start(ap, fmt);
	buf_vaddf(&line, fmt, ap);
	va_end(ap);
	assert(line.len && line.data[line.len - 1] == '\n');
	line.data[--line.len] = '\0';
	utf8_add_visible(&shown, line.data);
	buf_addc(&shown, '\n');
	fputs(shown.data, out);
	buf_release(&line);
	buf_release(&shown);
}

/* An indented line of the message id, made visible as put_visible does. */
static void put_visible_msg(FILE *out, enum msg_id id, ...)
{
	struct buf line;
	va_list ap;

	buf_init(&line);
	va_start(ap, id);
	buf_vaddf(&line, msg(id), ap);
	va_end(ap);
	put_visible(out, "    %s\n", line.data);
	buf_release(&line);
}

/* Appends cells [from, to) padded to their widths, two spaces apart, with
 * the line's trailing blanks dropped; numbers (columns 2 on) to the right. */
static void add_cells(struct buf *line, struct buf *cell, const int *width, int from, int to)
{
	for (int i = from; i < to; i++) {
		buf_add_padded(line, cell[i].data, width[i], i >= 2);
		if (i + 1 < to)
			buf_adds(line, "  ");
	}
	while (line->len && line->data[line->len - 1] == ' ')
		line->data[--line->len] = '\0';
	buf_addc(line, '\n');
}

void check_print_table(const struct check_result *res, FILE *out, check_labeller label, void *ctx)
{
	check_print_table_term(res, out, 0, 0, label, ctx);
}

const struct target *check_where_target(const struct finding *f)
{
	for (size_t t = 0; t < f->n_targets; t++)
		if (f->targets[t].role == ROLE_STATED)
			return &f->targets[t];
	return f->n_targets ? &f->targets[0] : NULL;
}

/* The where column: the target by label; a finding with none keeps its
 * expression. */
static void where_cell(const struct finding *f, check_labeller label, void *ctx, struct buf *b)
{
	const struct target *t = check_where_target(f);
	struct buf l;

	assert(label);
	buf_init(&l);
	if (t)
		label(ctx, t, &l);
	utf8_add_visible(b, l.len ? l.data : f->expr ? f->expr : "");
	buf_release(&l);
}

/* The severity at the start of line, in red or yellow (the rest as it is). */
static void put_coloured(FILE *out, const char *line, enum severity sev)
{
	size_t n = strlen(sev_word(sev));
	fprintf(out, "\033[%sm%.*s\033[0m%s", sev == SEV_ERROR ? "31" : "33", (int)n, line,
		line + n);
}

void check_print_table_term(const struct check_result *res, FILE *out, int cols, int colour,
			    check_labeller label, void *ctx)
{
	const char *head[] = {msg(M_CHECK_HEAD_SEVERITY), msg(M_CHECK_HEAD_WHERE),
			      msg(M_CHECK_HEAD_STATED), msg(M_CHECK_HEAD_COMPUTED),
			      msg(M_CHECK_HEAD_DELTA)};
	enum { NCOL = 5, WHERE = 1, NUM = 2 };
	int width[NCOL];
	struct buf cell[NCOL], line, tmp;

	for (int i = 0; i < NCOL; i++) {
		width[i] = utf8_display_width(head[i]);
		buf_init(&cell[i]);
	}
	buf_init(&line);
	buf_init(&tmp);
	/* First pass: widths. */
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1 && cols > 0) { /* the where column gives way to the terminal */
			int rest = 2 * NCOL;
			for (int i = 0; i < NCOL; i++)
				rest += i == WHERE ? 0 : width[i];
			int room = cols - rest > 10 ? cols - rest : 10;
			if (width[WHERE] > room)
				width[WHERE] = room;
		}
		if (pass == 1) {
			buf_reset(&line);
			for (int i = 0; i < NCOL; i++) {
				buf_reset(&cell[i]);
				buf_adds(&cell[i], head[i]);
			}
			add_cells(&line, cell, width, 0, NCOL);
			for (int i = 0; i < NCOL; i++) {
				buf_reset(&cell[i]);
				for (int k = 0; k < width[i]; k++)
					buf_addc(&cell[i], '-');
			}
			add_cells(&line, cell, width, 0, NCOL);
			fputs(line.data, out);
		}
		for (size_t n = 0; n < res->n_findings; n++) {
			const struct finding *f = &res->findings[n];
			for (int i = 0; i < NCOL; i++)
				buf_reset(&cell[i]);
			buf_adds(&cell[0], sev_word(f->severity));
			where_cell(f, label, ctx, &cell[WHERE]);
			for (int v = 0; f->has_values && v < 3; v++) {
				check_format_value(f, v, &tmp);
				buf_adds(&cell[NUM + v], tmp.data);
			}
			int where_w = utf8_display_width(cell[WHERE].data);
			if (pass == 0) {
				for (int i = 0; i < NCOL; i++) {
					int w = i == WHERE ? where_w
							   : utf8_display_width(cell[i].data);
					/* a "where" with no numbers after it sets no width */
					if (i == WHERE &&
					    (!f->has_values ||
					     w > (cols > 0 ? cols : JY_TERM_WHERE_COLS)))
						continue;
					if (w > width[i])
						width[i] = w;
				}
				continue;
			}
			buf_reset(&line);
			if (where_w <= width[WHERE] || !f->has_values) {
				add_cells(&line, cell, width, 0, NCOL);
			} else { /* too wide: on a line of its own, the numbers below */
				int indent = 0;
				add_cells(&line, cell, width, 0, WHERE + 1);
				for (int i = 0; i <= WHERE; i++)
					indent += width[i] + 2;
				for (int k = 0; k < indent; k++)
					buf_addc(&line, ' ');
				add_cells(&line, cell, width, WHERE + 1, NCOL);
			}
			if (colour)
				put_coloured(out, line.data, f->severity);
			else
				fputs(line.data, out);
			/* the rule's message in the locale's language (its Korean
			 * when it has no English) */
			check_message(f, !msg_korean(), &tmp);
			if (!tmp.len)
				check_message(f, 0, &tmp);
			put_visible(out, "    %s\n", tmp.data);
			if (f->has_values && f->left_right) {
				sides_line(f, &tmp);
				put_visible(out, "    %s\n", tmp.data);
			}
			buf_reset(&tmp);
			add_sources(res, f, &tmp);
			if (tmp.len)
				put_visible_msg(out, M_CHECK_SOURCES, tmp.data);
			check_explanation(res, f, msg_korean() ? CHECK_KO : CHECK_EN, &tmp);
			if (tmp.len)
				put_visible(out, "    %s\n", tmp.data);
			for (size_t s = 0; s < f->n_targets; s++) {
				const struct target *t = &f->targets[s];
				long fi = t->role == ROLE_SUSPECT ? check_target_index(res, t) : -1;
				if (fi < 0)
					continue;
				const struct fact_info *fa = &res->fs.facts[fi];
				struct buf fix;
				buf_init(&fix);
				knum_format_grouped(t->fix, &fix);
				buf_reset(&tmp);
				label(ctx, t, &tmp);
				put_visible_msg(out, M_CHECK_SUSPECT, tmp.data,
						fact_printed(&res->fs, fa), t->source, fix.data);
				buf_release(&fix);
			}
		}
	}
	fputc('\n', out);
	msg_print(out, M_CHECK_SUMMARY, res->errors, res->warnings, res->rules_evaluated,
		  res->fs.n_facts);
	fputc('\n', out);
	for (int i = 0; i < NCOL; i++)
		buf_release(&cell[i]);
	buf_release(&line);
	buf_release(&tmp);
}

static const char *const target_types[] = {"fact", "milestone", "field", "span"};
static const char *const target_roles[] = {"stated", "read", "suspect", "left-out"};

static json_t *target_json(const struct check_result *res, const struct target *t)
{
	json_t *o = json_object();
	char v[32];
	json_object_set_new(o, "type", json_string(target_types[t->type]));
	json_object_set_new(o, "role", json_string(target_roles[t->role]));
	switch (t->type) {
	case TARGET_FACT: {
		json_object_set_new(o, "measure", json_string(t->fact.measure));
		json_object_set_new(o, "coords", json_string(t->fact.coords));
		json_object_set_new(o, "period", json_string(t->fact.period));
		json_object_set_new(o, "kind", json_string(t->fact.kind));
		json_object_set_new(o, "table", json_string(t->fact.table));
		long fi = check_target_index(res, t);
		if (fi >= 0)
			json_object_set_new(
				o, "printed",
				json_string(fact_printed(&res->fs, &res->fs.facts[fi])));
		break;
	}
	case TARGET_MILESTONE:
	case TARGET_FIELD:
		json_object_set_new(o, "node", json_string(t->node));
		json_object_set_new(o, "seq", json_string(t->seq));
		break;
	case TARGET_SPAN:
		json_object_set_new(o, "resource", json_string(schema_resources[t->res].name));
		json_object_set_new(o, "text", json_string(t->text));
		json_object_set_new(o, "offset", json_integer((json_int_t)t->offset));
		json_object_set_new(o, "length", json_integer((json_int_t)t->length));
		break;
	}
	json_object_set_new(o, "source", json_string(t->source ? t->source : ""));
	if (t->has_fix)
		json_object_set_new(o, "fix", json_string(dec_str(t->fix, v)));
	return o;
}

void check_print_json(const struct check_result *res, FILE *out)
{
	struct buf t;
	buf_init(&t);
	for (size_t n = 0; n < res->n_findings; n++) {
		const struct finding *f = &res->findings[n];
		json_t *o = json_object();
		json_t *sources = json_array();
		char v[32];
		json_object_set_new(o, "rule", json_string(f->rule));
		json_object_set_new(o, "kind", json_string(check_kind_name(f->kind)));
		json_object_set_new(o, "severity", json_string(sev_name(f->severity)));
		check_message(f, 0, &t);
		json_object_set_new(o, "message", json_string(t.data));
		check_message(f, 1, &t);
		json_object_set_new(o, "message_en", json_string(t.data));
		json_object_set_new(o, "where", json_string(f->expr ? f->expr : ""));
		if (f->has_values && f->dates) {
			check_format_value(f, 0, &t);
			json_object_set_new(o, "stated", json_string(t.data));
			check_format_value(f, 1, &t);
			json_object_set_new(o, "computed", json_string(t.data));
			json_object_set_new(o, "delta", json_string(dec_str(f->delta, v)));
			json_object_set_new(o, "delta_unit", json_string("days"));
		} else if (f->has_values) {
			json_object_set_new(o, "stated", json_string(dec_str(f->stated, v)));
			json_object_set_new(o, "computed", json_string(dec_str(f->computed, v)));
			json_object_set_new(o, "delta", json_string(dec_str(f->delta, v)));
		} else {
			json_object_set_new(o, "stated", json_null());
			json_object_set_new(o, "computed", json_null());
			json_object_set_new(o, "delta", json_null());
		}
		const char **list;
		size_t n_src = check_sources(res, f, &list);
		for (size_t i = 0; i < n_src; i++)
			json_array_append_new(sources, json_string(list[i]));
		free(list);
		json_object_set_new(o, "sources", sources);
		check_explanation(res, f, CHECK_BOTH, &t);
		if (t.len)
			json_object_set_new(o, "explanation", json_string(t.data));
		json_t *sus = json_array();
		for (size_t s = 0; s < f->n_targets; s++) {
			const struct target *tg = &f->targets[s];
			long fi = tg->role == ROLE_SUSPECT ? check_target_index(res, tg) : -1;
			if (fi < 0)
				continue;
			const struct fact_info *fa = &res->fs.facts[fi];
			json_t *so = json_object();
			json_object_set_new(so, "coords", json_string(fact_coords(&res->fs, fa)));
			json_object_set_new(so, "period", json_string(fact_period(&res->fs, fa)));
			json_object_set_new(so, "printed", json_string(fact_printed(&res->fs, fa)));
			json_object_set_new(so, "source", json_string(fact_source(&res->fs, fa)));
			json_object_set_new(so, "suggested", json_string(dec_str(tg->fix, v)));
			json_array_append_new(sus, so);
		}
		if (json_array_size(sus))
			json_object_set_new(o, "suspects", sus);
		else
			json_decref(sus);
		/* added fields: as printed, and the targets as data */
		if (f->has_values) {
			json_object_set_new(o, "relation", json_string(f->relation));
			json_object_set_new(
				o, "sides",
				json_string(f->left_right ? "left-right" : "stated-computed"));
			const char *names[] = {"stated_text", "computed_text", "delta_text"};
			for (int k = 0; k < 3; k++) {
				check_format_value(f, k, &t);
				json_object_set_new(o, names[k], json_string(t.data));
			}
		}
		json_t *targets = json_array();
		for (size_t s = 0; s < f->n_targets; s++)
			json_array_append_new(targets, target_json(res, &f->targets[s]));
		json_object_set_new(o, "targets", targets);
		char *js = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
		fprintf(out, "%s\n", js);
		free(js);
		json_decref(o);
	}
	buf_release(&t);
}
