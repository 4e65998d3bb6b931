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
#include "base/utf8.h"
#include "check.h"

static const char *sev_name(enum severity s)
{
	return s == SEV_ERROR ? "error" : "warning";
}

/* Every source of a finding once, in order: its facts' and then its own
 * ("FILE:LINE;FILE:LINE"). Strings are borrowed or kept in res's arena. */
static size_t finding_sources(const struct check_result *res, const struct finding *f,
			      const char ***out)
{
	size_t n = 0, cap = f->n_facts + 8;
	const char **list = xmalloc(sizeof(*list) * cap);

	for (size_t i = 0; i < f->n_facts; i++)
		list[n++] = fact_source(&res->fs, &res->fs.facts[f->facts[i]]);
	for (const char *p = f->source ? f->source : ""; *p;) {
		const char *semi = strchr(p, ';');
		size_t len = semi ? (size_t)(semi - p) : strlen(p);
		if (len) {
			XGROW(list, cap, n + 1);
			list[n++] = arena_strndup((struct arena *)&res->arena, p, len);
		}
		p += len + (semi ? 1 : 0);
	}
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		int dup = 0;
		for (size_t k = 0; k < kept && !dup; k++)
			dup = strcmp(list[k], list[i]) == 0;
		if (!dup)
			list[kept++] = list[i];
	}
	*out = list;
	return kept;
}

/* "FILE:93, 95, 96" — the file name once per run of sources from it. */
static void add_sources(const struct check_result *res, const struct finding *f, struct buf *b)
{
	const char **list;
	size_t n = finding_sources(res, f, &list);
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

static void grouped(struct dec d, struct buf *out)
{
	buf_reset(out);
	knum_format_grouped(d, out);
}

/* A finding's value: a number, or a day number shown as "2025-11-30". */
static void value_text(const struct finding *f, struct dec d, int is_delta, struct buf *out)
{
	if (!f->dates || d.scale != 0) {
		grouped(d, out);
		return;
	}
	buf_reset(out);
	if (is_delta) {
		buf_addf(out, "%lld일", (long long)d.coef);
		return;
	}
	struct kdate k = kdate_from_daynum((long)d.coef);
	buf_addf(out, "%04d-%02d-%02d", k.year, k.month, k.day);
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

/* Appends cells [from, to) padded to their widths, two spaces apart, with
 * the line's trailing blanks dropped; numbers (columns 3 on) to the right. */
static void add_cells(struct buf *line, struct buf *cell, const int *width, int from, int to)
{
	for (int i = from; i < to; i++) {
		buf_add_padded(line, cell[i].data, width[i], i >= 3);
		if (i + 1 < to)
			buf_adds(line, "  ");
	}
	while (line->len && line->data[line->len - 1] == ' ')
		line->data[--line->len] = '\0';
	buf_addc(line, '\n');
}

void check_print_table(const struct check_result *res, FILE *out)
{
	const char *head[] = {"심각도 severity", "규칙 rule",	  "위치 where",
			      "명시 stated",	 "계산 computed", "차이 delta"};
	enum { NCOL = 6, WHERE = 2 };
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
			buf_adds(&cell[0], sev_name(f->severity));
			utf8_add_visible(&cell[1], f->rule);
			utf8_add_visible(&cell[WHERE], f->expr ? f->expr : "");
			if (f->has_values) {
				value_text(f, f->stated, 0, &tmp);
				buf_adds(&cell[3], tmp.data);
				value_text(f, f->computed, 0, &tmp);
				buf_adds(&cell[4], tmp.data);
				value_text(f, f->delta, 1, &tmp);
				buf_adds(&cell[5], tmp.data);
			}
			int where_w = utf8_display_width(cell[WHERE].data);
			if (pass == 0) {
				for (int i = 0; i < NCOL; i++) {
					int w = i == WHERE ? where_w
							   : utf8_display_width(cell[i].data);
					/* a "where" with no numbers after it sets no width */
					if (i == WHERE &&
					    (!f->has_values || w > JY_TERM_WHERE_COLS))
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
			fputs(line.data, out);
			put_visible(out, "    %s / %s\n", f->message_ko,
				    f->message_en ? f->message_en : "");
			buf_reset(&tmp);
			add_sources(res, f, &tmp);
			if (tmp.len)
				put_visible(out, "    sources: %s\n", tmp.data);
			if (f->explanation)
				put_visible(out, "    %s\n", f->explanation);
			for (size_t s = 0; s < f->n_suspects; s++) {
				const struct fact_info *fi = &res->fs.facts[f->suspects[s].fact];
				char v[32];
				put_visible(
					out,
					"    suspect: %s printed %s at %s; %s satisfies its row "
					"and column\n",
					fact_coords(&res->fs, fi), fact_printed(&res->fs, fi),
					fact_source(&res->fs, fi),
					dec_str(f->suspects[s].suggested, v));
			}
		}
	}
	fprintf(out,
		"\n%d error(s), %d warning(s); %zu rule instance(s) evaluated over %zu fact(s)\n",
		res->errors, res->warnings, res->rules_evaluated, res->fs.n_facts);
	for (int i = 0; i < NCOL; i++)
		buf_release(&cell[i]);
	buf_release(&line);
	buf_release(&tmp);
}

void check_print_json(const struct check_result *res, FILE *out)
{
	for (size_t n = 0; n < res->n_findings; n++) {
		const struct finding *f = &res->findings[n];
		json_t *o = json_object();
		json_t *sources = json_array();
		char v[32];
		json_object_set_new(o, "rule", json_string(f->rule));
		json_object_set_new(o, "kind", json_string(f->kind));
		json_object_set_new(o, "severity", json_string(sev_name(f->severity)));
		json_object_set_new(o, "message", json_string(f->message_ko));
		json_object_set_new(o, "message_en",
				    json_string(f->message_en ? f->message_en : ""));
		json_object_set_new(o, "where", json_string(f->expr ? f->expr : ""));
		if (f->has_values && f->dates) {
			struct buf t;
			buf_init(&t);
			value_text(f, f->stated, 0, &t);
			json_object_set_new(o, "stated", json_string(t.data));
			value_text(f, f->computed, 0, &t);
			json_object_set_new(o, "computed", json_string(t.data));
			json_object_set_new(o, "delta", json_string(dec_str(f->delta, v)));
			json_object_set_new(o, "delta_unit", json_string("days"));
			buf_release(&t);
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
		size_t n_src = finding_sources(res, f, &list);
		for (size_t i = 0; i < n_src; i++)
			json_array_append_new(sources, json_string(list[i]));
		free(list);
		json_object_set_new(o, "sources", sources);
		if (f->explanation)
			json_object_set_new(o, "explanation", json_string(f->explanation));
		if (f->n_suspects) {
			json_t *sus = json_array();
			for (size_t s = 0; s < f->n_suspects; s++) {
				const struct fact_info *fi = &res->fs.facts[f->suspects[s].fact];
				json_t *so = json_object();
				json_object_set_new(so, "coords",
						    json_string(fact_coords(&res->fs, fi)));
				json_object_set_new(so, "period",
						    json_string(fact_period(&res->fs, fi)));
				json_object_set_new(so, "printed",
						    json_string(fact_printed(&res->fs, fi)));
				json_object_set_new(so, "source",
						    json_string(fact_source(&res->fs, fi)));
				json_object_set_new(
					so, "suggested",
					json_string(dec_str(f->suspects[s].suggested, v)));
				json_array_append_new(sus, so);
			}
			json_object_set_new(o, "suspects", sus);
		}
		char *s = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
		fprintf(out, "%s\n", s);
		free(s);
		json_decref(o);
	}
}
